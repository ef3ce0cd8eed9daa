"""Fingerprinted theme assets, so WeChat's cache never serves a stale stylesheet."""


def register():
    # Imported here: pure modules of this package (model, settings) are used by
    # ``invoke check`` and pelicanconf.py without loading Pelican's generators.
    from pelican import signals

    from .generator import add_global, get_generators

    signals.generator_init.connect(add_global)
    signals.get_generators.connect(get_generators)
