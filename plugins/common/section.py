"""A section of the site as one registered unit: settings, model, pages and views in one place.

Why: a section used to be spread over six places (its settings merged in the
loader, a loader step, a ``Site`` field typed ``Any``, a flat context key, a
Pelican generator, URL settings in ``pelicanconf.py``), so adding one meant
editing a hub and remembering the order of ``PLUGINS``.  A :class:`Section`
says all of it once; :mod:`plugins.site.sections` lists the registered ones
(one line each), the loader runs them in dependency order and one generic
generator renders their pages.  Everything here is pure: no Pelican import.

The contract, in the order a build uses it:

1. ``configure(user_value)`` → the section's immutable config (``SettingsError``
   for a bad setting, reported at its line in ``pelicanconf.py``);
2. ``load(context)`` → :class:`Loaded`: the validated items and every error.
   ``context.today`` is the site's one clock; ``context.uses(name)`` gives the
   result of a section named in ``depends`` (and refuses any other, so the
   declared order is the true one);
3. ``pages(items, routes)`` → the :class:`PageSpec` list: URL, file, template
   and which item the template shows.  The loader registers every URL in one
   registry (:class:`UrlRegistry`), so two pages never share an address;
4. ``views(items, render)`` → what templates read as ``views.<name>`` (built
   once, after every section is loaded; ``render`` is the adapter's
   :class:`RenderContext`);
5. ``publish(view, render)`` → files that are not templates (photos, PDFs),
   written in the output phase before the pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from .errors import ContentError, ContentErrors, SettingsError, setting_line
from .images import find_images
from .links import internal_links


@dataclass(frozen=True)
class Route:
    """A page address a section owns: ``<NAME>_URL``/``<NAME>_SAVE_AS``, with their defaults.

    ``pelicanconf.py`` may set either to move the page; the placeholders
    (``{id}``, ``{slug}`` …) are the section's, checked once when settings load.
    """

    name: str
    url: str
    save_as: str


@dataclass(frozen=True)
class Routes:
    """The patterns in force (defaults overridden by the settings), filled in one place."""

    patterns: Mapping[str, tuple[str, str]]  # NAME -> (URL pattern, SAVE_AS pattern)

    def url(self, name: str, **slots: str) -> str:
        return self.patterns[name][0].format(**slots)

    def save_as(self, name: str, **slots: str) -> str:
        return self.patterns[name][1].format(**slots)

    def page(
        self,
        route: str,
        template: str,
        *,
        item: str | None = None,
        as_name: str = "",
        source: str = "",
        line: int = 0,
        paginate: str = "",
        paginated_as: str = "",
        **slots: str,
    ) -> PageSpec:
        """The :class:`PageSpec` of ``route`` filled with ``slots`` (``id=…``, ``slug=…``)."""
        url, save_as = self.url(route, **slots), self.save_as(route, **slots)
        return PageSpec(route, url, save_as, template, item, as_name, source, line, paginate, paginated_as)


@dataclass(frozen=True)
class PageSpec:
    """One page a section writes: where, with which template, showing which item.

    ``item`` is a key of the section view's ``items`` mapping; the template gets
    that item under the name ``as_name``.  ``source`` is the content file the page
    is made from (absolute, as the loader found it), so ``{filename}`` links to it
    resolve and a collision names it.  ``line`` is set for a page made from one
    entry of a data file (an association of ``associations.yml``): a collision
    names that line, and the file, which makes many pages, is no ``{filename}`` target.
    ``paginate`` names an attribute of the item whose list Pelican's paginator
    splits over several files (``articles_page`` … in the template), sized by
    ``PAGINATED_TEMPLATES[paginated_as]`` and addressed by ``PAGINATION_PATTERNS``,
    like every other paginated list of the site.
    ``written_by`` names another generator that writes the page (news articles:
    ``"articles"``, Pelican's ArticlesGenerator; a withdrawn article's notice:
    ``"urls"``): the page owns its address like every other, the sections'
    generator does not write it.  ``link_target`` is ``False`` for a page a
    ``{filename}`` link may not lead to (a withdrawn article's notice).
    """

    route: str
    url: str
    save_as: str
    template: str  # relative to the theme's templates, e.g. "albums/album"
    item: str | None = None
    as_name: str = ""
    source: str = ""
    line: int = 0
    paginate: str = ""
    paginated_as: str = ""
    written_by: str = ""
    link_target: bool = True


@dataclass(frozen=True)
class Body:
    """What the site check needs of a published Markdown body: its images are published, its links checked.

    The links and images, not the text: they are all the check reads, and a news
    article's are kept with its verdict (plugins/site/verdicts.py), so ``invoke
    check`` never loads 5,000 bodies to find that none of them changed.
    """

    path: str  # as editors see it: content/…
    source_path: str  # absolute
    links: tuple[tuple[int, str], ...]  # (line, target) of each {filename}/{static}/{attach} link
    images: tuple[tuple[int, str], ...]  # (line, src) of each Markdown or HTML image

    @classmethod
    def of(cls, path: str, source_path: str, text: str, first_line: int) -> Body:
        """The body ``text`` of ``path`` (whose first line is ``first_line``) as the check reads it."""
        return cls(
            path,
            source_path,
            tuple(internal_links(text, first_line)),
            tuple((ref.line, ref.src) for ref in find_images(text, first_line)),
        )


@dataclass(frozen=True)
class ImageRef:
    """An image a published page shows as it is (not as photo derivatives), with where it is named."""

    src: str  # relative to the content folder
    path: str  # the file (or pelicanconf.py) that names it
    line: int


@dataclass(frozen=True)
class Loaded:
    """What a section's ``load`` returns: its items, its errors, and what the site check needs.

    ``ids`` are what other sections may name (broken files included, so one
    mistake is one message); ``bodies`` and ``images`` are those of published
    items only: the graph publishes exactly these images and checks these links.
    ``drafts`` are the section's files that make no page yet, so a ``{filename}``
    link to one is ``[link-to-draft]`` (publish it first), not ``[link-not-a-page]``;
    a link to one of ``withdrawn`` (a page that only shows a withdrawal notice) is
    ``[link-to-withdrawn]``.
    """

    items: Any
    errors: tuple[ContentError, ...] = ()
    ids: Mapping[str, str] = field(default_factory=dict)  # id -> display name
    bodies: tuple[Body, ...] = ()
    images: tuple[ImageRef, ...] = ()
    drafts: Mapping[str, str] = field(default_factory=dict)  # source path (absolute) -> path (content/…)
    withdrawn: Mapping[str, str] = field(default_factory=dict)  # source path (absolute) -> path (content/…)


class SectionLoadError(Exception):
    """A programming error in a section's registration (never an editor's mistake)."""


@dataclass(frozen=True)
class LoadContext:
    """Everything a section's ``load`` may read: one clock, one content root, its dependencies."""

    section: str
    root: str
    config: Any
    site_config: Any  # plugins.site.graph.SiteConfig: limits, privacy, sanitise …
    today: date | None
    sizes: Any  # plugins.common.images.ImageSizes
    cache: str | None  # the build cache (photo derivatives, parsed files)
    divisions: Any  # plugins.associations.divisions.Divisions: cities and counties
    results: Mapping[str, Loaded]
    depends: tuple[str, ...]
    names: Mapping[str, Mapping[str, str] | None] = field(default_factory=dict)  # ids of dependencies
    routes: Routes = field(default_factory=lambda: Routes({}))
    this_year: int = 0  # the one clock's year: bounds of class years and founding years
    drafts: frozenset[str] = frozenset()  # display paths of files with status: draft (the guard's)
    optional: tuple[str, ...] = ()  # the section's ``optional`` dependencies
    sources: Any = None  # plugins.site.sources.SourceFiles: files parsed once, verdicts kept between loads

    def uses(self, name: str) -> Loaded:
        """The result of a section named in ``depends`` (no other: the order must be declared)."""
        if name not in self.depends:
            raise SectionLoadError(f"section {self.section!r} reads {name!r} without declaring it in depends")
        return self.results[name]

    def uses_optional(self, name: str) -> Loaded | None:
        """The result of a section named in ``optional``; ``None`` when the site does not register it."""
        if name not in self.optional:
            raise SectionLoadError(
                f"section {self.section!r} reads {name!r} without declaring it in optional"
            )
        return self.results.get(name)

    def ids(self, kind: str) -> Mapping[str, str] | None:
        """Ids of a section in ``depends`` (``colleges`` …) by kind; ``None`` when its folder does not exist."""
        if kind not in self.names:
            raise SectionLoadError(f"section {self.section!r} reads unknown ids {kind!r}")
        return self.names[kind]


