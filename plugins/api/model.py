"""The data API's documents as plain dicts, built from the views the pages show.

Pure (no Pelican import): every function takes the objects a section already
made for its templates (articles, event views, ``ProjectView`` with
``PublicGift`` lists, association views and coverage …) and returns JSON-ready
dicts.  Reading the *views* rather than the graph is what keeps the API from
showing anything the HTML pages do not: an anonymous gift reaches this module
only as a ``PublicGift`` whose name is already "匿名校友" and whose amount is
``None`` unless the donor agreed to show it.

URLs are absolute (the mini-program cannot resolve relative ones): ``base`` is
SITEURL when publishing and FEED_DOMAIN for previews.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urljoin

# What WeChat's <rich-text> component renders (and mp-html handles), minus anything
# interactive: no scripts, styles, forms, frames or event handlers ever leave here.
RICH_TEXT_TAGS = frozenset(
    """a abbr b blockquote br caption code col colgroup dd del div dl dt em figcaption figure
    h1 h2 h3 h4 h5 h6 hr i img ins li ol p pre q s small span strong sub sup table tbody td tfoot
    th thead tr u ul""".split()
)
RICH_TEXT_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
}
URL_ATTRIBUTES = {("a", "href"), ("img", "src")}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def absolute(base: str, url: str | None) -> str | None:
    """``url`` (relative to the site root, as the ``*_URL`` settings give it) made absolute."""
    if not url:
        return None
    if "://" in url:
        return url
    return f"{base.rstrip('/')}/{url.lstrip('/')}"


def iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def money(value: Decimal | None) -> str | None:
    """Amounts as decimal strings ("12000.00"): JSON numbers would lose the Decimal exactness."""
    return None if value is None else f"{Decimal(value):.2f}"


def mini_program_html(html: str, page_url: str) -> str:
    """Article HTML for the mini-program: allowlisted tags only, every link and image absolute.

    ``page_url`` is the article's absolute URL, so ``/images/x.jpg``, ``../x/``
    and ``#note`` resolve exactly as they do in a browser on the page itself.
    """

    def resolve(tag: str, attribute: str, value: str) -> str | None:
        if (tag, attribute) in URL_ATTRIBUTES:
            return urljoin(page_url, value.strip())
        return value

    import nh3  # here, not at the top: ``invoke check`` writes no API document

    return nh3.clean(
        html,
        tags=set(RICH_TEXT_TAGS),
        attributes={tag: set(names) for tag, names in RICH_TEXT_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        attribute_filter=resolve,
        link_rel=None,
        strip_comments=True,
    ).strip()


# ---------------------------------------------------------------- news


def news_id(article: Any) -> str:
    """``YYYY/slug``: the article's year and slug, which ``urls.lock`` keeps from changing."""
    return f"{article.date:%Y}/{article.slug}"


def news_item(article: Any, base: str, article_url: str, covers: Mapping[str, str | None] | None) -> dict:
    """One entry of the news list: what a news card on the site shows, plus where to get more."""
    cover = getattr(article, "cover", None)
    return {
        "id": news_id(article),
        "title": article.title,
        "date": iso(article.date),
        "category": {"name": article.category.name, "slug": article.category.slug},
        "college": getattr(article, "college", None),
        "summary": getattr(article, "summary_text", "") or "",
        "cover": absolute(base, cover) if cover else None,
        "covers": dict(covers) if cover and covers else None,
        "url": absolute(base, article.url),
        "api_url": absolute(base, article_url),
    }


def news_pages(
    items: Sequence[dict], page_size: int, page_url: Callable[[int], str], version: str
) -> list[dict]:
    """The paged news list, newest first; page 1 is ``news/index.json``.

    ``page_url(n)`` is the absolute URL of page ``n``.  An empty site still has
    page 1 (with no items), so the first URL always works.
    """
    pages = max(1, math.ceil(len(items) / page_size))
    documents = []
    for number in range(1, pages + 1):
        documents.append(
            {
                "api_version": version,
                "total": len(items),
                "page": number,
                "pages": pages,
                "page_size": page_size,
                "previous": page_url(number - 1) if number > 1 else None,
                "next": page_url(number + 1) if number < pages else None,
                "items": list(items[(number - 1) * page_size : number * page_size]),
            }
        )
    return documents


