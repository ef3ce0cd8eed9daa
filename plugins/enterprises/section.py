"""校友企业 and 招聘 as a registered section: enterprises, job posts, their groups and the jobs feed.

Loading validates enterprises (→ colleges, donation projects, city names) and
job posts (→ enterprises) and decides which posts are still open on the
build's day (the one clock).  An expired post leaves every listing and the
feed, but its own page stays (with a visible 已截止 notice): URLs shared in
WeChat must never break.  Grouping pages exist for every post ever published
for the same reason; they list open posts only.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from plugins.common.dates import clock_today, format_date_zh
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

from .model import (
    Enterprise,
    Group,
    Job,
    city_index,
    city_slug,
    enterprise_ids,
    group_by,
    load_enterprises,
    load_jobs,
    sort_jobs,
)
from .settings import EnterprisesConfig, enterprises_config

GROUP_KINDS = ("industry", "city")


@dataclass(frozen=True)
class Enterprises:
    """The section's content: published enterprises by id, their published posts (newest first), groups."""

    config: EnterprisesConfig
    enterprises: Mapping[str, Enterprise]
    jobs: tuple[Job, ...]  # of published enterprises, newest first (expired ones included)
    today: date  # the build's day: which posts are still open
    enterprise_groups: Mapping[str, list[Group]]
    job_groups: Mapping[str, list[Group]]


@dataclass
class EnterpriseView:
    """What templates show of one enterprise."""

    meta: Enterprise
    url: str
    industry_url: str
    city_url: str
    logo: ProcessedPhoto | None
    founders: list[dict]  # name, class_year, college_name, college_url
    cooperation: list[dict]  # type, text, project ({"name", "url"} or None)
    html: str
    jobs: list = field(default_factory=list)  # JobView, newest first
    content: str = ""  # ``html`` with links resolved, set in the output phase

    def __getattr__(self, name: str) -> Any:  # id, name, industry, city … straight from the model
        return getattr(self.meta, name)

    @property
    def open_jobs(self) -> list:
        return [job for job in self.jobs if not job.expired]


@dataclass
class JobView:
    """What templates show of one job post."""

    meta: Job
    url: str
    enterprise: EnterpriseView
    industry: str
    industry_slug: str
    industry_url: str
    city_url: str
    expired: bool
    html: str
    content: str = ""

    def __getattr__(self, name: str) -> Any:
        return getattr(self.meta, name)


@dataclass
class EnterprisesView:
    """``views.enterprises``: both sections' lists, groups and indexes, as the pages and the API show them."""

    enterprises: list[EnterpriseView]
    by_id: Mapping[str, EnterpriseView]
    by_college: Mapping[str, list[EnterpriseView]]
    by_project: Mapping[str, list[EnterpriseView]]
    groups: Mapping[str, list[Group]]
    jobs: list[JobView]
    open_jobs: list[JobView]
    job_groups: Mapping[str, list[Group]]
    open_in_group: Mapping[str, Mapping[str, list[JobView]]]
    job_group_urls: Mapping[str, Mapping[str, str]]
    season: Any
    season_jobs: list[JobView]
    today: date
    items: Mapping[str, Any] = field(default_factory=dict)


def load(context: LoadContext) -> Loaded:
    config: EnterprisesConfig = context.config
    root, sizes = context.root, context.sizes
    cities = city_index(context.divisions.provinces)
    projects = dict(context.uses("donations").ids)
    colleges = context.ids("colleges")
    enterprises, errors = load_enterprises(
        root, config, cities, colleges, projects, context.this_year, sizes=sizes
    )
    logos = [(e.path, e.logo_line, e.logo) for e in enterprises if e.logo]
    errors += decode_errors(logos, root, context.cache, config.logo_widths, "标志图片", sizes.limits)
    known = enterprise_ids(root, config)  # files with errors still exist for the jobs
    if known is not None:
        known |= {e.id: e.name for e in enterprises}
    own_cities = dict.fromkeys(known or (), None) | {e.id: e.city for e in enterprises}
    jobs, found = load_jobs(root, config, known, own_cities, cities, sizes)
    errors += found
    published = {e.id: e for e in sorted(enterprises, key=lambda e: e.id) if e.status == "published"}
    posts = tuple(sort_jobs([j for j in jobs if j.status == "published" and j.enterprise in published]))
    industry = {j.id: published[j.enterprise].industry for j in posts}
    content = Enterprises(
        config,
        published,
        posts,
        context.today or clock_today(),
        group_by(list(published.values()), config, lambda e: e.industry, lambda e: e.city),
        group_by(list(posts), config, lambda j: industry[j.id], lambda j: j.city),
    )
    bodies = tuple(Body.of(e.path, e.source_path, e.body, e.body_line) for e in published.values())
    bodies += tuple(Body.of(j.path, j.source_path, j.body, j.body_line) for j in posts)
    return Loaded(content, tuple(errors), known or {}, bodies)


