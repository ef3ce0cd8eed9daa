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
import shutil
from dataclasses import dataclass, field

from feedgenerator import Atom1Feed
from pelican.generators import Generator

from plugins.associations.divisions import Divisions
from plugins.common.dates import format_date_zh, site_today
from plugins.common.errors import ContentError, ContentErrors
from plugins.common.images import ImageSizes
from plugins.common.markdown_images import BodyRenderer
from plugins.common.pelican_content import linked_html, write_page
from plugins.common.photos import PhotoError, ProcessedPhoto, process_photo
from plugins.common.registries import NO_REGISTRIES, Registries
from plugins.donations.model import load_projects, project_files
from plugins.donations.settings import donations_config

from .model import (
    Enterprise,
    Job,
    city_index,
    city_slug,
    enterprise_ids,
    group_by,
    load_enterprises,
    load_jobs,
    sort_jobs,
)
from .settings import enterprises_config


def donation_project_names(settings: dict) -> dict[str, str] | None:
    """Donation project ids, for 捐赠 cooperation (``None`` without a projects folder)."""
    config = donations_config(settings.get("DONATIONS"))
    if not os.path.isdir(os.path.join(settings["PATH"], config.projects_folder)):
        return None
    projects, _ = load_projects(settings["PATH"], config)
    known = {p.id: p.name for p in projects}
    # A project whose file has errors still exists: its own errors say what to fix.
    for source_path in project_files(settings["PATH"], config):
        stem = os.path.splitext(os.path.basename(source_path))[0]
        known.setdefault(stem, stem)
    return known


def check(settings: dict, registries: Registries = NO_REGISTRIES) -> list[ContentError]:
    """Every enterprise and job error, including logos that cannot be decoded."""
    config = enterprises_config(settings.get("ENTERPRISES"))
    root, sizes = settings["PATH"], ImageSizes()
    cities = city_index(Divisions.load().provinces)
    enterprises, errors = load_enterprises(
        root, config, cities, registries.colleges, donation_project_names(settings), sizes=sizes
    )
    for enterprise in enterprises:
        if enterprise.logo:
            try:
                process_photo(
                    os.path.join(root, enterprise.logo), settings["PHOTO_CACHE_PATH"], config.logo_widths
                )
            except PhotoError:
                errors.append(
                    ContentError(
                        enterprise.path,
                        enterprise.logo_line,
                        "image-unreadable",
                        f"标志图片 {enterprise.logo} 已损坏或不完整，无法读取：请重新导出为 PNG 或 JPG 后替换",
                    )
                )
    known = enterprise_ids(root, config)
    if known is not None:  # names in the list of valid ids an editor is shown
        known |= {e.id: e.name for e in enterprises}
    own_cities = dict.fromkeys(known or (), None) | {e.id: e.city for e in enterprises}
    errors += load_jobs(root, config, known, own_cities, cities, sizes)[1]
    return errors


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
        s = self.settings
        self.config = config = enterprises_config(s.get("ENTERPRISES"))
        self.today = site_today()
        columns = self.context.get("colleges_by_id", {})
        donations = self.context.get("donations")
        projects = donations.projects_by_id if donations else {}
        cities = city_index(Divisions.load().provinces)
        colleges = {cid: c.name for cid, c in columns.items()} if columns else None
        found, errors = load_enterprises(
            self.path, config, cities, colleges, {k: v.name for k, v in projects.items()}
        )
        known = enterprise_ids(self.path, config)
        jobs, job_errors = load_jobs(self.path, config, known, {e.id: e.city for e in found}, cities)
        if errors or job_errors:  # normally caught by the pre-build check
            raise ContentErrors(errors + job_errors)
        renderer = BodyRenderer(self.path, s["MARKDOWN"], ImageSizes())
        self.enterprises: list[EnterpriseView] = []
        for meta in sorted((e for e in found if e.status == "published"), key=lambda e: e.id):
            logo = None
            if meta.logo:
                logo = process_photo(
                    os.path.join(self.path, meta.logo), s["PHOTO_CACHE_PATH"], config.logo_widths
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
                        "college_name": columns[f.college].name if f.college in columns else f.college,
                        "college_url": columns[f.college].url if f.college in columns else "",
                    }
                    for f in meta.founders
                ],
                cooperation=[
                    {"type": c.type, "text": c.text, "project": projects.get(c.project)}
                    for c in meta.cooperation
                ],
                html=renderer.render(meta.body, meta.source_path),
            )
            self.enterprises.append(view)
            for item in view.cooperation:  # the project page links back to its enterprises
                project = item["project"]
                if project is not None:
                    linked = getattr(project, "enterprises", [])
                    if all(other is not view for other in linked):
                        project.enterprises = [*linked, view]
        by_id = {view.id: view for view in self.enterprises}
        self.jobs: list[JobView] = []
        for meta in sort_jobs([j for j in jobs if j.status == "published" and j.enterprise in by_id]):
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
                html=renderer.render(meta.body, meta.source_path),
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
        self.context.update(
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
            item.content = linked_html(item.html, title, item.url, save_as, s, item.source_path, self.context)
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
        target = os.path.join(self.output_path, self.settings["PHOTOS_URL"])
        os.makedirs(target, exist_ok=True)
        for view in self.enterprises:
            if view.logo is None:
                continue
            entry = os.path.join(self.settings["PHOTO_CACHE_PATH"], view.logo.digest)
            for derivative in view.logo.derivatives:
                for name in (derivative.webp, derivative.jpeg):
                    shutil.copyfile(os.path.join(entry, name), os.path.join(target, name))


def get_generators(pelican):
    return EnterprisesGenerator
