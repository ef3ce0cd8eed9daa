"""Versioned static JSON for the WeChat mini-program (``/api/v1/``): issue 13's data API."""

from pelican import signals

from .generator import get_generators


def register():
    signals.get_generators.connect(get_generators)
