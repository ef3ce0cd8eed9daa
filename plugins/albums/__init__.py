"""校友影像: photo albums with a keyboard-accessible lightbox (plain image links without JavaScript).

A registered section (``section.py``, listed in plugins/site/sections.py): no Pelican plugin of its own.
"""
