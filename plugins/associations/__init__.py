"""Alumni associations (校友会): directory, Shandong coverage map, honour rolls."""

from pelican import signals

from .generator import get_generators


def register():
    signals.get_generators.connect(get_generators)