class RenderContext(Protocol):
    """What the Pelican adapter offers views and ``publish`` (plugins/site/sections_generator.py)."""

    settings: Mapping[str, Any]
    site: Any  # plugins.site.graph.Site: every section's items, read only
    content_root: str
    output_path: str
    routes: Routes
    views: Mapping[str, Any]  # every section's view: complete in the output phase (``publish``)
    today: date  # the build's one clock

    def config(self, section: str) -> Any: ...

    def photo(self, src: str, widths: Sequence[int]) -> Any: ...

    def body(self, text: str, source_path: str, path: str, first_line: int) -> str: ...

    def image_size(self, src: str) -> Any: ...

    def linked(self, html: str, title: str, route: str, source_path: str, **slots: str) -> Any: ...

    def article(self, source_path: str) -> Any: ...

    def articles(self) -> Sequence[Any]: ...

    def reuse(self, page_save_as: str, save_as: str) -> bool: ...

    def publish_photos(self, photos: Iterable[Any]) -> None: ...

    def write_bytes(self, save_as: str, data: bytes) -> None: ...

    def write_feed(self, items: Sequence[Any], route: str, title: str, **slots: str) -> None: ...


def archive_pages(
    items: Sequence[Any], routes: Routes, archive: str, item: str, templates: str, as_name: str
) -> Iterator[PageSpec]:
    """An archive page (``<templates>/index``) and one page per item (``{id}``); none without items.

    ``archive`` and ``item`` are route names; the item page's template is
    ``<templates>/<as_name>`` and shows the item as ``as_name``.
    """
    if not items:
        return
    yield routes.page(archive, f"{templates}/index")
    for entry in items:
        template = f"{templates}/{as_name}"
        yield routes.page(
            item, template, item=entry.id, as_name=as_name, source=entry.source_path, id=entry.id
        )


