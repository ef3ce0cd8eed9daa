"""校友服务: the entry grid on the home page and the /services/ page.

Each entry (信息登记, 返校预约, 校友卡 …) is an icon and a link from the
``ALUMNI_SERVICES`` setting; an entry without a link is not shown.  The
site links to the university's own (secure, https) forms and collects nothing.
"""


def register():
    # Imported here: settings and model are pure and used by ``invoke check``.
    from pelican import signals

    from .generator import get_generators

    signals.get_generators.connect(get_generators)
