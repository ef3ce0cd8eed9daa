"""College alumni columns (学院校友工作专栏): one Markdown file per college, the ids every section names.

A registered section (``section.py``, listed in plugins/site/sections.py): no Pelican plugin of its own.
"""
