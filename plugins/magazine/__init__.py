"""校友刊物: the archive of the alumni magazine (cover, table of contents, the PDF from our site)."""


def register():
    # Imported here: settings and model are pure and used by ``invoke check``.
    from pelican import signals

    from .generator import get_generators

    signals.get_generators.connect(get_generators)
