"""校友服务: the entry grid on the home page and the /services/ page.

Each entry (信息登记, 返校预约, 校友卡 …) is an icon and a link from the
``ALUMNI_SERVICES`` setting; an entry without a link is not shown.  The
site links to the university's own (secure, https) forms and collects nothing.

A registered section (``section.py``, listed in plugins/site/sections.py): no Pelican plugin of its own.
"""
