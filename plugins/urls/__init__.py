"""Stable URLs: redirects from content/redirects.yml, output/urls.txt and the URL lock."""

from pelican import signals

from .generator import finalize


def register():
    signals.finalized.connect(finalize)
