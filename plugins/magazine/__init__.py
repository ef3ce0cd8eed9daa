"""校友刊物: the archive of the alumni magazine (cover, table of contents, the PDF from our site).

A registered section (``section.py``, listed in plugins/site/sections.py): no Pelican plugin of its own.
"""