def article_document(item: dict, article: Any, body_html: str, version: str, base: str) -> dict:
    """One article: its list entry plus the body and what the article page shows around it."""
    return {
        "api_version": version,
        **item,
        "tags": [tag.name for tag in getattr(article, "tags", [])],
        "byline": getattr(article, "byline", None),
        "association": getattr(article, "association", None),
        "cover_alt": getattr(article, "cover_alt", None) if getattr(article, "cover", None) else None,
        "body_html": mini_program_html(body_html, item["url"]),
    }


def article_url_regex(article_url: str) -> re.Pattern[str]:
    """A regex of ``ARTICLE_URL`` capturing ``year`` and ``slug`` (the news id) from a page URL."""
    parts, position = [], 0
    for match in re.finditer(r"\{([^}]*)\}", article_url):
        parts.append(re.escape(article_url[position : match.start()]))
        field = match.group(1)
        if field == "date:%Y" and "(?P<year>" not in "".join(parts):
            parts.append(r"(?P<year>\d{4})")
        elif field == "slug":
            parts.append(r"(?P<slug>[^/]+)")
        else:
            parts.append(r"[^/]+")
        position = match.end()
    parts.append(re.escape(article_url[position:]))
    return re.compile("".join(parts))


def withdrawn_document(news_key: str, page_url: str, version: str, moved_to: str | None = None) -> dict:
    """The tombstone at a gone article's document: its id stays, nothing of the article does.

    Written for a withdrawn article (``status: withdrawn``, ``moved_to`` null)
    and for a removed one whose page redirects elsewhere than an article
    (``moved_to`` the redirect's target): a v1 client that stored the id gets
    an answer it can act on, never a 404 and never the withdrawn text.
    """
    return {"api_version": version, "id": news_key, "withdrawn": True, "url": page_url, "moved_to": moved_to}


def redirected_articles(
    redirects: Iterable[tuple[str, str]], article_url: str
) -> list[tuple[str, str, str, str]]:
    """``(old year, old slug, old page URL, target URL)`` for every redirect from an article URL."""
    pattern = article_url_regex(article_url)
    found = []
    for source, target in redirects:
        old = pattern.fullmatch(source.lstrip("/"))
        if old and "year" in pattern.groupindex:
            found.append((old["year"], old["slug"], source.lstrip("/"), target.lstrip("/")))
    return found


def renamed_articles(redirects: Iterable[tuple[str, str]], article_url: str) -> list[tuple[str, str, str]]:
    """``(old year, old slug, new page URL)`` for every redirect from one article URL to another.

    A renamed article keeps its old page through the redirect; its old API
    document must keep working too (a mini-program may have stored the old id),
    so the generator writes the new article's document at the old path as well.
    """
    pattern = article_url_regex(article_url)
    found = []
    for source, target in redirects:
        old, new = pattern.fullmatch(source.lstrip("/")), pattern.fullmatch(target.lstrip("/"))
        if old and new and "year" in pattern.groupindex:
            found.append((old["year"], old["slug"], target.lstrip("/")))
    return found


# ---------------------------------------------------------------- events


def event_item(view: Any, base: str) -> dict:
    """An event as the /events/ lists show it (``view`` is the events section's ``EventView``)."""
    block, article = view.event, view.article
    return {
        "id": news_id(article),
        "title": article.title,
        "start": iso(block.start),
        "end": iso(block.end),
        "all_day": block.all_day,
        "when": block.when,
        "place": block.place or None,
        "status": block.status,
        "status_label": block.status_label,
        "series": getattr(view, "series_name", None),
        "number": block.number,
        "speakers": [text for text, _ in view.speakers],
        "registration_open": bool(view.registration_open),
        "url": absolute(base, view.url),
        "calendar_url": absolute(base, view.ics_url),
        "report_url": absolute(base, view.report.url) if not view.upcoming and view.report else None,
    }


