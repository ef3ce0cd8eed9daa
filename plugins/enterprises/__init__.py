"""Alumni enterprises (校友企业) and their job posts (校友企业招聘).

A registered section (``section.py``, listed in plugins/site/sections.py): no Pelican plugin of its own.
"""
