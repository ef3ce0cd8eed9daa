"""Versioned static JSON for the WeChat mini-program (``/api/v1/``): issue 13's data API.

A registered section (``section.py``, listed in plugins/site/sections.py): no Pelican plugin of its own.
"""
