"""Load and validate the whole site into one :class:`~plugins.site.graph.Site`.

``invoke check`` is exactly :func:`load_site`; the build calls it once and
hands the graph to Pelican (``context["site"]``).  Sections are read in an
explicit order — each step only refers to ids that earlier steps defined —
and every error of every step is returned at once:

1. settings of every section (a bad setting is an error at its line)
2. colleges                       (ids for everyone else)
3. achievements                   (→ colleges)
4. associations                   (→ colleges)
5. news                           (→ colleges, associations)
6. donation projects, gifts, graduate counts (→ colleges, projects, news)
7. honours                        (→ associations, colleges, achievements)
8. WeChat share images, identity images, redirects, links between pages
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
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from plugins.achievements.model import Achievement, load_achievements, sort_profiles
from plugins.achievements.settings import achievements_config
from plugins.api.settings import api_config
from plugins.associations.divisions import Divisions
from plugins.associations.model import association_ids, honours_for, load_associations, load_honours
from plugins.associations.settings import associations_config
from plugins.colleges.model import load_colleges
from plugins.colleges.settings import colleges_config
from plugins.common import pinyin
from plugins.common.dates import site_today
from plugins.common.errors import ContentError, ContentErrors, setting_line
from plugins.common.files import display_path, markdown_files, read_text
from plugins.common.images import ImageSizes, check_image_file, resolve_content_path
from plugins.common.limits import limits_from_settings
from plugins.common.links import internal_links
from plugins.common.photos import photo_problem, process_photo
from plugins.common.privacy import policy_from_settings
from plugins.common.registries import Registries
from plugins.common.sanitize import config_from_settings as sanitize_config
from plugins.donations.model import load_gifts, load_graduates, load_projects, progress, project_files
from plugins.donations.settings import donations_config
from plugins.events.model import duplicate_number_errors
from plugins.events.settings import events_config
from plugins.identity.guard import publish_errors, staging_error, staging_requested
from plugins.identity.settings import identity_config
from plugins.news.model import SCHEDULED, duplicate_url_errors
from plugins.news.settings import news_config
from plugins.urls.model import REDIRECTS_FILE, parse_redirects
from plugins.wechat.settings import wechat_config

from .graph import AssociationNode, CollegeNode, NewsArticle, ProjectNode, Site, SiteConfig
from .guard import guard_content
from .media import image_uses, published_images
from .parallel import parallel_output_setting
from .services import (
    load_about_section,
    load_album_section,
    load_alumni_home,
    load_enterprises_and_jobs,
    load_magazine_section,
    load_standing_pages,
    services_configs,
)
from .sources import SourceFiles
from .verdicts import news_verdict, section_verdict

URL_FIELDS = {  # the URL patterns the graph fills, and the placeholders each may use
    "ARTICLE": ("date", "slug"),
    "COLLEGE": ("id",),
    "ACHIEVEMENT": ("slug",),
    "ASSOCIATION": ("id",),
    "DONATION_PROJECT": ("id",),
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
        "news": config(lambda: news_config(s.get("NEWS"))),
        "colleges": config(lambda: colleges_config(s.get("COLLEGES"))),
        "achievements": config(lambda: achievements_config(s.get("ACHIEVEMENTS"))),
        "donations": config(lambda: donations_config(s.get("DONATIONS"))),
        "associations": config(
            lambda: associations_config(
                s.get("ASSOCIATIONS"), s.get("MAP_APPROVAL_NUMBER"), s.get("PROVINCE_MAP_APPROVAL_NUMBER")
            )
        ),
        "wechat": config(lambda: wechat_config(s.get("WECHAT"), str(s.get("SITENAME", "")))),
        "events": config(lambda: events_config(s.get("EVENTS"))),
        "api": config(lambda: api_config(s.get("API"), s)),
        **{name: config(make) for name, make in services_configs(s).items()},
        "identity": config(lambda: identity_config(s.get("SITE_IDENTITY"), str(s.get("SITENAME", "")))),
        "privacy": config(lambda: policy_from_settings(s.get("PRIVACY"))),
        "limits": config(lambda: limits_from_settings(s.get("LIMITS"))),
        "sanitize": config(lambda: sanitize_config(s.get("SANITIZE"))),
    }
    config(lambda: parallel_output_setting(s))
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
    urls = {}
    for name in URL_SETTINGS:
        value = s.get(name)
        fields = URL_FIELDS[name.removesuffix("_URL")]
        try:
            # The graph fills these patterns itself: only the placeholders it knows may appear.
            value.format(**{f: _SAMPLE[f] for f in fields})
        except (AttributeError, KeyError, IndexError, ValueError):
            allowed = "、".join("{" + f + "}" for f in fields)
            message = f"设置 {name} 有误：应为网址模式，只能使用 {allowed}"
            errors.append(
                ContentError("pelicanconf.py", setting_line(name), "invalid-setting", message, name)
            )
        urls[name] = value
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
    return SiteConfig(content_root=str(s["PATH"]), urls=urls, publish=publish, staging=staging, **made), []


def load_site(settings: Mapping[str, Any]) -> tuple[Site | None, list[ContentError]]:
    """The validated, joined site and every error (sorted); ``None`` if settings are wrong."""
    config, errors = load_config(settings)
    if config is None:
        return None, sorted(set(errors))
    root = config.content_root
    today = _today()
    # Each file's front matter is parsed once per load, and what depends on one file
    # only (its guard errors, its parsed header) is reused from the previous load.
    sources = SourceFiles.open(settings.get("PHOTO_CACHE_PATH"), config.limits, config.privacy, today)
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
    urls = config.urls
    divisions = Divisions.load()

    # 2. colleges: a college whose file has errors still "exists" for the others,
    # so one mistake gives one message, not one per reference.
    colleges, found = load_colleges(root, config.colleges, Registries(), sizes)
    errors += found
    colleges = [c for c in colleges if c.status == "published"]  # a draft college is no id yet
    college_names = {c.id: c.name for c in colleges}
    for source_path in markdown_files(os.path.join(root, config.colleges.folder)):
        if display_path(source_path, root) in guarded.drafts:
            continue
        stem = os.path.splitext(os.path.basename(source_path))[0]
        college_names.setdefault(stem, stem)
    college_ids = Registries(
        colleges=college_names if os.path.isdir(os.path.join(root, config.colleges.folder)) else None
    )

    # 3. achievements (profiles), photos decoded once so a broken one is an error now
    profiles, found = load_achievements(root, config.achievements, college_ids, sizes=sizes)
    errors += found + _photo_errors(profiles, root, settings, config.achievements.photo_widths, config.limits)
    published_profiles = sort_profiles([p for p in profiles if p.status == "published"])

    # 4. associations
    associations, found = load_associations(root, config.associations, divisions, college_ids)
    errors += found
    association_names = association_ids(root, config.associations)

    # 5. news, with their event blocks (organiser, series and speakers checked here,
    # reports once every article is known)
    registries = Registries(
        colleges=college_ids.colleges,
        associations=association_names,
        achievements={p.slug: p.title for p in published_profiles},
        event_series=dict(config.events.series),
    )
    news, found, broken_slugs = _load_news(
        root, config, registries, sizes, urls["ARTICLE_URL"], sources, today
    )
    errors += found + _event_errors(news, broken_slugs)

    # 6. donations
    published = [a for a in news if a.published]
    news_keys = {a.meta.slug: a.url for a in reversed(published)}
    news_keys.update({f"{a.meta.date:%Y}/{a.meta.slug}": a.url for a in published})
    registries = Registries(colleges=college_ids.colleges, news=news_keys)
    projects, found = load_projects(root, config.donations, registries, sizes)
    errors += found
    gifts, found = section_verdict(  # a verdict cached by its inputs (plugins.site.verdicts)
        sources.verdicts, "gifts", (root, config.donations, projects, registries),
        lambda: load_gifts(root, config.donations, projects, registries),
    )  # fmt: skip
    errors += found
    graduates, found = load_graduates(root, config.donations, registries)
    errors += found
    errors += _channel_image_errors(config, root, sizes)

    # 6b. services: enterprises and jobs (→ colleges, projects), 校友之家 (→ colleges, gifts), pages
    project_names = {p.id: p.name for p in projects}
    for source_path in project_files(root, config.donations):  # broken files still exist for others
        project_names.setdefault(os.path.splitext(os.path.basename(source_path))[0], "")
    cache = settings["PHOTO_CACHE_PATH"]
    enterprises, jobs, found = load_enterprises_and_jobs(
        config.enterprises, root, divisions, college_ids.colleges, project_names, cache, sizes, config.limits
    )
    errors += found
    memories, found = load_alumni_home(
        config.alumni_home, root, college_ids.colleges, gifts, cache, sizes, config.limits
    )
    errors += found
    standing_pages, found = load_standing_pages(config.standing_pages, root, sizes)
    errors += found
    about_message, milestones, found = load_about_section(config.about, root, cache, sizes)
    errors += found
    albums, found = load_album_section(config.albums, root, cache, sizes)
    errors += found
    magazine, found = section_verdict(  # a verdict cached by its inputs (plugins.site.verdicts)
        sources.verdicts, "magazine", (root, cache, config.magazine, sizes.limits, config.privacy, today),
        lambda: load_magazine_section(config.magazine, root, cache, sizes, config.privacy, today),
    )  # fmt: skip
    errors += found

    # 7. honours
    registries = Registries(
        colleges=college_ids.colleges,
        associations=association_names,
        achievements={p.slug: p.title for p in published_profiles},
    )
    honours, found = load_honours(root, config.associations, registries)
    errors += found

    # 8. share images, identity images, redirects, links between pages
    errors += _wechat_errors(config, root, sizes)
    errors += _identity_errors(config, root, sizes)
    redirects, found = _load_redirects(root)
    errors += found
    pages = _page_urls(config, news, colleges, published_profiles, projects)
    errors += _link_errors(news, profiles, colleges, projects, pages, root)

    # 9. joins
    site = _join(
        config,
        divisions,
        news,
        colleges,
        published_profiles,
        associations,
        projects,
        gifts,
        graduates,
        honours,
    )
    # 11. publishing: no sample content, no empty 备案 numbers (unless SITE_STAGING=1)
    if config.publish and not config.staging:
        errors += publish_errors(settings, root, config.identity.emblem)
    services = {
        "enterprises": {e.id: e for e in sorted(enterprises, key=lambda e: e.id) if e.status == "published"},
        "jobs": tuple(j for j in jobs if j.status == "published"),
        "memories": tuple(m for m in memories if m.status == "published"),
        "standing_pages": tuple(p for p in standing_pages if p.status == "published"),
        "about_message": about_message,
        "milestones": milestones,
        "albums": albums,
        "magazine": magazine,
    }
    pages.update(_service_page_urls(config, services, settings))
    site = replace(site, redirects=redirects, pages=pages, **services)
    # 10. the images published pages use: inspected now, re-encoded when written
    reported = {
        (e.path, e.line) for e in errors if e.key.startswith("image-") or e.key == "path-outside-content"
    }
    images, found = published_images(image_uses(site, root), root, config.limits, reported)
    errors += found
    sources.save()
    pinyin.save_cache()
    # 12. drafts never block: what is left to do in a draft is a warning
    errors, warnings = split_draft_warnings(_one_message_each(errors), guarded.drafts)
    parent = os.path.dirname(os.path.abspath(root))
    drafts = frozenset(os.path.normpath(os.path.join(parent, path)) for path in guarded.drafts)
    return replace(site, images=images, warnings=tuple(warnings), draft_sources=drafts), errors


# Problems that stop even a draft: personal data must not sit in any file, draft or not.
STRICT_IN_DRAFTS = frozenset({"personal-data", "private-contact"})


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


def _service_page_urls(config: SiteConfig, services: dict, settings: Mapping[str, Any]) -> dict[str, str]:
    """Content files of the services sections that become pages (for ``{filename}`` links)."""
    root = config.content_root
    found = {}
    for enterprise in services["enterprises"].values():
        found[os.path.relpath(enterprise.source_path, root)] = settings["ENTERPRISE_URL"].format(
            id=enterprise.id
        )
    for job in services["jobs"]:
        found[os.path.relpath(job.source_path, root)] = settings["JOB_URL"].format(id=job.id)
    for memory in services["memories"]:
        found[os.path.relpath(memory.source_path, root)] = settings["MEMORY_URL"].format(slug=memory.slug)
    for page in services["standing_pages"]:
        found[os.path.relpath(page.source_path, root)] = settings["PAGE_URL"].format(slug=page.slug)
    if services["about_message"]:
        found[os.path.relpath(services["about_message"].source_path, root)] = settings["ABOUT_MESSAGE_URL"]
    return found


def _today():
    try:
        return site_today()
    except ValueError:  # reported by the events step
        return None


def _one_message_each(errors: list[ContentError]) -> list[ContentError]:
    """Sorted, without a ``[personal-data]`` where a contact field already said ``[private-contact]``."""
    contacts = {(e.path, e.line) for e in errors if e.key == "private-contact"}
    return sorted({e for e in errors if not (e.key == "personal-data" and (e.path, e.line) in contacts)})


def _photo_errors(
    profiles: list[Achievement], root: str, settings: Mapping[str, Any], widths, limits
) -> list[ContentError]:
    errors = []
    for profile in profiles:
        if not profile.photo:
            continue
        try:
            process_photo(os.path.join(root, profile.photo), settings["PHOTO_CACHE_PATH"], widths, limits)
        except ContentErrors as exc:
            errors.append(
                photo_problem(exc, profile.path, profile.photo_line, profile.photo, "照片", "photo")
            )
    return errors


def _load_news(
    root: str,
    config: SiteConfig,
    registries: Registries,
    sizes: ImageSizes,
    url_pattern: str,
    sources: SourceFiles,
    today: date | None = None,
):
    """The articles (newest first), their errors, and the slugs of files that did not validate.

    A report naming one of those slugs is not a second error (:func:`_event_errors`).
    Scheduled publishing: an article dated after ``today`` (the site clock,
    :func:`plugins.common.dates.site_today`) is :data:`SCHEDULED` until that day,
    so no page, list, feed, API, search index, sitemap, WeChat export or calendar
    has it; the daily build publishes it (docs/编辑指南.md).
    """
    articles: list[NewsArticle] = []
    errors: list[ContentError] = []
    broken_slugs: set[str] = set()
    named: list[str] = []  # the slug each readable file asks for
    for source_path in markdown_files(os.path.join(root, config.news.folder)):
        path = display_path(source_path, root)
        verdict = news_verdict(
            sources.verdicts, source_path, path, root, config.news, registries, sizes, sources
        )
        errors.extend(verdict.errors)
        if verdict.unreadable:
            broken_slugs.add(os.path.splitext(os.path.basename(source_path))[0])
            continue
        named += [verdict.named] if verdict.named else []
        if verdict.source is None:
            continue
        source = verdict.source
        if source.meta.status == "published" and today is not None and source.meta.date.date() > today:
            source = replace(source, meta=replace(source.meta, status=SCHEDULED))
        url = (
            url_pattern.format(date=source.meta.date, slug=source.meta.slug)
            if source.meta.status in ("published", "withdrawn")
            else ""
        )
        articles.append(NewsArticle(os.path.normpath(source_path), source, url))
    # A withdrawn article's URL keeps its notice: no other article may take it.
    errors += duplicate_url_errors([(a.path, a.url, a.source.url_line) for a in articles if a.url])
    articles.sort(key=lambda a: (a.meta.date, a.path), reverse=True)
    valid = {a.meta.slug for a in articles}
    broken_slugs.update(slug for slug in named if slug not in valid)
    return articles, errors, broken_slugs


def _event_errors(news: list[NewsArticle], broken_slugs: set[str]) -> list[ContentError]:
    """Reports that exist, lecture numbers used once per series, and a valid ``SITE_TODAY``.

    A report that names a news file with errors of its own is not reported again.
    """
    published = [a for a in news if a.published]
    keys = {f"{a.meta.date:%Y}/{a.meta.slug}" for a in published} | {a.meta.slug for a in published}
    events = [a for a in published if a.meta.event]
    errors = duplicate_number_errors((a.path, a.meta.event) for a in events)
    for article in events:
        report = article.meta.event.report
        if report and report not in keys and report.rsplit("/", 1)[-1] not in broken_slugs:
            errors.append(
                ContentError(
                    article.path,
                    article.meta.event.report_line,
                    "unknown-report",
                    f"找不到活动报道“{report}”：请写已发布报道文章的网址名（slug），例如 report: 2023/xiao-you-da-jiang-tang，"
                    "年份/网址名可避免重名",
                    "event.report",
                )
            )
    try:
        site_today()
    except ValueError:
        errors.append(
            ContentError(
                "SITE_TODAY",
                0,
                "invalid-site-today",
                f"环境变量 SITE_TODAY=“{os.environ.get('SITE_TODAY')}”无效：请写成 2026-06-01（年-月-日），"
                "或不设置（使用北京时间的今天）",
            )
        )
    return errors


def _channel_image_errors(config: SiteConfig, root: str, sizes: ImageSizes) -> list[ContentError]:
    errors = []
    for channel in config.donations.channels.get("online", ()):
        image = str(channel.get("image", "")).lstrip("/")
        for error in check_image_file("/" + image, 0, "pelicanconf.py", os.path.join(root, "x"), root, sizes):
            errors.append(
                ContentError(
                    "pelicanconf.py",
                    0,
                    error.key,
                    f"DONATIONS['channels']['online']：{error.message}",
                    "DONATIONS",
                )
            )
    return errors


def _wechat_errors(config: SiteConfig, root: str, sizes: ImageSizes) -> list[ContentError]:
    """The share image and the 公众号 QR image must exist and be readable images."""
    errors = []
    for key in ("default_og_image", "qr_image"):
        image = getattr(config.wechat, key)
        if not image:
            continue
        for error in check_image_file("/" + image, 0, "pelicanconf.py", os.path.join(root, "x"), root, sizes):
            errors.append(
                ContentError("pelicanconf.py", 0, error.key, f"WECHAT['{key}']：{error.message}", "WECHAT")
            )
    return errors


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


def _load_redirects(root: str):
    source = os.path.join(root, REDIRECTS_FILE)
    if not os.path.isfile(source):
        return {}, []
    path = display_path(source, root)
    try:
        return parse_redirects(read_text(source, path), path)
    except ContentErrors as exc:
        return {}, exc.errors


def _page_urls(config: SiteConfig, news, colleges, profiles, projects) -> dict[str, str]:
    """Every content file that becomes a page, by its path relative to the content folder."""
    root, urls = config.content_root, config.urls
    pages = {}
    for article in news:
        if article.published:
            pages[os.path.relpath(article.source_path, root)] = article.url
    for college in colleges:
        pages[os.path.relpath(college.source_path, root)] = urls["COLLEGE_URL"].format(id=college.id)
    for profile in profiles:
        pages[os.path.relpath(profile.source_path, root)] = urls["ACHIEVEMENT_URL"].format(slug=profile.slug)
    for project in projects:
        pages[os.path.relpath(project.source_path, root)] = urls["DONATION_PROJECT_URL"].format(id=project.id)
    return pages


def _link_errors(
    news, profiles, colleges, projects, pages: Mapping[str, str], root: str
) -> list[ContentError]:
    """A ``{filename}`` link must lead to a page; a draft or a data file is no page."""
    drafts = {
        os.path.relpath(a.source_path, root): a.path for a in news if not a.published and not a.withdrawn
    }
    withdrawn = {os.path.relpath(a.source_path, root): a.path for a in news if a.withdrawn}
    drafts.update({os.path.relpath(p.source_path, root): p.path for p in profiles if p.status != "published"})
    bodies = [(a.path, a.source_path, a.source.body, a.source.body_line, a.published) for a in news]
    bodies += [(p.path, p.source_path, p.body, p.body_line, p.status == "published") for p in profiles]
    bodies += [(c.path, c.source_path, c.body, c.body_line, True) for c in colleges]
    bodies += [(p.path, p.source_path, p.body, p.body_line, True) for p in projects]
    errors = []
    for path, source_path, body, body_line, is_published in bodies:
        if not is_published:
            continue
        for line, target in internal_links(body, body_line):
            if not target.startswith("{filename}"):
                continue
            resolved = resolve_content_path(target, source_path, root)
            relative = os.path.relpath(resolved, root)
            if relative in pages or not os.path.isfile(resolved):
                continue  # a page, or a missing file (reported as broken-link by the body check)
            if relative in withdrawn:
                message = f"链接指向已撤稿的文章 {withdrawn[relative]}，读者只会看到撤稿说明：请删除这个链接"
                errors.append(ContentError(path, line, "link-to-withdrawn", message, "body"))
            elif relative in drafts:
                message = f"链接指向草稿 {drafts[relative]}，读者打不开：请先发布那篇文章，或删除这个链接"
                errors.append(ContentError(path, line, "link-to-draft", message, "body"))
            else:
                message = (
                    f"链接 {target} 指向的文件不会生成网页：{{filename}} 只能链接新闻、学院、校友风采和捐赠项目文件；"
                    "图片等文件请写 {static}/…"
                )
                errors.append(ContentError(path, line, "link-not-a-page", message, "body"))
    return errors


def _join(
    config, divisions, news, colleges, profiles, associations, projects, gifts, graduates, honours
) -> Site:
    """What each college, project and association collects from the other sections."""
    urls = config.urls
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
    for project in projects:
        if project.college:
            by_college[project.college]["projects"].append(project)
    for college in colleges:
        by_college[college.id]["honours"] = honours_for(honours, college=college.id)
    college_nodes = {
        c.id: CollegeNode(
            college=c,
            url=urls["COLLEGE_URL"].format(id=c.id),
            **{kind: tuple(items) for kind, items in by_college[c.id].items()},
        )
        for c in colleges
    }

    keys = {f"{a.meta.date:%Y}/{a.meta.slug}": a for a in published}
    keys.update({a.meta.slug: a for a in reversed(published)})  # the newest wins a shared slug
    project_nodes = {}
    for project in projects:
        own = tuple(g for g in gifts if g.project == project.id)
        stories = tuple({id(keys[g.story]): keys[g.story] for g in own if g.story in keys}.values())
        project_nodes[project.id] = ProjectNode(
            project, urls["DONATION_PROJECT_URL"].format(id=project.id), own, stories, progress(own)
        )

    association_news: dict[str, list[NewsArticle]] = defaultdict(list)
    for article in published:
        if article.meta.association:
            association_news[article.meta.association].append(article)
    association_nodes = {
        a.id: AssociationNode(
            a,
            urls["ASSOCIATION_URL"].format(id=a.id),
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
        achievements={p.slug: p for p in profiles},
        associations=association_nodes,
        projects=project_nodes,
        gifts=tuple(gifts),
        graduates=tuple(graduates),
        honours=tuple(honours),
        redirects={},
    )
