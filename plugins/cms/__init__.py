"""The web editor (``/admin/``): Decap CMS with a configuration generated from the schema."""


def register():
    # Imported here: the pure model is used by tests and tools without Pelican's generators.
    from pelican import signals

    from .generator import get_generators

    signals.get_generators.connect(get_generators)
