"""College alumni columns (学院校友工作专栏): one Markdown file per college."""


def register():
    # Imported here: pure modules of this package (model, settings) are used by
    # ``invoke check`` and pelicanconf.py without loading Pelican's generators.
    from pelican import signals

    from .generator import get_generators

    signals.get_generators.connect(get_generators)
