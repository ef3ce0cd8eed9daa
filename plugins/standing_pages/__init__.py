"""Standing pages (校友会简介、章程、组织机构、联系我们、信息登记、终身学习) as Pelican pages."""


def register():
    # Imported here: pure modules of this package (model, settings) are used by
    # ``invoke check`` and pelicanconf.py without loading Pelican's generators.
    from pelican import signals

    from .generator import add_reader, get_generators

    signals.readers_init.connect(add_reader)
    signals.get_generators.connect(get_generators)
