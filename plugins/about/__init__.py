"""About the association: 会长致辞 (with photo), 大事记 (a timeline from a data file) and the
footer row of official account QR codes (公众号, 视频号, 微博).

A registered section (``section.py``, listed in plugins/site/sections.py): no Pelican plugin of its own.
"""