def events_document(events: Any, base: str, version: str) -> dict:
    """``views.events`` split exactly as /events/ splits it: the build day decides."""
    return {
        "api_version": version,
        "today": iso(events.today),
        "upcoming": [event_item(v, base) for v in events.upcoming],
        "past": [event_item(v, base) for v in events.past],
    }


# ---------------------------------------------------------------- colleges, achievements


def colleges_document(
    columns: Iterable[Any], counts: Mapping[str, tuple[int, int, int]], base: str, version: str
) -> dict:
    """Every college column with the counts the /colleges/ cards show (news, profiles, projects)."""
    return {
        "api_version": version,
        "colleges": [
            {
                "id": column.id,
                "name": column.name,
                "short_name": column.college.short_name,
                "website": column.college.website,
                "news_count": counts[column.id][0],
                "achievements_count": counts[column.id][1],
                "donation_projects_count": counts[column.id][2],
                "url": absolute(base, column.url),
                "news_url": absolute(base, column.news_url),
            }
            for column in columns
        ],
    }


def achievements_document(profiles: Iterable[Any], base: str, photos_url: str, version: str) -> dict:
    """校友风采 in display order; photos as the processed JPEG derivatives (no EXIF)."""
    documents = []
    for profile in profiles:
        photo = profile.photo
        documents.append(
            {
                "id": profile.slug,
                "title": profile.title,
                "alumnus": profile.alumnus,
                "class_year": profile.class_year,
                "college": {"id": profile.college, "name": profile.college_name},
                "field": profile.field,
                "honours": list(profile.honours),
                "distinguished": bool(profile.distinguished),
                "summary": profile.summary or "",
                "photo": absolute(base, f"{photos_url}/{photo.largest.jpeg}") if photo else None,
                "photo_alt": profile.photo_alt if photo else None,
                "url": absolute(base, profile.url),
            }
        )
    return {"api_version": version, "achievements": documents}


# ---------------------------------------------------------------- associations


def associations_document(index: Any, base: str, version: str) -> dict:
    """The directory and the home province's coverage: the figures /associations/map/ shows.

    ``index`` is the section's view (:class:`plugins.associations.section.AssociationsView`).
    """
    cov = index.coverage
    return {
        "api_version": version,
        "coverage": {
            "province": cov.province,
            "cities": len(cov.cities),
            "covered": len(cov.covered),
            "covered_cities": [c.name for c in cov.covered],
            "preparing_cities": [c.name for c in cov.preparing],
            "uncovered_cities": [c.name for c in cov.uncovered],
        },
        "associations": [
            {
                "id": view.id,
                "name": view.name,
                "type": view.type,
                "type_name": index.types[view.type],
                "status": view.status,
                "status_name": index.statuses[view.status],
                "college": view.college,
                "province": view.province,
                "city": view.city,
                "country": view.country,
                "industry": view.industry,
                "founded": iso(view.founded),
                "filed": bool(view.filing),
                "description": view.description,
                "url": absolute(base, view.url),
            }
            for view in index.all
        ],
    }


# ---------------------------------------------------------------- donations


def public_gift(gift: Any) -> dict:
    """A ``PublicGift`` (never a ``Gift``): the name is 匿名… for anonymous donors, amount only if shown."""
    return {
        "name": gift.name,
        "organisation": gift.donor_type == "organisation",
        "anonymous": bool(gift.anonymous),
        "class_year": gift.class_year,
        "college": gift.college,
        "kind": gift.kind,
        "item": gift.item,
        "amount": money(gift.amount),
        "date": iso(gift.date),
    }


