"""校友之家: a gallery of donated objects and alumni memories with old photos."""


def register():
    # Imported here: pure modules of this package (model, settings) are used by
    # ``invoke check`` and pelicanconf.py without loading Pelican's generators.
    from pelican import signals

    from .generator import get_generators

    signals.get_generators.connect(get_generators)
