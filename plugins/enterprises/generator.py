"""Pelican adapter for alumni enterprises and jobs.

Phase one validates enterprises and job posts against the colleges,
donation projects and city names, decides which posts are still open on
the build's day (:func:`plugins.common.dates.site_today`), groups both by
industry and city and processes logos; phase two writes the pages, the
Atom feed of open posts and copies the logo derivatives.

An expired post leaves every listing and the feed, but its own page stays
(with a visible 已截止 notice): URLs shared in WeChat must never break.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from feedgenerator import Atom1Feed
from pelican.generators import Generator

from plugins.common.dates import format_date_zh, site_today
from plugins.common.images import ImageSizes
from plugins.common.markdown_images import BodyRenderer
from plugins.common.pelican_content import publish_photos, trusted_html, write_page
from plugins.common.photos import ProcessedPhoto, process_photo

from .model import (
    Enterprise,
    Job,
    city_slug,
    group_by,
    sort_jobs,
)


@dataclass
class EnterpriseView:
    """What templates show of one enterprise."""

    meta: Enterprise
    url: str
    industry_url: str
    city_url: str
    logo: ProcessedPhoto | None
    founders: list[dict]  # name, class_year, college_name, college_url
    cooperation: list[dict]  # type, text, project (a donation ProjectView or None)
    html: str
    jobs: list = field(default_factory=list)  # JobView, newest first
    content: str = ""  # ``html`` with links resolved, set in the output phase

    def __getattr__(self, name):  # id, name, industry, city … straight from the model
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

    def __getattr__(self, name):
        return getattr(self.meta, name)


class EnterprisesGenerator(Generator):
    """Reads ``content/enterprises/`` and ``content/jobs/``; writes both sections."""

    def generate_context(self):
        s, site = self.settings, self.context["site"]
        self.config = config = site.config.enterprises
        self.today = site_today()
        columns = {cid: {"name": c.name, "url": c.url} for cid, c in site.colleges.items()}
        projects = {pid: {"name": p.project.name, "url": p.url} for pid, p in site.projects.items()}
        found, jobs = list(site.enterprises.values()), list(site.jobs)
        renderer = BodyRenderer.for_site(s, self.path, ImageSizes())
        self.enterprises: list[EnterpriseView] = []
        for meta in found:  # published, by id
            logo = None
            if meta.logo:
                logo = process_photo(
                    os.path.join(self.path, meta.logo),
                    s["PHOTO_CACHE_PATH"],
                    config.logo_widths,
                    limits=site.config.limits,
                )
            view = EnterpriseView(
                meta=meta,
                url=s["ENTERPRISE_URL"].format(id=meta.id),
                industry_url=s["ENTERPRISES_INDUSTRY_URL"].format(slug=meta.industry_slug),
                city_url=s["ENTERPRISES_CITY_URL"].format(slug=city_slug(meta.city)),
                logo=logo,
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
                html=renderer.render(meta.body, meta.source_path, meta.path, meta.body_line),
            )
            self.enterprises.append(view)
        by_id = {view.id: view for view in self.enterprises}
        self.jobs: list[JobView] = []
        for meta in sort_jobs([j for j in jobs if j.enterprise in by_id]):
            enterprise = by_id[meta.enterprise]
            job = JobView(
                meta=meta,
                url=s["JOB_URL"].format(id=meta.id),
                enterprise=enterprise,
                industry=enterprise.industry,
                industry_slug=enterprise.industry_slug,
                industry_url=s["JOBS_INDUSTRY_URL"].format(slug=enterprise.industry_slug),
                city_url=s["JOBS_CITY_URL"].format(slug=city_slug(meta.city)),
                expired=not meta.is_open(self.today),
                html=renderer.render(meta.body, meta.source_path, meta.path, meta.body_line),
            )
            enterprise.jobs.append(job)
            self.jobs.append(job)
        self.open_jobs = [job for job in self.jobs if not job.expired]
        self.enterprise_groups = group_by(self.enterprises, config, lambda e: e.industry, lambda e: e.city)
        # Grouping pages exist for every job ever published, so their URLs never
        # vanish when the last post of a city expires; they list open posts only.
        self.job_groups = group_by(self.jobs, config, lambda j: j.industry, lambda j: j.city)
        self.open_in_group = {
            kind: {g.slug: [job for job in g.items if not job.expired] for g in groups}
            for kind, groups in self.job_groups.items()
        }
        season = config.season
        self.season_jobs = [job for job in self.jobs if season and season.includes(job.published)]
        by_college: dict[str, list[EnterpriseView]] = {}
        for view in self.enterprises:
            for college in view.colleges:
                by_college.setdefault(college, []).append(view)
        by_project: dict[str, list[EnterpriseView]] = {}
        for view in self.enterprises:  # the project page links back to its enterprises
            for pid in dict.fromkeys(c.project for c in view.meta.cooperation if c.project in projects):
                by_project.setdefault(pid, []).append(view)
        # Only groups that have a jobs page are linked from the enterprise groups.
        job_group_urls = {
            kind: {g.slug: s[f"JOBS_{kind.upper()}_URL"].format(slug=g.slug) for g in groups}
            for kind, groups in self.job_groups.items()
        }
        self.context.update(
            job_group_urls=job_group_urls,
            enterprises_by_project=by_project,
            enterprises=self.enterprises,
            enterprises_by_id=by_id,
            enterprises_by_college=by_college,
            enterprise_groups=self.enterprise_groups,
            jobs=self.jobs,
            open_jobs=self.open_jobs,
            job_groups=self.job_groups,
            open_jobs_by_group=self.open_in_group,
            recruitment_season=season,
            season_jobs=self.season_jobs,
            jobs_today=self.today,
        )

    def generate_output(self, writer):
        s = self.settings
        self._copy_logos()
        for item in [*self.enterprises, *self.jobs]:
            setting = "ENTERPRISE" if isinstance(item, EnterpriseView) else "JOB"
            save_as = s[f"{setting}_SAVE_AS"].format(id=item.id)
            title = item.name if isinstance(item, EnterpriseView) else item.title
            item.content = trusted_html(
                item.html, title, item.url, save_as, s, item.source_path, self.context
            )
        write_page(self, writer, "ENTERPRISES", "enterprises/index")
        for kind, groups in self.enterprise_groups.items():
            for group in groups:
                write_page(
                    self,
                    writer,
                    f"ENTERPRISES_{kind.upper()}",
                    "enterprises/group",
                    {"slug": group.slug},
                    group=group,
                )
        for view in self.enterprises:
            write_page(self, writer, "ENTERPRISE", "enterprises/enterprise", {"id": view.id}, enterprise=view)
        write_page(self, writer, "JOBS", "jobs/index")
        for kind, groups in self.job_groups.items():
            for group in groups:
                write_page(
                    self,
                    writer,
                    f"JOBS_{kind.upper()}",
                    "jobs/group",
                    {"slug": group.slug},
                    group=group,
                    group_jobs=self.open_in_group[kind][group.slug],
                )
        if self.config.season:
            write_page(self, writer, "JOBS_SEASON", "jobs/season")
        for job in self.jobs:
            write_page(self, writer, "JOB", "jobs/job", {"id": job.id}, job=job)
        self._write_feed()

    def _write_feed(self) -> None:
        """Atom feed of the open posts: ``JOBS_FEED_ATOM`` under the output folder."""
        s = self.settings
        domain = s.get("FEED_DOMAIN") or s.get("SITEURL", "")
        feed_url = s["JOBS_FEED_ATOM"]
        feed = Atom1Feed(
            title=f"{s['SITENAME']} - 校友企业招聘",
            link=f"{domain}/{s['JOBS_URL']}",
            feed_url=f"{domain}/{feed_url}",
            description="潍坊学院校友企业正在招聘的岗位",
            language="zh-CN",
        )
        for job in self.open_jobs[: self.config.feed_max_items]:
            feed.add_item(
                title=f"{job.enterprise.name}：{job.title}",
                link=f"{domain}/{job.url}",
                unique_id=f"{domain}/{job.url}",
                description=f"{job.city} · 招聘 {job.positions} 人 · 截止 {format_date_zh(job.expires)}",
                pubdate=job.published_datetime,
                categories=[job.industry, job.city],
            )
        path = os.path.join(self.output_path, feed_url)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            feed.write(handle, "utf-8")

    def _copy_logos(self) -> None:
        publish_photos(self, (view.logo for view in self.enterprises))


def get_generators(pelican):
    return EnterprisesGenerator
