"""The content graph: loaded once, before any generator, and shared through the context.

``wfu.build`` loads the graph (:func:`plugins.site.loader.load_site`), stops
on any error, and passes it in the settings as ``SITE_GRAPH``; a plain
``pelican`` run loads it here.  Every generator then finds it as
``context["site"]``, and every page a section writes from a content file is
registered so that ``{filename}`` links to it resolve, whatever the order of
``PLUGINS``.  Images are published from the graph's list (referenced images
only, re-encoded without metadata), not by Pelican's static copy.  Article
pages whose inputs did not change since the last build are copied from it
(:mod:`plugins.site.incremental`).
"""


def register():
    # Imported here: pure modules of this package (model, settings) are used by
    # ``invoke check`` and pelicanconf.py without loading Pelican's generators.
    from pelican import signals

    from .adapter import (
        attach_graph,
        get_generators,
        keep_static_for_links_only,
        load_graph,
        share_compiled_templates,
    )
    from .incremental import plan_reuse
    from .parallel import split_output
    from .sections_generator import get_generators as section_generators

    signals.initialized.connect(load_graph)
    signals.generator_init.connect(attach_graph)
    signals.generator_init.connect(share_compiled_templates)
    signals.static_generator_finalized.connect(keep_static_for_links_only)
    signals.all_generators_finalized.connect(plan_reuse)
    signals.all_generators_finalized.connect(split_output)
    signals.get_generators.connect(get_generators)  # publishes the images pages use
    signals.get_generators.connect(section_generators)  # every registered section's views and pages
