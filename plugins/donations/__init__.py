"""Donations (校友捐赠): projects, gift records, donor wall and giving statistics."""

from pelican import signals

from .generator import get_generators


def register():
    signals.get_generators.connect(get_generators)
