"""Alumni achievements (校友风采 / 杰出校友): profiles with privacy-safe photos."""

from pelican import signals

from .generator import get_generators


def register():
    signals.get_generators.connect(get_generators)
