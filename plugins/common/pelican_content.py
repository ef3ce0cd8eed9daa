"""Rendering section bodies through Pelican, so ``{filename}`` links resolve.

Only the adapters (``generator.py``) import this module: it is the one place
outside the news reader where our Markdown meets Pelican's link replacement.
"""

from __future__ import annotations

from pelican.contents import Page


def linked_html(html: str, title: str, url: str, save_as: str, settings: dict, source_path: str, context: dict) -> str:
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