def pages(content: Enterprises, routes: Routes) -> Iterable[PageSpec]:
    for name, groups in (("enterprises", content.enterprise_groups), ("jobs", content.job_groups)):
        yield routes.page(name.upper(), f"{name}/index")
        for kind in GROUP_KINDS:
            for group in groups[kind]:
                item = f"{name}:{kind}:{group.slug}"
                route = f"{name.upper()}_{kind.upper()}"
                yield routes.page(route, f"{name}/group", item=item, as_name="group", slug=group.slug)
    for enterprise in content.enterprises.values():
        item, source = f"enterprise:{enterprise.id}", enterprise.source_path
        template = "enterprises/enterprise"
        yield routes.page(
            "ENTERPRISE", template, item=item, as_name="enterprise", source=source, id=enterprise.id
        )
    if content.config.season:
        yield routes.page("JOBS_SEASON", "jobs/season")
    for job in content.jobs:
        yield routes.page(
            "JOB", "jobs/job", item=f"job:{job.id}", as_name="job", source=job.source_path, id=job.id
        )


def views(content: Enterprises, render: RenderContext) -> EnterprisesView:
    config, site, routes = content.config, render.site, render.routes
    columns = {cid: {"name": c.name, "url": c.url} for cid, c in site.colleges.items()}
    projects = {pid: {"name": p.project.name, "url": p.url} for pid, p in site.projects.items()}
    enterprises: list[EnterpriseView] = []
    for meta in content.enterprises.values():
        enterprises.append(
            EnterpriseView(
                meta=meta,
                url=routes.url("ENTERPRISE", id=meta.id),
                industry_url=routes.url("ENTERPRISES_INDUSTRY", slug=meta.industry_slug),
                city_url=routes.url("ENTERPRISES_CITY", slug=city_slug(meta.city)),
                logo=render.photo(meta.logo, config.logo_widths) if meta.logo else None,
                founders=[
                    {
                        "name": f.name,
                        "class_year": f.class_year,
                        "college_name": columns[f.college]["name"] if f.college in columns else f.college,
                        "college_url": columns[f.college]["url"] if f.college in columns else "",
                    }
                    for f in meta.founders
                ],
                cooperation=[
                    {"type": c.type, "text": c.text, "project": projects.get(c.project)}
                    for c in meta.cooperation
                ],
                html=render.body(meta.body, meta.source_path, meta.path, meta.body_line),
            )
        )
    by_id = {view.id: view for view in enterprises}
    jobs: list[JobView] = []
    for post in content.jobs:
        enterprise = by_id[post.enterprise]
        job = JobView(
            meta=post,
            url=routes.url("JOB", id=post.id),
            enterprise=enterprise,
            industry=enterprise.industry,
            industry_slug=enterprise.industry_slug,
            industry_url=routes.url("JOBS_INDUSTRY", slug=enterprise.industry_slug),
            city_url=routes.url("JOBS_CITY", slug=city_slug(post.city)),
            expired=not post.is_open(content.today),
            html=render.body(post.body, post.source_path, post.path, post.body_line),
        )
        enterprise.jobs.append(job)
        jobs.append(job)
    groups = group_by(enterprises, config, lambda e: e.industry, lambda e: e.city)
    job_groups = group_by(jobs, config, lambda j: j.industry, lambda j: j.city)
    open_in_group = {
        kind: {g.slug: [job for job in g.items if not job.expired] for g in found}
        for kind, found in job_groups.items()
    }
    by_college: dict[str, list[EnterpriseView]] = {}
    by_project: dict[str, list[EnterpriseView]] = {}
    for view in enterprises:
        for college in view.colleges:
            by_college.setdefault(college, []).append(view)
        for pid in dict.fromkeys(
            c.project for c in view.meta.cooperation if c.project and c.project in projects
        ):
            by_project.setdefault(pid, []).append(view)  # the project page links back to its enterprises
    season = config.season
    items: dict[str, Any] = {f"enterprise:{v.id}": v for v in enterprises}
    items.update({f"job:{j.id}": j for j in jobs})
    items.update({f"enterprises:{k}:{g.slug}": g for k, found in groups.items() for g in found})
    items.update({f"jobs:{k}:{g.slug}": g for k, found in job_groups.items() for g in found})
    return EnterprisesView(
        enterprises=enterprises,
        by_id=by_id,
        by_college=by_college,
        by_project=by_project,
        groups=groups,
        jobs=jobs,
        open_jobs=[job for job in jobs if not job.expired],
        job_groups=job_groups,
        open_in_group=open_in_group,
        # Only groups that have a jobs page are linked from the enterprise groups.
        job_group_urls={
            kind: {g.slug: routes.url(f"JOBS_{kind.upper()}", slug=g.slug) for g in found}
            for kind, found in job_groups.items()
        },
        season=season,
        season_jobs=[job for job in jobs if season and season.includes(job.published)],
        today=content.today,
        items=items,
    )


