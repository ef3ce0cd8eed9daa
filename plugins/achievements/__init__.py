"""Alumni achievements (校友风采 / 杰出校友): profiles with privacy-safe photos.

A registered section (``section.py``, listed in plugins/site/sections.py): no Pelican plugin of its own.
"""
