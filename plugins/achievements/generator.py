"""Pelican adapter for alumni achievements: profiles, groupings and photos.

Phase one reads and validates the profiles, renders their Markdown and
makes photo derivatives (cached by content hash); phase two writes the
index, one plain-HTML page per grouping, the profile pages, and copies the
derivatives into the output.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from pelican.generators import Generator

from plugins.common.images import ImageSizes
from plugins.common.markdown_images import BodyRenderer
from plugins.common.pelican_content import publish_photos, section_views, trusted_html, write_page
from plugins.common.photos import ProcessedPhoto, process_photo
from plugins.common.summary import auto_summary

from .model import Achievement, group_profiles


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
    same_college: list = field(default_factory=list)  # other profiles of the same college, in display order

    def __getattr__(self, name):  # title, alumnus, class_year … straight from the model
        return getattr(self.meta, name)


class AchievementsGenerator(Generator):
    """Reads ``content/achievements/`` and writes the 校友风采 section."""

    def generate_context(self):
        s, site = self.settings, self.context["site"]
        self.config = site.config.achievements
        renderer = BodyRenderer.for_site(s, self.path, site.config, ImageSizes())
        self.profiles = []
        for meta in site.achievements.values():  # published, in display order
            photo = None
            if meta.photo:
                photo = process_photo(
                    os.path.join(self.path, meta.photo),
                    s["PHOTO_CACHE_PATH"],
                    self.config.photo_widths,
                    limits=site.config.limits,
                )
            html = renderer.render(meta.body, meta.source_path, meta.path, meta.body_line)
            college = site.colleges.get(meta.college)
            self.profiles.append(
                Profile(
                    meta=meta,
                    url=s["ACHIEVEMENT_URL"].format(slug=meta.slug),
                    college_name=college.name if college else meta.college,
                    college_url=college.url if college else "",
                    field_url=s["ACHIEVEMENTS_FIELD_URL"].format(slug=meta.field_slug),
                    photo=photo,
                    summary=meta.summary or auto_summary(html, self.config.summary_length),
                    html=html,
                )
            )
        for profile in self.profiles:
            profile.same_college = [
                p for p in self.profiles if p.college == profile.college and p is not profile
            ]
        college_names = {cid: c.name for cid, c in site.colleges.items()}
        self.groups = group_profiles(self.profiles, self.config, college_names, key=lambda p: p.meta)
        self.group_urls = {
            kind: {g.slug: s[f"ACHIEVEMENTS_{kind.upper()}_URL"].format(slug=g.slug) for g in groups}
            for kind, groups in self.groups.items()
        }
        self.context["achievements"] = self.profiles
        self.context["achievements_by_slug"] = {p.slug: p for p in self.profiles}
        self.context["achievement_groups"] = self.groups
        self.context["achievement_group_urls"] = self.group_urls
        self.context["distinguished_alumni"] = [p for p in self.profiles if p.distinguished]
        section_views(self.context, "achievements").update(self.context["achievements_by_slug"])

    def generate_output(self, writer):
        s = self.settings
        self._copy_photos()
        for profile in self.profiles:
            save_as = s["ACHIEVEMENT_SAVE_AS"].format(slug=profile.slug)
            profile.content = trusted_html(
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
            write_page(
                self, writer, "ACHIEVEMENT", "achievements/profile", {"slug": profile.slug}, profile=profile
            )

    def _copy_photos(self) -> None:
        publish_photos(self, (profile.photo for profile in self.profiles))


def get_generators(pelican):
    return AchievementsGenerator
