"""Standing pages (校友会简介、章程、组织机构、联系我们、信息登记、终身学习): a registered section.

Everything is in :mod:`plugins.standing_pages.section` (registered in
plugins/site/sections.py); Pelican's own PagesGenerator reads nothing
(``PAGE_PATHS = []``), so this package has no Pelican plugin to register.
"""
