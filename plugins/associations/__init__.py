"""Alumni associations (校友会): directory, Shandong coverage map, honour rolls.

A registered section (``section.py``, listed in plugins/site/sections.py): no Pelican plugin of its own.
"""
