"""Pelican adapter for 校友之家: the object gallery and the memories.

Phase one reads the memories and the in-kind gift records (through the
donations model, so both sections agree on every gift), processes every
photo (no EXIF reaches the site) and groups memories by decade and
college; phase two writes ``ALUMNI_HOME``, one page per memory and per
grouping, and copies the photo derivatives.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass

from pelican.generators import Generator

from plugins.common.errors import ContentError, ContentErrors
from plugins.common.images import ImageSizes
from plugins.common.markdown_images import BodyRenderer
from plugins.common.pelican_content import linked_html, write_page
from plugins.common.photos import PhotoError, ProcessedPhoto, process_photo
from plugins.common.registries import NO_REGISTRIES, Registries
from plugins.common.summary import auto_summary
from plugins.donations.model import ANONYMOUS_NAMES, load_gifts, load_projects
from plugins.donations.settings import donations_config

from .model import Memory, gallery_gifts, gift_photo_errors, group_memories, load_memories
from .settings import alumni_home_config


def _gifts(settings: dict, registries: Registries):
    config = donations_config(settings.get("DONATIONS"))
    projects, _ = load_projects(settings["PATH"], config, registries)
    gifts, _ = load_gifts(settings["PATH"], config, projects, registries)
    return gifts


def check(settings: dict, registries: Registries = NO_REGISTRIES) -> list[ContentError]:
    """Memory errors and unreadable object or memory photos (gift fields are checked by donations)."""
    config = alumni_home_config(settings.get("ALUMNI_HOME"))
    root, sizes = settings["PATH"], ImageSizes()
    memories, errors = load_memories(root, config, registries.colleges, sizes=sizes)
    gifts = _gifts(settings, registries)
    errors += gift_photo_errors(gifts, root, sizes)
    photos = [(m.path, p.line, p.src) for m in memories for p in m.photos]
    photos += [(g.path, g.photo_line, g.photo) for g in gifts if g.photo]
    for path, line, src in photos:
        if os.path.isfile(os.path.join(root, src)):
            try:
                process_photo(os.path.join(root, src), settings["PHOTO_CACHE_PATH"], config.photo_widths)
            except PhotoError:
                errors.append(
                    ContentError(
                        path,
                        line,
                        "image-unreadable",
                        f"照片 {src} 已损坏或不完整，无法读取：请重新导出为 JPG 后替换",
                    )
                )
    return errors


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
        s = self.settings
        config = alumni_home_config(s.get("ALUMNI_HOME"))
        self.widths = config.photo_widths
        columns = self.context.get("colleges_by_id", {})
        college_names = {cid: c.name for cid, c in columns.items()}
        registries = Registries(colleges=college_names or None)
        found, errors = load_memories(self.path, config, registries.colleges)
        if errors:  # normally caught by the pre-build check
            raise ContentErrors(errors)
        donations = self.context.get("donations")
        projects = donations.projects_by_id if donations else {}
        self.photos: list[ProcessedPhoto] = []
        self.objects = []
        for gift in gallery_gifts(_gifts(s, registries)):
            column = columns.get(gift.college) if not gift.anonymous else None
            self.objects.append(
                DonatedObject(
                    item=gift.item,
                    donor=ANONYMOUS_NAMES[gift.donor_type] if gift.anonymous else gift.donor,
                    class_year=None if gift.anonymous else gift.class_year,
                    college_name=column.name if column else None,
                    date=gift.date,
                    photo=self._photo(gift.photo),
                    photo_alt=gift.photo_alt,
                    location_on_campus=gift.location_on_campus,
                    certificate=gift.certificate,
                    project=projects.get(gift.project),
                )
            )
        renderer = BodyRenderer(self.path, s["MARKDOWN"], ImageSizes())
        self.memories = []
        published = sorted((m for m in found if m.status == "published"), key=lambda m: (m.decade, m.slug))
        for meta in published:
            html = renderer.render(meta.body, meta.source_path)
            column = columns.get(meta.college)
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
        photo = process_photo(os.path.join(self.path, src), self.settings["PHOTO_CACHE_PATH"], self.widths)
        self.photos.append(photo)
        return photo

    def generate_output(self, writer):
        s = self.settings
        self._copy_photos()
        for memory in self.memories:
            save_as = s["MEMORY_SAVE_AS"].format(slug=memory.slug)
            memory.content = linked_html(
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
        target = os.path.join(self.output_path, self.settings["PHOTOS_URL"])
        os.makedirs(target, exist_ok=True)
        for photo in self.photos:
            entry = os.path.join(self.settings["PHOTO_CACHE_PATH"], photo.digest)
            for derivative in photo.derivatives:
                for name in (derivative.webp, derivative.jpeg):
                    shutil.copyfile(os.path.join(entry, name), os.path.join(target, name))


def get_generators(pelican):
    return AlumniHomeGenerator
