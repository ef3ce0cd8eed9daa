"""Pelican adapter for 校友之家: the object gallery and the memories.

Phase one reads the memories and the in-kind gift records (through the
donations model, so both sections agree on every gift), processes every
photo (no EXIF reaches the site) and groups memories by decade and
college; phase two writes ``ALUMNI_HOME``, one page per memory and per
grouping, and copies the photo derivatives.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from pelican.generators import Generator

from plugins.common.images import ImageSizes
from plugins.common.markdown_images import BodyRenderer
from plugins.common.pelican_content import publish_photos, trusted_html, write_page
from plugins.common.photos import ProcessedPhoto, process_photo
from plugins.common.summary import auto_summary
from plugins.donations.model import ANONYMOUS_NAMES

from .model import Memory, gallery_gifts, group_memories


@dataclass
class DonatedObject:
    """A donated object as the public may see it: anonymous donors stay anonymous."""

    item: str
    donor: str
    class_year: int | None
    college_name: str | None
    date: object
    photo: ProcessedPhoto
    photo_alt: str
    location_on_campus: str | None
    certificate: str | None
    project: object  # the donation ProjectView, or None


@dataclass
class MemoryView:
    meta: Memory
    url: str
    college_name: str | None
    college_url: str
    photos: list  # (ProcessedPhoto, MemoryPhoto)
    summary: str
    html: str
    content: str = ""

    def __getattr__(self, name):
        return getattr(self.meta, name)


class AlumniHomeGenerator(Generator):
    """Reads ``content/memories/`` and the in-kind gift records; writes 校友之家."""

    def generate_context(self):
        s, site = self.settings, self.context["site"]
        config = site.config.alumni_home
        self.widths = config.photo_widths
        college_names = {cid: c.name for cid, c in site.colleges.items()}
        projects = {pid: {"name": p.project.name, "url": p.url} for pid, p in site.projects.items()}
        found = list(site.memories)
        self.photos: list[ProcessedPhoto] = []
        self.objects = []
        for gift in gallery_gifts(list(site.gifts)):
            college = site.colleges.get(gift.college) if not gift.anonymous else None
            self.objects.append(
                DonatedObject(
                    item=gift.item,
                    donor=ANONYMOUS_NAMES[gift.donor_type] if gift.anonymous else gift.donor,
                    class_year=None if gift.anonymous else gift.class_year,
                    college_name=college.name if college else None,
                    date=gift.date,
                    photo=self._photo(gift.photo),
                    photo_alt=gift.photo_alt,
                    location_on_campus=gift.location_on_campus,
                    certificate=gift.certificate,
                    project=projects.get(gift.project),
                )
            )
        renderer = BodyRenderer.for_site(s, self.path, ImageSizes())
        self.memories = []
        published = sorted(found, key=lambda m: (m.decade, m.slug))
        for meta in published:
            html = renderer.render(meta.body, meta.source_path, meta.path, meta.body_line)
            column = site.colleges.get(meta.college)
            self.memories.append(
                MemoryView(
                    meta=meta,
                    url=s["MEMORY_URL"].format(slug=meta.slug),
                    college_name=column.name if column else meta.college,
                    college_url=column.url if column else "",
                    photos=[(self._photo(p.src), p) for p in meta.photos],
                    summary=meta.summary or auto_summary(html, 80),
                    html=html,
                )
            )
        self.groups = group_memories(self.memories, college_names, key=lambda m: m.meta)
        self.context["donated_objects"] = self.objects
        self.context["memories"] = self.memories
        self.context["memory_groups"] = self.groups

    def _photo(self, src: str) -> ProcessedPhoto:
        limits = self.context["site"].config.limits
        photo = process_photo(
            os.path.join(self.path, src), self.settings["PHOTO_CACHE_PATH"], self.widths, limits=limits
        )
        self.photos.append(photo)
        return photo

    def generate_output(self, writer):
        s = self.settings
        self._copy_photos()
        for memory in self.memories:
            save_as = s["MEMORY_SAVE_AS"].format(slug=memory.slug)
            memory.content = trusted_html(
                memory.html, memory.title, memory.url, save_as, s, memory.source_path, self.context
            )
        write_page(self, writer, "ALUMNI_HOME", "alumni_home/index")
        for kind, groups in self.groups.items():
            for group in groups:
                write_page(
                    self,
                    writer,
                    f"MEMORIES_{kind.upper()}",
                    "alumni_home/group",
                    {"slug": group.slug},
                    group=group,
                )
        for memory in self.memories:
            write_page(self, writer, "MEMORY", "alumni_home/memory", {"slug": memory.slug}, memory=memory)

    def _copy_photos(self) -> None:
        publish_photos(self, self.photos)


def get_generators(pelican):
    return AlumniHomeGenerator
