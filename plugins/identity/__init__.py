"""Site identity (SITE_IDENTITY): name, emblem, motto, brand palette, hero photo, publish guard.

``settings.py`` declares the setting, ``palette.py`` derives the colours with
AA contrast kept, ``guard.py`` refuses a publication that still carries sample
content; ``generator.py`` is the only Pelican adapter.
"""


def register():
    # Imported here: pure modules of this package (model, settings) are used by
    # ``invoke check`` and pelicanconf.py without loading Pelican's generators.
    from pelican import signals

    from .generator import get_generators

    signals.get_generators.connect(get_generators)
