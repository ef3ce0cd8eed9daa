"""Fingerprinted theme assets, so WeChat's cache never serves a stale stylesheet."""

from pelican import signals

from .generator import add_global, write_fingerprinted


def register():
    signals.generator_init.connect(add_global)
    signals.finalized.connect(write_fingerprinted)