DISCLOSURE_NOTE = "金额仅在捐赠人同意时显示；未公开的金额不计入任何总额，只计笔数（undisclosed_gifts）。"


def donation_projects_document(projects: Iterable[Any], base: str, version: str) -> dict:
    """Projects with the progress block and the donor lists their pages show (``ProjectView``)."""
    return {
        "api_version": version,
        "note": DISCLOSURE_NOTE,
        "projects": [
            {
                "id": view.id,
                "name": view.name,
                "level": view.level,
                "college": view.college,
                "status": view.status,
                "start": iso(view.start),
                "end": iso(view.end),
                "summary": view.summary,
                "cover": absolute(base, view.cover) if view.cover else None,
                "target": money(view.target),
                "raised_total": money(view.progress.total),  # public amounts only (disclosure rule)
                "in_kind_value": money(view.progress.in_kind_value),
                "undisclosed_gifts": view.progress.hidden,
                "percent": view.percent,
                "donors": view.progress.donors,
                "gifts_count": view.progress.gifts,
                "gifts": [public_gift(g) for g in view.money_gifts + view.goods_gifts],
                "url": absolute(base, view.url),
            }
            for view in projects
        ],
    }


# ---------------------------------------------------------------- jobs


def jobs_document(jobs: Iterable[Any], today: date, base: str, version: str) -> dict:
    """Every job post, open ones first; expired posts keep their page, so they stay here, flagged."""
    ordered = sorted(jobs, key=lambda job: job.expired)  # stable: keeps the section's order inside each
    return {
        "api_version": version,
        "today": iso(today),
        "jobs": [
            {
                "id": job.id,
                "title": job.title,
                "enterprise": {
                    "id": job.enterprise.id,
                    "name": job.enterprise.name,
                    "url": absolute(base, job.enterprise.url),
                },
                "industry": job.industry,
                "city": job.city,
                "positions": job.positions,
                "requirements": list(job.requirements),
                "published": iso(job.published),
                "expires": iso(job.expires),
                "expired": bool(job.expired),
                "apply_url": job.apply_url,
                "apply_email": job.apply_email,
                "url": absolute(base, job.url),
            }
            for job in ordered
        ],
    }


# ---------------------------------------------------------------- index


# What each document holds, for the HTML index of /api/v1/ (the JSON index names them only).
DOCUMENT_LABELS: dict[str, tuple[str, str]] = {
    "index": ("接口目录", "接口版本、生成日期和以下全部文档的地址（JSON）。"),
    "news": ("新闻列表", "全部已发布新闻，最新在前，每页 20 条，附下一页地址；每条新闻另有一份全文文档。"),
    "events": ("校友活动", "即将举行和往期的活动：时间、地点、报名方式和状态。"),
    "colleges": ("学院专栏", "各学院的简介、联络方式，以及新闻、校友风采和捐赠项目的数量。"),
    "associations": ("各地校友会", "校友会名录：所在省市、成立时间、状态和公开的联系方式。"),
    "achievements": ("校友风采", "经本人同意公开的校友介绍：领域、学院、届别和照片。"),
    "donation_projects": ("捐赠项目", "捐赠项目及其公开的筹款进度。"),
    "jobs": ("校友企业招聘", "正在招聘的岗位，按截止日期。"),
}


def index_rows(urls: Mapping[str, str], written: Sequence[str]) -> list[tuple[str, str, str]]:
    """(label, description, site-relative URL) of the index and each written document, in index order."""
    names = ["index", *[name for name in DOCUMENT_LABELS if name in written]]
    return [(*DOCUMENT_LABELS[name], urls[name]) for name in names]


def index_document(
    version: str, documents: Mapping[str, str], site_name: str, built: datetime | date
) -> dict:
    """The entry point: the API version and the absolute URL of every document."""
    return {
        "api_version": version,
        "site": site_name,
        "generated": iso(built),
        "documents": dict(documents),
    }
