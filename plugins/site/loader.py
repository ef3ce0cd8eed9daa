"""Load and validate the whole site into one :class:`~plugins.site.graph.Site`.

``invoke check`` is exactly :func:`load_site`; the build calls it once and
hands the graph to Pelican (``BuildContext.site``).  Sections are read in an
explicit order — each step only refers to ids that earlier steps defined —
and every error of every step is returned at once:

1. settings of every section (a bad setting is an error at its line)
2. the registered sections (plugins/site/sections.py), in dependency order:
   colleges (ids for everyone else), achievements (→ colleges), associations and
   their honour rolls (→ colleges, achievements), news (→ those three when they
   are registered), donations (→ colleges, news), events (→ news) …
8. identity images, redirects, links between pages, the one URL registry
9. joins: what every college, project and association collects from the others
10. images: only those published pages reference, each inspected (plugins.site.media)
11. publishing only (``PUBLISH``): the publish guard (sample content, 备案 numbers)
12. drafts: the problems of a file with ``status: draft`` become warnings
    (:attr:`Site.warnings`), except personal data; a draft never stops the build

Pure: no Pelican import, so it is tested and timed without building a site.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from functools import partial
from typing import Any

from plugins.achievements.model import Achievement
from plugins.api.settings import api_config
from plugins.associations.divisions import Divisions
from plugins.associations.model import Association, Honour, honours_for
from plugins.associations.section import Associations
from plugins.colleges.model import College
from plugins.colleges.section import college_ids
from plugins.common import pinyin
from plugins.common.dates import clock_today, site_today
from plugins.common.errors import ContentError, ContentErrors, setting_line
from plugins.common.files import content_relative, display_path, field_line, read_text
from plugins.common.images import ImageSizes, check_image_file, resolve_content_path
from plugins.common.limits import limits_from_settings
from plugins.common.privacyerrors import policy_from_settings
from plugins.common.sanitize import config_from_settings as sanitize_config
from plugins.common.section import (
    LoadContext,
    Loaded,
    PageSpec,
    Section,
    UrlRegistry,
    configure_section,
    section_routes,
)
from plugins.donations.section import ProjectNode
from plugins.identity.guard import publish_errors, staging_error, staging_requested
from plugins.identity.settings import identity_config
from plugins.news.model import NewsArticle
from plugins.urls.model import REDIRECTS_FILE, Redirect, parse_redirects

from .graph import AssociationNode, CollegeNode, Site, SiteConfig
from .guard import guard_content
from .media import image_uses, published_images
from .parallel import parallel_output_setting
from .sections import registered_sections
from .sources import SourceFiles

URL_FIELDS = {  # the URL patterns the graph fills, and the placeholders each may use
    "ARTICLE": ("date", "slug"),
}
URL_SETTINGS = tuple(f"{name}_URL" for name in URL_FIELDS)
_SAMPLE = {"date": datetime(2024, 1, 1), "slug": "x", "id": "x"}


def load_config(settings: Mapping[str, Any]) -> tuple[SiteConfig | None, list[ContentError]]:
    """Every section's config; ``None`` with the errors if any setting is wrong."""
    errors: list[ContentError] = []

    def config(make: Callable[[], Any]) -> Any:
        try:
            return make()
        except ContentErrors as exc:
            errors.extend(exc.errors)
            return None

    s = settings
    made = {
        "api": config(lambda: api_config(s.get("API"), s)),
        "identity": config(lambda: identity_config(s.get("SITE_IDENTITY"), str(s.get("SITENAME", "")))),
        "privacy": config(lambda: policy_from_settings(s.get("PRIVACY"))),
        "limits": config(lambda: limits_from_settings(s.get("LIMITS"))),
        "sanitize": config(lambda: sanitize_config(s.get("SANITIZE"))),
    }
    config(lambda: parallel_output_setting(s))
    registered = config(lambda: registered_sections(s)) or ()
    section_configs = {}
    for section in registered:
        section_configs[section.name], found = configure_section(section, s)
        errors += found
    routes, found = section_routes(registered, s)
    errors += found
    publish = s.get("PUBLISH", False)
    if not isinstance(publish, bool):
        errors.append(
            ContentError(
                "pelicanconf.py",
                setting_line("PUBLISH"),
                "invalid-setting",
                f"设置 PUBLISH 有误：应为 True 或 False，现在是 {publish!r}",
                "PUBLISH",
            )
        )
    urls, found = _url_patterns(s)
    errors += found
    publish = bool(s.get("PUBLISH"))
    errors += staging_error() if publish else []
    if errors:
        return None, errors
    staging = publish and staging_requested()
    if staging and not s.get("SITEURL"):  # publishconf.py: a staging copy never takes the real address
        return None, [
            ContentError(
                "SITEURL",
                0,
                "missing-staging-siteurl",
                "测试版（SITE_STAGING=1）需要自己的网址，不会使用正式网站的网址：请在 publishconf.py 中设置 "
                "STAGING_SITEURL（例如 https://test.xiaoyou.wfu.edu.cn），或运行时设置环境变量 SITEURL=测试版网址",
            )
        ]
    return (
        SiteConfig(
            content_root=str(s["PATH"]),
            urls=urls,
            publish=publish,
            staging=staging,
            registered=registered,
            sections=section_configs,
            routes=routes,
            **made,
        ),
        [],
    )


