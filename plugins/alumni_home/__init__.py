"""校友之家: a gallery of donated objects and alumni memories with old photos."""

from pelican import signals

from .generator import get_generators


def register():
    signals.get_generators.connect(get_generators)
