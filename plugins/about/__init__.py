"""About the association: 会长致辞 (with photo), 大事记 (a timeline from a data file) and the
footer row of official account QR codes (公众号, 视频号, 微博)."""


def register():
    # Imported here: settings and model are pure and used by ``invoke check``.
    from pelican import signals

    from .generator import get_generators

    signals.get_generators.connect(get_generators)
