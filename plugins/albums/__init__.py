"""校友影像: photo albums with a keyboard-accessible lightbox (plain image links without JavaScript)."""


def register():
    # Imported here: settings and model are pure and used by ``invoke check``.
    from pelican import signals

    from .generator import get_generators

    signals.get_generators.connect(get_generators)