def _url_patterns(s: Mapping[str, Any]) -> tuple[dict[str, str], list[ContentError]]:
    """The URL patterns the graph fills itself, each checked for the placeholders it may use."""
    errors: list[ContentError] = []
    urls: dict[str, str] = {}
    for name in URL_SETTINGS:
        value = s.get(name)
        fields = URL_FIELDS[name.removesuffix("_URL")]
        try:
            # The graph fills these patterns itself: only the placeholders it knows may appear.
            if not isinstance(value, str):
                raise ValueError(name)
            value.format(**{f: _SAMPLE[f] for f in fields})
        except (KeyError, IndexError, ValueError):
            allowed = "、".join("{" + f + "}" for f in fields)
            message = f"设置 {name} 有误：应为网址模式，只能使用 {allowed}"
            errors.append(
                ContentError("pelicanconf.py", setting_line(name), "invalid-setting", message, name)
            )
        urls[name] = str(value)
    try:  # the news reader fills ARTICLE_SAVE_AS like ARTICLE_URL
        s["ARTICLE_SAVE_AS"].format(**_SAMPLE)
    except (AttributeError, KeyError, IndexError, ValueError):
        message = "设置 ARTICLE_SAVE_AS 有误：只能使用 {date} 和 {slug}"
        errors.append(
            ContentError(
                "pelicanconf.py",
                setting_line("ARTICLE_SAVE_AS"),
                "invalid-setting",
                message,
                "ARTICLE_SAVE_AS",
            )
        )
    return urls, errors


