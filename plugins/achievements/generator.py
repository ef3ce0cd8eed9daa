"""Pelican adapter for alumni achievements: profiles, groupings and photos.

Phase one reads and validates the profiles, renders their Markdown and
makes photo derivatives (cached by content hash); phase two writes the
index, one plain-HTML page per grouping, the profile pages, and copies the
derivatives into the output.
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

from .model import Achievement, group_profiles, load_achievements, sort_profiles
from .settings import achievements_config


def registry(settings: dict) -> dict:
    """Profile slugs, for honour rolls that link to a profile."""
    config = achievements_config(settings.get("ACHIEVEMENTS"))
    profiles, _ = load_achievements(settings["PATH"], config)
    return {"achievements": {p.slug: p.title for p in profiles if p.status == "published"}}


def check(settings: dict, registries: Registries = NO_REGISTRIES) -> list[ContentError]:
    """Every profile error, including photos that cannot be decoded."""
    config = achievements_config(settings.get("ACHIEVEMENTS"))
    profiles, errors = load_achievements(settings["PATH"], config, registries, sizes=ImageSizes())
    for profile in profiles:
        if profile.photo:
            try:
                process_photo(os.path.join(settings["PATH"], profile.photo), settings["PHOTO_CACHE_PATH"], config.photo_widths)
            except PhotoError:
                errors.append(
                    ContentError(
                        profile.path,
                        profile.photo_line,
                        "image-unreadable",
                        f"照片 {profile.photo} 已损坏或不完整，无法读取：请重新导出为 JPG 后替换",
                    )
                )
    return errors


@dataclass
class Profile:
    """What templates show of one achievement profile."""

    meta: Achievement
    url: str
    college_name: str
    college_url: str
    field_url: str
    photo: ProcessedPhoto | None
    summary: str
    html: str
    content: str = ""  # ``html`` with links resolved, set in the output phase

    def __getattr__(self, name):  # title, alumnus, class_year … straight from the model
        return getattr(self.meta, name)


class AchievementsGenerator(Generator):
    """Reads ``content/achievements/`` and writes the 校友风采 section."""

    def generate_context(self):
        s = self.settings
        self.config = achievements_config(s.get("ACHIEVEMENTS"))
        columns = self.context.get("colleges_by_id", {})
        registries = Registries(colleges={cid: c.name for cid, c in columns.items()} if columns else None)
        found, errors = load_achievements(self.path, self.config, registries)
        if errors:  # normally caught by the pre-build check
            raise ContentErrors(errors)
        renderer = BodyRenderer(self.path, s["MARKDOWN"], ImageSizes())
        self.profiles = []
        for meta in sort_profiles([p for p in found if p.status == "published"]):
            photo = None
            if meta.photo:
                photo = process_photo(os.path.join(self.path, meta.photo), s["PHOTO_CACHE_PATH"], self.config.photo_widths)
            html = renderer.render(meta.body, meta.source_path)
            column = columns.get(meta.college)
            self.profiles.append(
                Profile(
                    meta=meta,
                    url=s["ACHIEVEMENT_URL"].format(slug=meta.slug),
                    college_name=column.name if column else meta.college,
                    college_url=column.url if column else "",
                    field_url=s["ACHIEVEMENTS_FIELD_URL"].format(slug=meta.field_slug),
                    photo=photo,
                    summary=meta.summary or auto_summary(html, self.config.summary_length),
                    html=html,
                )
            )
        college_names = {cid: c.name for cid, c in columns.items()}
        self.groups = group_profiles(self.profiles, self.config, college_names, key=lambda p: p.meta)
        self.group_urls = {
            kind: {g.slug: s[f"ACHIEVEMENTS_{kind.upper()}_URL"].format(slug=g.slug) for g in groups}
            for kind, groups in self.groups.items()
        }
        self.context["achievements"] = self.profiles
        self.context["achievement_groups"] = self.groups
        self.context["achievement_group_urls"] = self.group_urls
        self.context["distinguished_alumni"] = [p for p in self.profiles if p.distinguished]

    def generate_output(self, writer):
        s = self.settings
        self._copy_photos()
        for profile in self.profiles:
            save_as = s["ACHIEVEMENT_SAVE_AS"].format(slug=profile.slug)
            profile.content = linked_html(
                profile.html, profile.title, profile.url, save_as, s, profile.source_path, self.context
            )
        write_page(self, writer, "ACHIEVEMENTS", "achievements/index")
        write_page(
            self,
            writer,
            "ACHIEVEMENTS_DISTINGUISHED",
            "achievements/group",
            group_title="杰出校友",
            group_kind="distinguished",
            profiles=self.context["distinguished_alumni"],
        )
        for kind, groups in self.groups.items():
            for group in groups:
                write_page(
                    self,
                    writer,
                    f"ACHIEVEMENTS_{kind.upper()}",
                    "achievements/group",
                    {"slug": group.slug},
                    group_title=group.name,
                    group_kind=kind,
                    group=group,
                    profiles=list(group.profiles),
                )
        for profile in self.profiles:
            write_page(self, writer, "ACHIEVEMENT", "achievements/profile", {"slug": profile.slug}, profile=profile)

    def _copy_photos(self) -> None:
        target = os.path.join(self.output_path, self.settings["PHOTOS_URL"])
        os.makedirs(target, exist_ok=True)
        for profile in self.profiles:
            if profile.photo is None:
                continue
            entry = os.path.join(self.settings["PHOTO_CACHE_PATH"], profile.photo.digest)
            for derivative in profile.photo.derivatives:
                for name in (derivative.webp, derivative.jpeg):
                    shutil.copyfile(os.path.join(entry, name), os.path.join(target, name))


def get_generators(pelican):
    return AchievementsGenerator
