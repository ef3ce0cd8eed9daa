"""Donations (校友捐赠): projects, gift records, donor wall and giving statistics.

A registered section (``section.py``, listed in plugins/site/sections.py): no Pelican plugin of its own.
"""