def load_site(settings: Mapping[str, Any], bodies: bool = True) -> tuple[Site | None, list[ContentError]]:
    """The validated, joined site and every error (sorted); ``None`` if settings are wrong.

    ``bodies=False`` is for a caller that renders nothing (``invoke check``): news
    articles come without their body text (an empty ``body``), which the check
    never reads (it reads each body's links and images: :class:`Body`), and the
    texts are not loaded from the cache (plugins/site/verdicts.py).  The errors
    are the same either way (tests/unit/test_site_verdicts.py).
    """
    config, errors = load_config(settings)
    if config is None:
        return None, sorted(set(errors))
    root = config.content_root
    today = _today()
    # Each file's front matter is parsed once per load, and what depends on one file
    # only (its guard errors, its parsed header) is reused from the previous load.
    sources = SourceFiles.open(settings.get("PHOTO_CACHE_PATH"), config.limits, config.privacy, today, bodies)
    pinyin.use_cache(settings.get("PHOTO_CACHE_PATH"))  # slugs and name order without loading pypinyin
    # 1b. every file: symlinks, size and YAML limits, lengths, personal data.  A resource
    # problem stops here, so no section parses (or slugifies) a hostile file.
    guarded = guard_content(
        root, config.limits, config.privacy, today, sources, publish=config.publish and not config.staging
    )
    if guarded.blocking:
        sources.save()
        pinyin.save_cache()
        return None, sorted(set(errors + guarded.errors))
    errors += guarded.errors
    sizes = ImageSizes(limits=config.limits)
    this_year = (today or clock_today()).year  # the one clock: every model's year bounds
    divisions = Divisions.load()
    errors += _clock_errors()

    # 2. the registered sections (plugins/site/sections.py), in dependency order
    results, found = _load_sections(
        config.registered,
        config=config,
        root=root,
        today=today,
        this_year=this_year,
        sizes=sizes,
        cache=settings["PHOTO_CACHE_PATH"],
        divisions=divisions,
        provided={},
        drafts=frozenset(guarded.drafts),
        sources=sources,
    )
    errors += found
    section_pages = _section_pages(config, results)

    # 8. identity images, redirects, links between pages, the one URL registry
    errors += _identity_errors(config, root, sizes)
    redirects, found = _load_redirects(root)
    errors += found
    pages = _link_targets(section_pages, root)
    errors += _link_errors(pages, root, tuple(results.values()))
    errors += _url_collisions(config, section_pages, root)
    # 11. publishing: no sample content, no empty 备案 numbers (unless SITE_STAGING=1)
    if config.publish and not config.staging:
        errors += publish_errors(settings, root, config.identity.emblem)
    # 9. joins
    site = replace(
        _join(config, divisions, results),
        redirects=redirects,
        pages=pages,
        sections=results,
        section_pages=section_pages,
    )
    # 10. the images published pages use: inspected now, re-encoded when written
    reported = {
        (e.path, e.line) for e in errors if e.key.startswith("image-") or e.key == "path-outside-content"
    }
    images, found = published_images(
        image_uses(site, root), root, config.limits, reported, settings.get("PHOTO_CACHE_PATH")
    )
    errors += found
    sources.save()
    pinyin.save_cache()
    # 12. drafts never block: what is left to do in a draft is a warning
    errors, warnings = split_draft_warnings(_one_message_each(errors), guarded.drafts)
    parent = os.path.dirname(os.path.abspath(root))
    drafts = frozenset(os.path.normpath(os.path.join(parent, path)) for path in guarded.drafts)
    site = replace(site, images=images, warnings=tuple(warnings), draft_sources=drafts)
    return site, errors


def _link_targets(section_pages: tuple[tuple[str, PageSpec], ...], root: str) -> dict[str, str]:
    """The pages a ``{filename}`` link may lead to: content-relative source path -> URL.

    A page made from one entry of a data file (``line``) is none: the file makes many.
    """
    return {
        content_relative(p.source, root): p.url
        for _, p in section_pages
        if p.source and not p.line and p.link_target
    }


def _section_pages(config: SiteConfig, results: Mapping[str, Loaded]) -> tuple[tuple[str, PageSpec], ...]:
    """Every registered section's pages, ``(section name, page)``, in registration order."""
    return tuple(
        (section.name, page)
        for section in config.registered
        for page in section.pages(results[section.name].items, config.routes)
    )


# Problems that stop even a draft: personal data must not sit in any file, draft or not.
STRICT_IN_DRAFTS = frozenset({"personal-data", "private-contact"})


def _load_sections(
    sections: Iterable[Section],
    config: SiteConfig,
    root: str,
    today: date | None,
    this_year: int,
    sizes: ImageSizes,
    cache: str | None,
    divisions: Divisions,
    provided: Mapping[str, Loaded],
    drafts: frozenset[str] = frozenset(),
    sources: SourceFiles | None = None,
) -> tuple[dict[str, Loaded], list[ContentError]]:
    """``sections`` (in dependency order) loaded, each reading only what it declares.

    ``provided`` holds results made before the sections (a test's stand-ins).
    An ``optional`` dependency the site does not register is simply absent.
    """
    errors: list[ContentError] = []
    results: dict[str, Loaded] = dict(provided)
    for section in sections:
        reads = (*section.depends, *(name for name in section.optional if name in results))
        context = LoadContext(
            section.name,
            root,
            config.sections[section.name],
            config,
            today,
            sizes,
            cache,
            divisions,
            {name: results[name] for name in reads},
            section.depends,
            {"colleges": college_ids(results.get("colleges"))}
            if "colleges" in (*section.depends, *section.optional)
            else {},
            config.routes,
            this_year,
            drafts,
            section.optional,
            sources,
        )
        results[section.name] = section.load(context)
        errors += results[section.name].errors
    return {s.name: results[s.name] for s in sections}, errors