def _no_pages(items: Any, routes: Routes) -> Iterable[PageSpec]:
    return ()


@dataclass(frozen=True)
class Section:
    """One registered section (see the module docstring for the order of the calls)."""

    name: str  # key of views, configs and results: "albums"
    setting: str | None  # its pelicanconf.py setting ("ALBUMS"), or None
    # ``configure(value_of_setting, **{name.lower(): value_of_name for name in reads})``
    configure: Callable[..., Any]
    load: Callable[[LoadContext], Loaded]
    routes: tuple[Route, ...] = ()
    pages: Callable[[Any, Routes], Iterable[PageSpec]] = _no_pages
    depends: tuple[str, ...] = ()
    # Sections it reads when the site registers them (loaded before it); without one, what it would
    # check against them is left unchecked (``context.uses_optional``, ``context.ids``).
    optional: tuple[str, ...] = ()
    views: Callable[[Any, RenderContext], Any] | None = None
    publish: Callable[[Any, RenderContext], None] | None = None
    # A folder of the section's own templates, searched after the theme's (which may override them).
    templates: str = ""
    # Top-level settings ``configure`` reads besides its own (names editors already know, such as
    # MAP_APPROVAL_NUMBER), passed by their lower-case names.
    reads: tuple[str, ...] = ()
    # Its item pages claim their addresses before other sections' item pages, so a collision is
    # reported at the other file (news: a published article's URL must keep working, WeChat links to it).
    claims_first: bool = False


