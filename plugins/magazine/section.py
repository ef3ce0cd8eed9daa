"""校友刊物 as a registered section: the archive, one page per issue, covers and PDFs.

Each PDF is read and scanned for personal data when the graph loads, and
written without metadata (:func:`clean_pdf`) in the output phase: content/files/
is never copied as it is.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from plugins.common.photos import ProcessedPhoto, decode_errors
from plugins.common.section import (
    LoadContext,
    Loaded,
    PageSpec,
    RenderContext,
    Route,
    Routes,
    Section,
    archive_pages,
)

from .model import Issue, MagazineConfig, clean_pdf, load_issues
from .settings import magazine_config


@dataclass(frozen=True)
class IssueView:
    meta: Issue
    url: str
    pdf_url: str  # "" without a PDF
    pdf_save_as: str
    cover: ProcessedPhoto | None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.meta, name)


@dataclass(frozen=True)
class MagazineView:
    """``views.magazine``: the publication's name, its issues (newest first) and the archive's address."""

    name: str
    url: str
    issues: tuple[IssueView, ...]
    items: Mapping[str, IssueView] = field(default_factory=dict)


def load(context: LoadContext) -> Loaded:
    config: MagazineConfig = context.config
    privacy = context.site_config.privacy
    issues, errors = load_issues(context.root, config, context.sizes, privacy, context.today, context.cache)
    covers = [(i.path, i.cover_line, i.cover) for i in issues if i.cover]
    errors += decode_errors(
        covers, context.root, context.cache, config.cover_widths, "封面", context.sizes.limits
    )
    return Loaded(tuple(i for i in issues if i.status == "published"), tuple(errors))


def pages(issues: tuple[Issue, ...], routes: Routes) -> Iterable[PageSpec]:
    return archive_pages(issues, routes, "MAGAZINE", "MAGAZINE_ISSUE", "magazine", "issue")


def views(issues: tuple[Issue, ...], render: RenderContext) -> MagazineView:
    config: MagazineConfig = render.config("magazine")
    made = []
    for issue in issues:
        routes, slots = render.routes, {"id": issue.id}
        made.append(
            IssueView(
                issue,
                routes.url("MAGAZINE_ISSUE", **slots),
                routes.url("MAGAZINE_PDF", **slots) if issue.pdf else "",
                routes.save_as("MAGAZINE_PDF", **slots) if issue.pdf else "",
                render.photo(issue.cover, config.cover_widths) if issue.cover else None,
            )
        )
    return MagazineView(config.name, render.routes.url("MAGAZINE"), tuple(made), {i.meta.id: i for i in made})


def publish(view: MagazineView, render: RenderContext) -> None:
    render.publish_photos(issue.cover for issue in view.issues)
    for issue in view.issues:
        if issue.pdf:
            render.write_bytes(issue.pdf_save_as, clean_pdf(os.path.join(render.content_root, issue.pdf)))


SECTION = Section(
    name="magazine",
    setting="MAGAZINE",
    configure=magazine_config,
    load=load,
    routes=(
        Route("MAGAZINE", "magazine/", "magazine/index.html"),
        Route("MAGAZINE_ISSUE", "magazine/{id}/", "magazine/{id}/index.html"),
        Route("MAGAZINE_PDF", "magazine/{id}/{id}.pdf", "magazine/{id}/{id}.pdf"),
    ),
    pages=pages,
    views=views,
    publish=publish,
)
