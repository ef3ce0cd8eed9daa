"""WeChat: landing-page metadata (Open Graph, JSON-LD, QR code) and the 公众号 export.

A registered section (:mod:`plugins.wechat.section`, listed in
``plugins/site/sections.py``): no Pelican plugin of its own.
"""
