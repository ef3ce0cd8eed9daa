"""Pelican adapter for the data API: writes ``/api/v1/*.json`` in phase two.

Every document is made from the views other sections already computed for
their pages (``context["views"]["events"]``, ``context["views"]["donations"]``,
``context["views"]["associations"]`` …), read only in phase two when all of them are
complete: the API can therefore show nothing the pages do not, and agrees with
them on every count.  Files are written directly (not through Pelican's
writer), so they never reach the sitemap; paths come only from the
``API_*_SAVE_AS``/``API_*_URL`` settings.
"""

from __future__ import annotations

import os

from pelican.generators import Generator

from plugins.common.pelican_content import write_page
from plugins.common.safehtml import json_text
from plugins.site.buildcontext import BuildContext

from . import model


def _base(settings: dict) -> str:
    """Absolute site root: SITEURL when publishing, the preview server otherwise."""
    return (settings.get("SITEURL") or settings.get("FEED_DOMAIN") or "").rstrip("/")


class ApiGenerator(Generator):
    """Turns the sections' views into the mini-program's JSON documents."""

    def generate_context(self):
        build = BuildContext.of(self.context)
        self.config = build.site.config.api
        self.base = _base(self.settings)
        self.today = build.today
        self.memo = build.memo  # incremental output: documents of unchanged articles are copied

    # ------------------------------------------------------------ paths

    def _url(self, name: str, **slots) -> str:
        return model.absolute(self.base, self.config.urls[name].format(**slots))

    def _write(self, name: str, document: dict, **slots) -> None:
        target = os.path.join(self.output_path, self.config.save_as[name].format(**slots))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        data = json_text(document)  # <, > and & as \u003c…: harmless if anything sniffs it as HTML
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(data + "\n")

    def _page_url(self, number: int) -> str:
        return self._url("news") if number == 1 else self._url("news_page", number=number)

    # ------------------------------------------------------------ documents

    def generate_output(self, writer):
        ctx, version, base = self.context, self.config.version, self.base
        written: dict[str, str] = {}

        articles = ctx.get("articles", [])  # published only, newest first
        landings = ctx["views"]["wechat"].landings if "wechat" in ctx["views"] else {}
        memo = self.memo
        # A renamed article's old document stays (the new content under the old path), like its old page.
        current = {(f"{a.date:%Y}", a.slug) for a in articles}
        redirects = [(r.source, r.target) for r in ctx["site"].redirects.values()]
        renamed = [
            (year, slug, url)
            for year, slug, url in model.renamed_articles(redirects, self.settings["ARTICLE_URL"])
            if (year, slug) not in current
        ]
        wanted = {url for _, _, url in renamed}
        items, documents = [], {}  # article URL -> its document
        for article in articles:
            slots = {"year": f"{article.date:%Y}", "slug": article.slug}
            landing = landings.get(article.url)
            item = model.news_item(article, base, self.config.urls["article"].format(**slots),
                                   landing.covers if landing else None)  # fmt: skip
            items.append(item)
            # The document is made from the article page's inputs only, so an unchanged
            # page key means an unchanged document (plugins.site.incremental).
            relative = self.config.save_as["article"].format(**slots)
            if article.url not in wanted and memo is not None and memo.page_unchanged(article.save_as):
                if memo.reuse_file(relative, self.output_path):
                    continue
            documents[article.url] = model.article_document(item, article, article.content, version, base)
            self._write("article", documents[article.url], **slots)
        for year, slug, url in renamed:
            if url in documents:
                self._write("article", documents[url], year=year, slug=slug)
        # 撤稿 and removed articles: a tombstone keeps each locked document answering, without the article.
        site = ctx["site"]
        gone = {(f"{a.meta.date:%Y}", a.meta.slug): (a.url, None) for a in site.withdrawn_news}
        for year, slug, source, url in model.redirected_articles(redirects, self.settings["ARTICLE_URL"]):
            if (year, slug) not in current and url not in documents:  # not renamed to a published article
                gone.setdefault((year, slug), (source, model.absolute(base, url)))
        for (year, slug), (page, moved_to) in sorted(gone.items()):
            tombstone = model.withdrawn_document(
                f"{year}/{slug}", model.absolute(base, page), version, moved_to
            )
            self._write("article", tombstone, year=year, slug=slug)
        for number, page in enumerate(
            model.news_pages(items, self.config.page_size, self._page_url, version), 1
        ):
            if number == 1:
                self._write("news", page)
            else:
                self._write("news_page", page, number=number)
        written["news"] = self._url("news")

        if "events" in ctx["views"]:
            self._write("events", model.events_document(ctx["views"]["events"], base, version))
            written["events"] = self._url("events")

        if "colleges" in ctx["views"]:  # from the section's views, like its pages
            columns = ctx["views"]["colleges"].columns
            achievements = ctx["views"].get("achievements")
            profiles = achievements.by_slug if achievements else {}
            donations = ctx["views"].get("donations")
            projects = donations.by_college if donations else {}
            counts = {
                column.id: (
                    len(column.news),
                    len([p for p in column.node.achievements if p.slug in profiles]),
                    len(projects.get(column.id, [])),
                )
                for column in columns
            }
            self._write("colleges", model.colleges_document(columns, counts, base, version))
            written["colleges"] = self._url("colleges")

        if "associations" in ctx["views"]:
            associations = ctx["views"]["associations"]
            self._write("associations", model.associations_document(associations, base, version))
            written["associations"] = self._url("associations")

        if "achievements" in ctx["views"]:  # from the section's views, like its pages
            photos_url = self.settings["PHOTOS_URL"]
            profiles = ctx["views"]["achievements"].profiles
            self._write("achievements", model.achievements_document(profiles, base, photos_url, version))
            written["achievements"] = self._url("achievements")

        if "donations" in ctx["views"]:  # from the section's views, like its pages
            self._write(
                "donation_projects",
                model.donation_projects_document(ctx["views"]["donations"].projects, base, version),
            )
            written["donation_projects"] = self._url("donation_projects")

        if "enterprises" in ctx["views"]:
            jobs = ctx["views"]["enterprises"]
            self._write("jobs", model.jobs_document(jobs.jobs, jobs.today, base, version))
            written["jobs"] = self._url("jobs")

        index = model.index_document(version, written, self.settings.get("SITENAME", ""), self.today)
        self._write("index", index)
        # /api/v1/ itself: an HTML page naming every document (it was a directory listing
        # locally and a 403 on nginx).  Links are site-relative, so they work on any host.
        write_page(
            self, writer, "API_PAGE", "api/index", api_documents=model.index_rows(self.config.urls, written)
        )


def get_generators(pelican):
    return ApiGenerator