def publish(view: EnterprisesView, render: RenderContext) -> None:
    render.publish_photos(e.logo for e in view.enterprises)
    for enterprise in view.enterprises:
        enterprise.content = render.linked(
            enterprise.html, enterprise.name, "ENTERPRISE", enterprise.source_path, id=enterprise.id
        )
    for job in view.jobs:
        job.content = render.linked(job.html, job.title, "JOB", job.source_path, id=job.id)
    render.write_bytes(render.settings["JOBS_FEED_ATOM"], jobs_feed(view, render))


def jobs_feed(view: EnterprisesView, render: RenderContext) -> bytes:
    """Atom feed of the open posts (``JOBS_FEED_ATOM``)."""
    from feedgenerator import Atom1Feed  # here: ``invoke check`` writes no feed

    s = render.settings
    domain = s.get("FEED_DOMAIN") or s.get("SITEURL", "")
    feed = Atom1Feed(
        title=f"{s['SITENAME']} - 校友企业招聘",
        link=f"{domain}/{render.routes.url('JOBS')}",
        feed_url=f"{domain}/{s['JOBS_FEED_ATOM']}",
        description="潍坊学院校友企业正在招聘的岗位",
        language="zh-CN",
    )
    for job in view.open_jobs[: render.config("enterprises").feed_max_items]:
        feed.add_item(
            title=f"{job.enterprise.name}：{job.title}",
            link=f"{domain}/{job.url}",
            unique_id=f"{domain}/{job.url}",
            description=f"{job.city} · 招聘 {job.positions} 人 · 截止 {format_date_zh(job.expires)}",
            pubdate=job.published_datetime,
            categories=[job.industry, job.city],
        )
    buffer = io.StringIO()
    feed.write(buffer, "utf-8")
    return buffer.getvalue().encode("utf-8")


SECTION = Section(
    name="enterprises",
    setting="ENTERPRISES",
    configure=enterprises_config,
    load=load,
    routes=(
        Route("ENTERPRISES", "enterprises/", "enterprises/index.html"),
        Route("ENTERPRISE", "enterprises/{id}/", "enterprises/{id}/index.html"),
        Route(
            "ENTERPRISES_INDUSTRY", "enterprises/industry/{slug}/", "enterprises/industry/{slug}/index.html"
        ),
        Route("ENTERPRISES_CITY", "enterprises/city/{slug}/", "enterprises/city/{slug}/index.html"),
        Route("JOBS", "jobs/", "jobs/index.html"),
        Route("JOB", "jobs/{id}/", "jobs/{id}/index.html"),
        Route("JOBS_INDUSTRY", "jobs/industry/{slug}/", "jobs/industry/{slug}/index.html"),
        Route("JOBS_CITY", "jobs/city/{slug}/", "jobs/city/{slug}/index.html"),
        Route("JOBS_SEASON", "jobs/season/", "jobs/season/index.html"),
    ),
    pages=pages,
    depends=("colleges", "donations"),
    views=views,
    publish=publish,
)
