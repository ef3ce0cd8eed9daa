"""Stable URLs: redirects from content/redirects.yml, output/urls.txt and the URL lock."""


def register():
    # Imported here: pure modules of this package (model, settings) are used by
    # ``invoke check`` and pelicanconf.py without loading Pelican's generators.
    from pelican import signals

    from .generator import finalize_last

    signals.all_generators_finalized.connect(finalize_last)
