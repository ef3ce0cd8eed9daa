"""News: YAML-front-matter articles, validated, with related and neighbouring articles."""


def register():
    # Imported here: pure modules of this package (model, settings) are used by
    # ``invoke check`` and pelicanconf.py without loading Pelican's generators.
    from pelican import signals

    from .generator import add_reader, finalize_articles, get_generators, taxonomy_lists

    signals.readers_init.connect(add_reader)
    signals.article_generator_pretaxonomy.connect(taxonomy_lists)
    signals.article_generator_finalized.connect(finalize_articles)
    signals.get_generators.connect(get_generators)
