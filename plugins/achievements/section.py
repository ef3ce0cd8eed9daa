"""校友风采 as a registered section: alumni profiles, their groupings and photos.

Loading validates the profiles (→ colleges) and decodes every photo once, so a
broken one is an error of the check, not of the build.  Only published
profiles are ids other sections may name (a speaker, an honour): a draft is
no page yet, and a ``{filename}`` link to one is ``[link-to-draft]``.  Photos
are published only as derivatives without metadata.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from plugins.common.photos import ProcessedPhoto, decode_errors
from plugins.common.registries import Registries
from plugins.common.section import (
    Body,
    LoadContext,
    Loaded,
    PageSpec,
    RenderContext,
    Route,
    Routes,
    Section,
)
from plugins.common.summary import auto_summary

from .model import Achievement, Group, group_profiles, load_achievements, sort_profiles
from .settings import AchievementsConfig, achievements_config

GROUP_ROUTES = {
    "field": "ACHIEVEMENTS_FIELD",
    "college": "ACHIEVEMENTS_COLLEGE",
    "decade": "ACHIEVEMENTS_DECADE",
}
DISTINGUISHED = "distinguished"  # the 杰出校友 page's item (a reserved slug: no profile has it)


@dataclass(frozen=True)
class Achievements:
    """The section's content: published profiles by slug, in display order, and their groups."""

    config: AchievementsConfig
    profiles: Mapping[str, Achievement]
    groups: Mapping[str, list[Group]]  # "field"/"college"/"decade" -> groups of profiles


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

    def __getattr__(self, name: str) -> Any:  # title, alumnus, class_year … straight from the model
        return getattr(self.meta, name)


@dataclass
class AchievementsView:
    """``views.achievements``: the profiles, the 杰出校友, the groups and their addresses."""

    profiles: list[Profile]  # in display order
    by_slug: Mapping[str, Profile]
    distinguished: list[Profile]
    groups: Mapping[str, list[Group]]  # groups of Profile views
    group_urls: Mapping[str, Mapping[str, str]]  # kind -> slug -> URL
    items: Mapping[str, Any] = field(default_factory=dict)


def load(context: LoadContext) -> Loaded:
    config: AchievementsConfig = context.config
    root, sizes = context.root, context.sizes
    registries = Registries(colleges=context.ids("colleges"))
    profiles, errors = load_achievements(root, config, registries, context.this_year, sizes=sizes)
    photos = [(p.path, p.photo_line, p.photo) for p in profiles if p.photo]
    found = decode_errors(photos, root, context.cache, config.photo_widths, "照片", sizes.limits)
    errors += [replace(e, field="photo") for e in found]
    published = sort_profiles([p for p in profiles if p.status == "published"])
    names = {c.id: c.name for c in context.uses("colleges").items.colleges}
    content = Achievements(config, {p.slug: p for p in published}, group_profiles(published, config, names))
    return Loaded(
        content,
        tuple(errors),
        ids={p.slug: p.title for p in published},  # a draft profile is no id: nothing may name it
        bodies=tuple(Body.of(p.path, p.source_path, p.body, p.body_line) for p in published),
        drafts={p.source_path: p.path for p in profiles if p.status != "published"},
    )


def pages(content: Achievements, routes: Routes) -> Iterable[PageSpec]:
    yield routes.page("ACHIEVEMENTS", "achievements/index")
    yield routes.page("ACHIEVEMENTS_DISTINGUISHED", "achievements/group", item=DISTINGUISHED, as_name="group")
    for kind, groups in content.groups.items():  # every group page, like the index's chips
        for group in groups:
            item = f"{kind}:{group.slug}"
            yield routes.page(
                GROUP_ROUTES[kind], "achievements/group", item=item, as_name="group", slug=group.slug
            )
    for profile in content.profiles.values():
        yield routes.page(
            "ACHIEVEMENT",
            "achievements/profile",
            item=profile.slug,
            as_name="profile",
            source=profile.source_path,
            slug=profile.slug,
        )


def views(content: Achievements, render: RenderContext) -> AchievementsView:
    config, site, routes = content.config, render.site, render.routes
    profiles: list[Profile] = []
    for meta in content.profiles.values():
        html = render.body(meta.body, meta.source_path, meta.path, meta.body_line)
        college = site.colleges.get(meta.college)
        profiles.append(
            Profile(
                meta=meta,
                url=routes.url("ACHIEVEMENT", slug=meta.slug),
                college_name=college.name if college else meta.college,
                college_url=college.url if college else "",
                field_url=routes.url("ACHIEVEMENTS_FIELD", slug=meta.field_slug),
                photo=render.photo(meta.photo, config.photo_widths) if meta.photo else None,
                summary=meta.summary or auto_summary(html, config.summary_length),
                html=html,
            )
        )
    for profile in profiles:
        profile.same_college = [p for p in profiles if p.college == profile.college and p is not profile]
    names = {cid: c.name for cid, c in site.colleges.items()}
    groups = group_profiles(profiles, config, names, key=lambda p: p.meta)
    distinguished = [p for p in profiles if p.distinguished]
    items: dict[str, Any] = {p.slug: p for p in profiles}
    items[DISTINGUISHED] = Group(DISTINGUISHED, DISTINGUISHED, "杰出校友", tuple(distinguished))
    items.update({f"{kind}:{g.slug}": g for kind, found in groups.items() for g in found})
    return AchievementsView(
        profiles=profiles,
        by_slug={p.slug: p for p in profiles},
        distinguished=distinguished,
        groups=groups,
        group_urls={
            kind: {g.slug: routes.url(GROUP_ROUTES[kind], slug=g.slug) for g in found}
            for kind, found in groups.items()
        },
        items=items,
    )


def publish(view: AchievementsView, render: RenderContext) -> None:
    render.publish_photos(p.photo for p in view.profiles)
    for profile in view.profiles:
        profile.content = render.linked(
            profile.html, profile.title, "ACHIEVEMENT", profile.source_path, slug=profile.slug
        )


SECTION = Section(
    name="achievements",
    setting="ACHIEVEMENTS",
    configure=achievements_config,
    load=load,
    routes=(
        Route("ACHIEVEMENTS", "achievements/", "achievements/index.html"),
        Route("ACHIEVEMENT", "achievements/{slug}/", "achievements/{slug}/index.html"),
        Route("ACHIEVEMENTS_FIELD", "achievements/field/{slug}/", "achievements/field/{slug}/index.html"),
        Route(
            "ACHIEVEMENTS_COLLEGE", "achievements/college/{slug}/", "achievements/college/{slug}/index.html"
        ),
        Route("ACHIEVEMENTS_DECADE", "achievements/decade/{slug}/", "achievements/decade/{slug}/index.html"),
        Route(
            "ACHIEVEMENTS_DISTINGUISHED",
            "achievements/distinguished/",
            "achievements/distinguished/index.html",
        ),
    ),
    pages=pages,
    depends=("colleges",),
    views=views,
    publish=publish,
)
