"""Standing pages (校友会简介、章程、组织机构、联系我们、信息登记、终身学习) as Pelican pages."""

from pelican import signals

from .generator import add_reader, get_generators


def register():
    signals.readers_init.connect(add_reader)
    signals.get_generators.connect(get_generators)
