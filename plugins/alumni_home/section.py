"""校友之家 as a registered section: the gallery of donated objects and the alumni's memories.

The gallery reads the in-kind gift records of the donations section, so both
sections agree on every gift and an anonymous donor stays anonymous here too;
every photo is published only as derivatives without metadata.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from plugins.common.photos import ProcessedPhoto, decode_errors
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
from plugins.donations.model import ANONYMOUS_NAMES, Gift

from .model import Group, Memory, gallery_gifts, gift_photo_errors, group_memories, load_memories
from .settings import alumni_home_config

GROUP_ROUTES = {"decade": "MEMORIES_DECADE", "college": "MEMORIES_COLLEGE"}


@dataclass(frozen=True)
class AlumniHome:
    """The section's content: published memories (by decade, then slug), the gallery's gifts, the groups."""

    memories: tuple[Memory, ...]
    gifts: tuple[Gift, ...]  # in-kind gifts with a photo, newest first
    groups: Mapping[str, list[Group]]  # "decade"/"college" -> groups of memories


@dataclass
class DonatedObject:
    """A donated object as the public may see it: anonymous donors stay anonymous."""

    item: str | None
    donor: str
    class_year: int | None
    college_name: str | None
    date: object
    photo: ProcessedPhoto
    photo_alt: str | None
    location_on_campus: str | None
    certificate: str | None
    project: object  # {"name", "url"} of the donation project, or None


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

    def __getattr__(self, name: str) -> Any:
        return getattr(self.meta, name)


@dataclass(frozen=True)
class AlumniHomeView:
    """``views.alumni_home``: the gallery, the memories, their groups, and the section's addresses."""

    objects: list[DonatedObject]
    memories: list[MemoryView]
    groups: Mapping[str, list[Group]]
    urls: Mapping[str, str]  # index URL; decade/college URL patterns ({slug})
    photos: list[ProcessedPhoto] = field(default_factory=list)

    @property
    def items(self) -> Mapping[str, Any]:
        found: dict[str, Any] = {m.slug: m for m in self.memories}
        found.update({f"{kind}:{g.slug}": g for kind, groups in self.groups.items() for g in groups})
        return found


def load(context: LoadContext) -> Loaded:
    config = context.config
    root, sizes = context.root, context.sizes
    gifts = context.uses("donations").items.gifts
    memories, errors = load_memories(root, config, context.ids("colleges"), context.this_year, sizes=sizes)
    errors += gift_photo_errors(gifts, root, sizes)
    photos = [(m.path, p.line, p.src) for m in memories for p in m.photos]
    photos += [(g.path, g.photo_line, g.photo) for g in gifts if g.photo]
    errors += decode_errors(photos, root, context.cache, config.photo_widths, "照片", sizes.limits)
    published = sorted((m for m in memories if m.status == "published"), key=lambda m: (m.decade, m.slug))
    names = {c.id: c.name for c in context.uses("colleges").items.colleges}
    home = AlumniHome(tuple(published), tuple(gallery_gifts(list(gifts))), group_memories(published, names))
    bodies = tuple(Body.of(m.path, m.source_path, m.body, m.body_line) for m in published)
    return Loaded(home, tuple(errors), bodies=bodies)


def pages(home: AlumniHome, routes: Routes) -> Iterable[PageSpec]:
    yield routes.page("ALUMNI_HOME", "alumni_home/index")
    for kind, groups in home.groups.items():
        for group in groups:
            item = f"{kind}:{group.slug}"
            yield routes.page(
                GROUP_ROUTES[kind], "alumni_home/group", item=item, as_name="group", slug=group.slug
            )
    for memory in home.memories:
        yield routes.page(
            "MEMORY",
            "alumni_home/memory",
            item=memory.slug,
            as_name="memory",
            source=memory.source_path,
            slug=memory.slug,
        )


def views(home: AlumniHome, render: RenderContext) -> AlumniHomeView:
    config = render.config("alumni_home")
    site = render.site
    made: list[ProcessedPhoto] = []

    def photo(src: str) -> ProcessedPhoto:
        made.append(render.photo(src, config.photo_widths))
        return made[-1]

    projects = {pid: {"name": p.project.name, "url": p.url} for pid, p in site.projects.items()}
    objects = []
    for gift in home.gifts:
        college = site.colleges.get(gift.college) if not gift.anonymous else None
        assert gift.photo is not None  # the gallery holds the gifts with a photo
        objects.append(
            DonatedObject(
                item=gift.item,
                donor=ANONYMOUS_NAMES[gift.donor_type] if gift.anonymous else gift.donor,
                class_year=None if gift.anonymous else gift.class_year,
                college_name=college.name if college else None,
                date=gift.date,
                photo=photo(gift.photo),
                photo_alt=gift.photo_alt,
                location_on_campus=gift.location_on_campus,
                certificate=gift.certificate,
                project=projects.get(gift.project),
            )
        )
    memories = []
    for meta in home.memories:
        html = render.body(meta.body, meta.source_path, meta.path, meta.body_line)
        column = site.colleges.get(meta.college)
        memories.append(
            MemoryView(
                meta=meta,
                url=render.routes.url("MEMORY", slug=meta.slug),
                college_name=column.name if column else meta.college,
                college_url=column.url if column else "",
                photos=[(photo(p.src), p) for p in meta.photos],
                summary=meta.summary or auto_summary(html, 80),
                html=html,
            )
        )
    names = {cid: c.name for cid, c in site.colleges.items()}
    groups = group_memories(memories, names, key=lambda m: m.meta)
    urls = {
        "index": render.routes.url("ALUMNI_HOME"),
        "decade": render.routes.patterns["MEMORIES_DECADE"][0],
        "college": render.routes.patterns["MEMORIES_COLLEGE"][0],
    }
    return AlumniHomeView(objects, memories, groups, urls, made)


def publish(view: AlumniHomeView, render: RenderContext) -> None:
    render.publish_photos(view.photos)
    for memory in view.memories:
        memory.content = render.linked(
            memory.html, memory.title, "MEMORY", memory.source_path, slug=memory.slug
        )


SECTION = Section(
    name="alumni_home",
    setting="ALUMNI_HOME",
    configure=alumni_home_config,
    load=load,
    routes=(
        Route("ALUMNI_HOME", "alumni-home/", "alumni-home/index.html"),
        Route("MEMORY", "alumni-home/memories/{slug}/", "alumni-home/memories/{slug}/index.html"),
        Route("MEMORIES_DECADE", "alumni-home/decade/{slug}/", "alumni-home/decade/{slug}/index.html"),
        Route("MEMORIES_COLLEGE", "alumni-home/college/{slug}/", "alumni-home/college/{slug}/index.html"),
    ),
    pages=pages,
    depends=("colleges", "donations"),
    views=views,
    publish=publish,
)
