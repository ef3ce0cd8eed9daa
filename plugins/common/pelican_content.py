"""Rendering section bodies through Pelican, so ``{filename}`` links resolve.

Only the adapters (``generator.py``) import this module: it is the one place
outside the news reader where our Markdown meets Pelican's link replacement.
"""

from __future__ import annotations

from pelican.contents import Page


def linked_html(
    html: str, title: str, url: str, save_as: str, settings: dict, source_path: str, context: dict
) -> str:
    """``html`` with Pelican's ``{filename}``/``{static}`` links replaced.

    Must be called in the output phase, once every generator has registered
    its content in the context.
    """
    page = Page(
        html,
        metadata={"title": title, "url": url, "save_as": save_as, "status": "published"},
        settings=settings,
        source_path=source_path,
        context=context,
    )
    return page.content


def write_page(generator, writer, setting: str, template: str, slots: dict | None = None, **values) -> None:
    """Write one page whose path and URL come from ``<SETTING>_SAVE_AS`` / ``<SETTING>_URL``.

    ``slots`` fills the settings' ``{id}``/``{slug}`` placeholders; ``values``
    go to the template (and ``paginated``/``template_name`` to the writer).
    """
    settings, slots = generator.settings, slots or {}
    writer.write_file(
        settings[f"{setting}_SAVE_AS"].format(**slots),
        generator.get_template(template),
        generator.context,
        url=settings[f"{setting}_URL"].format(**slots),
        **values,
    )


def publish_photos(generator, photos) -> None:
    """Copy processed photos (every width, WebP and JPEG) from the photo cache to ``PHOTOS_URL``.

    ``photos`` are :class:`plugins.common.photos.Photo` results (``None`` entries are
    skipped); the derivatives were made and checked when the graph was loaded.
    """
    import os
    import shutil

    target = os.path.join(generator.output_path, generator.settings["PHOTOS_URL"])
    os.makedirs(target, exist_ok=True)
    for photo in photos:
        if photo is None:
            continue
        entry = os.path.join(generator.settings["PHOTO_CACHE_PATH"], photo.digest)
        for derivative in photo.derivatives:
            for name in (derivative.webp, derivative.jpeg):
                shutil.copyfile(os.path.join(entry, name), os.path.join(target, name))


def articles_by_source(context: dict) -> dict:
    """Pelican's published articles by their normalised source path (the graph's key).

    Pelican's own ArticlesGenerator always runs before every plugin generator,
    so this is complete in any plugin's ``generate_context``.
    """
    import os

    return {os.path.normpath(a.source_path): a for a in context.get("articles", [])}


def trusted_html(
    html: str, title: str, url: str, save_as: str, settings: dict, source_path: str, context: dict
):
    """:func:`linked_html` of a sanitised body, marked safe for the autoescaping templates."""
    from .safehtml import trusted

    return trusted(linked_html(html, title, url, save_as, settings, source_path, context))


def output_step(write) -> type:
    """A generator class that only writes, in phase two: ``write(generator)``.

    For outputs that are not pages (published images, fingerprinted theme
    files, ``/admin/``): written by ``generate_output`` like every page, never
    on ``finalized``, where the order of ``PLUGINS`` decided whether
    ``urls.txt`` (written there) saw them.  ``write`` reads ``settings``,
    ``context`` and ``output_path`` from the generator it is given.
    """

    class OutputStep:
        def __init__(self, context, settings, path, theme, output_path, *args, **kwargs):
            self.context, self.settings, self.output_path = context, settings, output_path

        def generate_context(self) -> None:
            pass

        def generate_output(self, writer) -> None:
            write(self)

    OutputStep.__name__ = OutputStep.__qualname__ = f"OutputStep[{write.__name__}]"
    return OutputStep
