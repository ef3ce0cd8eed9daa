"""Site identity (SITE_IDENTITY): name, emblem, motto, brand palette, hero photo, publish guard.

``settings.py`` declares the setting, ``palette.py`` derives the colours with
AA contrast kept, ``guard.py`` refuses a publication that still carries sample
content; ``generator.py`` is the only Pelican adapter.
"""

from pelican import signals

from .generator import get_generators


def register():
    signals.get_generators.connect(get_generators)
