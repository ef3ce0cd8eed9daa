"""News: YAML-front-matter articles, validated, with related and neighbouring articles."""

from pelican import signals

from .generator import add_reader, finalize_articles, get_generators


def register():
    signals.readers_init.connect(add_reader)
    signals.article_generator_finalized.connect(finalize_articles)
    signals.get_generators.connect(get_generators)
