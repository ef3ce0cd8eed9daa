"""The content graph: loaded once per build, before any generator, and shared through the context.

``wfu.build`` loads the graph (:func:`plugins.site.loader.load_site`), stops
on any error, and hands it to Pelican in one frozen build context
(:mod:`plugins.site.buildcontext`: graph, day, output memo), never in the
settings; a plain ``pelican`` run loads it here when the run starts.  Every
generator then finds it as ``context["build"]`` (its one context key), the
``.md`` readers are bound to it before they read,
and every page a section writes from a content file is
registered so that ``{filename}`` links to it resolve, whatever the order of
``PLUGINS``.  Images are published from the graph's list (referenced images
only, re-encoded without metadata), not by Pelican's static copy.  Article
pages whose inputs did not change since the last build are copied from it
(:mod:`plugins.site.incremental`) by the build's writer (:mod:`plugins.site.writer`).
"""


def register():
    # Imported here: pure modules of this package (model, settings) are used by
    # ``invoke check`` and pelicanconf.py without loading Pelican's generators.
    from pelican import signals

    from .adapter import (
        bind_readers,
        get_generators,
        get_writer,
        keep_static_for_links_only,
        plan_output,
        share_compiled_templates,
    )
    from .parallel import split_output
    from .prerender import start_prerender, stop_prerender

    signals.article_generator_preread.connect(bind_readers)
    # A build without the body cache renders bodies on the second core while Pelican reads.
    signals.article_generator_preread.connect(start_prerender)
    signals.article_generator_finalized.connect(stop_prerender)
    signals.page_generator_preread.connect(bind_readers)
    signals.generator_init.connect(share_compiled_templates)
    signals.static_generator_finalized.connect(keep_static_for_links_only)
    signals.all_generators_finalized.connect(plan_output)
    signals.all_generators_finalized.connect(split_output)
    # The build context first, the images pages use, every registered section's views and pages.
    signals.get_generators.connect(get_generators)
    # Copies unchanged article pages and news lists (plugins.site.writer), renders the rest.
    signals.get_writer.connect(get_writer)
