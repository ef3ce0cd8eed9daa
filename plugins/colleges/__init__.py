"""College alumni columns (学院校友工作专栏): one Markdown file per college."""

from pelican import signals

from .generator import get_generators


def register():
    signals.get_generators.connect(get_generators)
