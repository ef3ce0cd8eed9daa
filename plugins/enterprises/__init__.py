"""Alumni enterprises (校友企业) and their job posts (校友企业招聘)."""

from pelican import signals

from .generator import get_generators


def register():
    signals.get_generators.connect(get_generators)
