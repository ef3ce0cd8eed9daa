"""Pelican adapter for 校友刊物: covers in phase one; the archive, issue pages and PDFs in phase two.

The PDFs are written here, rewritten without metadata by :func:`clean_pdf`
(they were read and checked when the graph was loaded): content/files/ is
never copied as it is.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from pelican.generators import Generator

from plugins.common.pelican_content import publish_photos, write_page
from plugins.common.photos import ProcessedPhoto, process_photo

from .model import clean_pdf


@dataclass(frozen=True)
class IssueView:
    meta: object  # plugins.magazine.model.Issue
    url: str
    pdf_url: str  # "" without a PDF
    pdf_save_as: str
    cover: ProcessedPhoto | None

    def __getattr__(self, name):
        return getattr(self.meta, name)


class MagazineGenerator(Generator):
    def generate_context(self):
        s, site = self.settings, self.context["site"]
        config = site.config.magazine
        self.issues = []
        for issue in site.magazine:
            cover = None
            if issue.cover:
                cover = process_photo(
                    os.path.join(self.path, issue.cover), s["PHOTO_CACHE_PATH"], config.cover_widths
                )
            slots = {"id": issue.id}
            self.issues.append(
                IssueView(
                    issue,
                    s["MAGAZINE_ISSUE_URL"].format(**slots),
                    s["MAGAZINE_PDF_URL"].format(**slots) if issue.pdf else "",
                    s["MAGAZINE_PDF_SAVE_AS"].format(**slots) if issue.pdf else "",
                    cover,
                )
            )
        self.context["magazine"] = {"name": config.name, "issues": self.issues}

    def generate_output(self, writer):
        if not self.issues:
            return
        publish_photos(self, [issue.cover for issue in self.issues])
        for issue in self.issues:
            if issue.pdf:
                target = os.path.join(self.output_path, issue.pdf_save_as)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with open(target, "wb") as handle:
                    handle.write(clean_pdf(os.path.join(self.path, issue.pdf)))
        write_page(self, writer, "MAGAZINE", "magazine/index")
        for issue in self.issues:
            write_page(self, writer, "MAGAZINE_ISSUE", "magazine/issue", {"id": issue.id}, issue=issue)


def get_generators(pelican):
    return MagazineGenerator
