"""校友之家: a gallery of donated objects and alumni memories with old photos.

A registered section (``section.py``, listed in plugins/site/sections.py): no Pelican plugin of its own.
"""