def order_sections(sections: Iterable[Section], provided: Iterable[str] = ()) -> tuple[Section, ...]:
    """The sections in dependency order; ties by name, so registration order changes nothing.

    ``provided`` names what exists before any section (a test's stand-ins).
    An ``optional`` dependency loads first when it is registered and is skipped
    when it is not.  A ``depends`` on anything else unregistered, a name
    registered twice or a cycle is a programming error, raised at once.
    """
    provided = frozenset(provided)
    by_name: dict[str, Section] = {}
    for section in sections:
        if section.name in by_name:
            raise SectionLoadError(f"section {section.name!r} is registered twice")
        by_name[section.name] = section
    for section in by_name.values():
        for dependency in section.depends:
            if dependency not in by_name and dependency not in provided:
                raise SectionLoadError(f"section {section.name!r} depends on unregistered {dependency!r}")
    ordered: list[Section] = []
    done: set[str] = set(provided)
    needs = {name: set(s.depends) | (set(s.optional) & set(by_name)) for name, s in by_name.items()}
    while len(ordered) < len(by_name):
        ready = sorted(name for name in by_name if name not in done and needs[name] <= done)
        if not ready:
            cycle = sorted(set(by_name) - done)
            raise SectionLoadError(f"sections depend on each other in a cycle: {cycle}")
        for name in ready:
            ordered.append(by_name[name])
            done.add(name)
    return tuple(ordered)


def configure_section(section: Section, settings: Mapping[str, Any]) -> tuple[Any, list[ContentError]]:
    """``(config, errors)`` of one section from the settings (``None`` config on an error)."""
    extra = {name.lower(): settings.get(name) for name in section.reads}
    try:
        return section.configure(settings.get(section.setting) if section.setting else None, **extra), []
    except ContentErrors as exc:
        return None, list(exc.errors)


def section_routes(
    sections: Iterable[Section], settings: Mapping[str, Any]
) -> tuple[Routes, list[ContentError]]:
    """Every route's patterns: the section's defaults, or ``<NAME>_URL``/``_SAVE_AS`` from the settings."""
    patterns: dict[str, tuple[str, str]] = {}
    errors: list[ContentError] = []
    for section in sections:
        for route in section.routes:
            url = settings.get(f"{route.name}_URL", route.url)
            save_as = settings.get(f"{route.name}_SAVE_AS", route.save_as)
            for kind, value, default in (("URL", url, route.url), ("SAVE_AS", save_as, route.save_as)):
                if not _same_placeholders(value, default):
                    name = f"{route.name}_{kind}"
                    allowed = "、".join(sorted(_placeholders(default))) or "（无）"
                    errors.append(
                        ContentError(
                            "pelicanconf.py",
                            setting_line(name),
                            "invalid-setting",
                            f"设置 {name} 有误：应为网址模式，占位符只能是 {allowed}，与默认值 {default!r} 相同",
                            name,
                        )
                    )
            patterns[route.name] = (str(url), str(save_as))
    return Routes(patterns), errors


def _placeholders(pattern: str) -> set[str]:
    import string

    return {name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None}


def _same_placeholders(value: Any, default: str) -> bool:
    if not isinstance(value, str):
        return False
    try:
        return _placeholders(value) == _placeholders(default)
    except ValueError:
        return False


class UrlRegistry:
    """Every page address of the site, once: the one collision check.

    Sections register each page with its owner (a content file, or the section
    for a page made of several files); a second owner of the same address (or
    of the same output file) is an ``[url-collision]`` error that names both.
    """

    def __init__(self) -> None:
        self._urls: dict[str, str] = {}
        self._files: dict[str, str] = {}
        self.errors: list[ContentError] = []

    def add(self, url: str, save_as: str, owner: str, line: int | Callable[[], int] = 0) -> None:
        """Register one page; ``line`` may be a function, asked only when the page collides."""
        for seen, key in ((self._urls, url), (self._files, save_as)):
            if not key:
                continue
            first = seen.setdefault(key, owner)
            if first != owner:
                self.errors.append(
                    ContentError(
                        owner,
                        line() if callable(line) else line,
                        "url-collision",
                        f"网址 /{url} 已属于 {first}：两个网页不能用同一个网址，请修改其中一个的网址名（slug/id）",
                        "slug",
                    )
                )
                return

    def __contains__(self, url: str) -> bool:
        return url in self._urls


__all__ = [
    "archive_pages",
    "Body",
    "ImageRef",
    "Loaded",
    "LoadContext",
    "PageSpec",
    "RenderContext",
    "Route",
    "Routes",
    "Section",
    "SectionLoadError",
    "SettingsError",
    "UrlRegistry",
    "configure_section",
    "order_sections",
    "section_routes",
]
