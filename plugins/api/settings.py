"""The ``API`` setting and the ``API_*_URL``/``API_*_SAVE_AS`` pairs, declared and checked once.

The documents' paths are ordinary ``<NAME>_URL``/``<NAME>_SAVE_AS`` settings in
``pelicanconf.py``; :data:`DOCUMENTS` names them, so a missing or malformed
pair is a settings error at build and check time, never a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from plugins.common.settings import SettingsError, merge_settings

DEFAULTS: dict[str, Any] = {
    "version": "v1",  # the path segment and the ``api_version`` field; a breaking change makes v2
    "page_size": 20,  # news items per page of news/index.json, news/page/<n>.json
}

# document name -> (setting prefix, placeholders its URL may use)
DOCUMENTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "index": ("API_INDEX", ()),
    "news": ("API_NEWS", ()),
    "news_page": ("API_NEWS_PAGE", ("number",)),
    "article": ("API_NEWS_ARTICLE", ("year", "slug")),
    "events": ("API_EVENTS", ()),
    "colleges": ("API_COLLEGES", ()),
    "associations": ("API_ASSOCIATIONS", ()),
    "achievements": ("API_ACHIEVEMENTS", ()),
    "donation_projects": ("API_DONATION_PROJECTS", ()),
    "jobs": ("API_JOBS", ()),
}

_SAMPLE = {"number": 2, "year": 2024, "slug": "x"}


@dataclass(frozen=True)
class ApiConfig:
    version: str
    page_size: int
    urls: Mapping[str, str]  # document name -> URL pattern (relative to the site root)
    save_as: Mapping[str, str]  # document name -> output path pattern


def api_config(user: Mapping[str, Any] | None, settings: Mapping[str, Any]) -> ApiConfig:
    """``API`` merged over :data:`DEFAULTS`, with every document's URL pair checked."""
    merged = merge_settings("API", DEFAULTS, user)
    version = merged["version"]
    if not isinstance(version, str) or not version.startswith("v") or not version[1:].isdigit():
        raise SettingsError("API", "version 应写成 v 加数字，例如 v1")
    size = merged["page_size"]
    if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= 100:
        raise SettingsError("API", "page_size 应为 1 到 100 之间的整数")
    urls: dict[str, str] = {}
    save_as: dict[str, str] = {}
    for name, (prefix, fields) in DOCUMENTS.items():
        for suffix, target in (("_URL", urls), ("_SAVE_AS", save_as)):
            setting = prefix + suffix
            value = settings.get(setting)
            try:
                if not isinstance(value, str):  # missing or not text: refused like a bad pattern
                    raise ValueError(setting)
                formatted = value.format(**{f: _SAMPLE[f] for f in fields})
            except (AttributeError, KeyError, IndexError, ValueError):
                raise SettingsError(
                    setting, f"应为以 .json 结尾的路径，只能使用占位符 {list(fields) or '（无）'}"
                ) from None
            if not formatted.endswith(".json") or formatted.startswith("/") or ".." in formatted.split("/"):
                raise SettingsError(setting, "应为以 .json 结尾的相对路径，例如 api/v1/events.json")
            target[name] = value
    # The HTML page naming the documents (/api/v1/): a folder URL and its index.html.
    page_url, page_save_as = settings.get("API_PAGE_URL"), settings.get("API_PAGE_SAVE_AS")
    if not isinstance(page_url, str) or not page_url.endswith("/") or page_url.startswith("/"):
        raise SettingsError("API_PAGE_URL", "应为以 / 结尾的相对路径，例如 api/v1/")
    if page_save_as != page_url + "index.html":
        raise SettingsError("API_PAGE_SAVE_AS", f"应为 {page_url}index.html")
    return ApiConfig(version=version, page_size=size, urls=urls, save_as=save_as)


SCHEMA_FOLDER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "schemas")
# document name -> its JSON Schema (draft 2020-12) in SCHEMA_FOLDER; the paged list shares one
SCHEMAS: dict[str, str] = {
    "index": "index.schema.json",
    "news": "news-list.schema.json",
    "news_page": "news-list.schema.json",
    "article": "news-article.schema.json",
    "events": "events.schema.json",
    "colleges": "colleges.schema.json",
    "associations": "associations.schema.json",
    "achievements": "achievements.schema.json",
    "donation_projects": "donation-projects.schema.json",
    "jobs": "jobs.schema.json",
}