def split_draft_warnings(
    errors: list[ContentError], drafts: set[str]
) -> tuple[list[ContentError], list[ContentError]]:
    """``(errors, warnings)``: a draft's problems are warnings, except :data:`STRICT_IN_DRAFTS`."""
    kept, warnings = [], []
    for error in errors:
        if error.path in drafts and error.key not in STRICT_IN_DRAFTS:
            warnings.append(error)
        else:
            kept.append(error)
    return kept, warnings


def _url_collisions(
    config: SiteConfig, section_pages: tuple[tuple[str, PageSpec], ...], root: str
) -> list[ContentError]:
    """One registry of every page address: two pages never share one (``[url-collision]``).

    Fixed addresses (a section's archive pages, 会长致辞) are registered first, so
    a collision is reported at the file whose ``slug`` the editor can change, at
    that line; then the pages of sections that claim first (news articles), then
    every other page made from a file or an entry.
    """
    registry = UrlRegistry()
    first = {section.name for section in config.registered if section.claims_first}
    fixed = [(name, page) for name, page in section_pages if page.item is None]
    items = sorted(
        ((name, page) for name, page in section_pages if page.item is not None),
        key=lambda p: p[0] not in first,
    )
    for name, page in fixed + items:
        source = page.source
        owner = display_path(source, root) if source else f"{name}:{page.route}"
        # The slug's line is read from the file only if this page collides (thousands never do).
        line = 0 if page.item is None else page.line or (partial(field_line, source, "slug") if source else 0)
        registry.add(page.url, page.save_as, owner, line)
    return registry.errors


def _today() -> date | None:
    try:
        return site_today()
    except ValueError:  # reported by the events step
        return None


def _one_message_each(errors: list[ContentError]) -> list[ContentError]:
    """Sorted, without a ``[personal-data]`` where a contact field already said ``[private-contact]``."""
    contacts = {(e.path, e.line) for e in errors if e.key == "private-contact"}
    return sorted({e for e in errors if not (e.key == "personal-data" and (e.path, e.line) in contacts)})


def _clock_errors() -> list[ContentError]:
    """``SITE_TODAY``, the build's one clock, must be a date when it is set."""
    try:
        site_today()
    except ValueError:
        return [
            ContentError(
                "SITE_TODAY",
                0,
                "invalid-site-today",
                f"环境变量 SITE_TODAY=“{os.environ.get('SITE_TODAY')}”无效：请写成 2026-06-01（年-月-日），"
                "或不设置（使用北京时间的今天）",
            )
        ]
    return []


def _identity_errors(config: SiteConfig, root: str, sizes: ImageSizes) -> list[ContentError]:
    """The emblem and the hero photograph must exist; the photograph must decode."""
    errors = []
    for key in ("emblem", "hero_image"):
        image = getattr(config.identity, key)
        if not image:
            continue
        found = check_image_file("/" + image, 0, "pelicanconf.py", os.path.join(root, "x"), root, sizes)
        for error in found:
            errors.append(
                ContentError(
                    "pelicanconf.py",
                    setting_line("SITE_IDENTITY"),
                    error.key,
                    f"SITE_IDENTITY['{key}']：{error.message}",
                    "SITE_IDENTITY",
                )
            )
    return errors


def _load_redirects(root: str) -> tuple[dict[str, Redirect], list[ContentError]]:
    source = os.path.join(root, REDIRECTS_FILE)
    if not os.path.isfile(source):
        return {}, []
    path = display_path(source, root)
    try:
        return parse_redirects(read_text(source, path), path)
    except ContentErrors as exc:
        return {}, exc.errors


def _link_errors(pages: Mapping[str, str], root: str, sections: Sequence[Loaded] = ()) -> list[ContentError]:
    """A ``{filename}`` link must lead to a page; a draft, a withdrawn article or a data file is no page."""
    drafts: dict[str, str] = {}
    withdrawn: dict[str, str] = {}
    for loaded in sections:
        drafts.update({os.path.relpath(source, root): path for source, path in loaded.drafts.items()})
        withdrawn.update({os.path.relpath(source, root): path for source, path in loaded.withdrawn.items()})
    errors = []
    for body in (body for loaded in sections for body in loaded.bodies):
        for line, target in body.links:
            if not target.startswith("{filename}"):
                continue
            resolved = resolve_content_path(target, body.source_path, root)
            relative = os.path.relpath(resolved, root)
            if relative in pages or not os.path.isfile(resolved):
                continue  # a page, or a missing file (reported as broken-link by the body check)
            if relative in withdrawn:
                message = f"链接指向已撤稿的文章 {withdrawn[relative]}，读者只会看到撤稿说明：请删除这个链接"
                errors.append(ContentError(body.path, line, "link-to-withdrawn", message, "body"))
            elif relative in drafts:
                message = f"链接指向草稿 {drafts[relative]}，读者打不开：请先发布那篇文章，或删除这个链接"
                errors.append(ContentError(body.path, line, "link-to-draft", message, "body"))
            else:
                message = (
                    f"链接 {target} 指向的文件不会生成网页：{{filename}} 只能链接新闻、学院、校友风采和捐赠项目文件；"
                    "图片等文件请写 {static}/…"
                )
                errors.append(ContentError(body.path, line, "link-not-a-page", message, "body"))
    return errors


def _join(config: SiteConfig, divisions: Divisions, results: Mapping[str, Loaded]) -> Site:
    """What each college, project and association collects from the other sections' results."""
    news: Sequence[NewsArticle] = results["news"].items.articles if "news" in results else ()
    colleges: Iterable[College] = results["colleges"].items.colleges if "colleges" in results else ()
    profiles: Iterable[Achievement] = (
        results["achievements"].items.profiles.values() if "achievements" in results else ()
    )
    found: Associations | None = results["associations"].items if "associations" in results else None
    associations: Sequence[Association] = found.associations if found else ()
    honours: list[Honour] = list(found.honours) if found else []  # the associations section loads them
    projects: Mapping[str, ProjectNode] = (
        results["donations"].items.projects if "donations" in results else {}
    )
    published = [a for a in news if a.published]
    by_college: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for article in published:
        if article.meta.college:
            by_college[article.meta.college]["news"].append(article)
    for profile in profiles:
        by_college[profile.college]["achievements"].append(profile)
    for association in associations:
        if association.college:
            by_college[association.college]["associations"].append(association)
    for node in projects.values():
        if node.project.college:
            by_college[node.project.college]["projects"].append(node.project)
    for college in colleges:
        by_college[college.id]["honours"] = honours_for(honours, college=college.id)
    college_nodes = {
        c.id: CollegeNode(
            college=c,
            url=config.routes.url("COLLEGE", id=c.id),
            **{kind: tuple(items) for kind, items in by_college[c.id].items()},
        )
        for c in colleges
    }

    association_news: dict[str, list[NewsArticle]] = defaultdict(list)
    for article in published:
        if article.meta.association:
            association_news[article.meta.association].append(article)
    association_nodes = {
        a.id: AssociationNode(
            a,
            config.routes.url("ASSOCIATION", id=a.id),
            tuple(association_news[a.id]),
            tuple(honours_for(honours, association=a.id)),
        )
        for a in associations
    }
    return Site(
        config=config,
        divisions=divisions,
        news=tuple(news),
        colleges=college_nodes,
        associations=association_nodes,
        honours=tuple(honours),
        redirects={},
        news_registries=results["news"].items.registries if "news" in results else None,
    )
