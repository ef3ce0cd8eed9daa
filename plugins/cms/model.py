"""The Decap CMS configuration, generated from the field registry and the content graph.

Pure (no Pelican import): :func:`choices_of` reads the validated site (the
same graph ``invoke check`` builds), :func:`decap_config` turns the registry
of :mod:`plugins.common.editorfields` into Decap's ``config.yml``.  Nothing in
the configuration is written by hand, so a field added to a model and to the
registry appears in the form, and ``tests/unit/test_cms_config.py`` fails
when the two disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from plugins.common.editorfields import (
    CONTENT_TYPES,
    DATA_TYPES,
    ID_MESSAGE,
    ID_PATTERN,
    ContentType,
    DataType,
    Field,
)

from .settings import CmsConfig

LIST_FORMAT = "wfu-list"  # registered by list-format.js: a top-level YAML list shown as ``items``

if TYPE_CHECKING:  # the graph imports this module: no import at run time
    from plugins.site.graph import Site

Options = Sequence[tuple[str, str]]  # (value written to the file, label shown to the editor)

STATUS_LABELS = {"draft": "草稿（不发布）", "published": "发布", "withdrawn": "撤稿（撤下已发布的文章）"}
# The order the form lists them in: a new file starts as a draft.
STATUS_ORDER = ("draft", "published", "withdrawn")
LAYOUT_LABELS = {
    "page": "普通页面",
    "charter": "章程（自动编号条款）",
    "organisation": "组织机构",
    "contact": "联系我们",
    "register": "校友登记",
    "learning": "学习资料",
}
DATETIME = {"format": "YYYY-MM-DD HH:mm", "date_format": "YYYY-MM-DD", "time_format": "HH:mm"}
DATE = {"format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False}


def choices_of(site: Site) -> dict[str, Options]:
    """Every choice list a select widget offers, from the settings and the content graph."""
    from plugins.associations.model import STATUSES as ASSOCIATION_STATUSES
    from plugins.associations.model import TYPES
    from plugins.common.fields import STATUSES
    from plugins.donations.model import DONOR_TYPES, KINDS, LEVELS, PROJECT_STATUSES
    from plugins.enterprises.model import COOPERATION_TYPES, city_index, enterprise_ids
    from plugins.events.model import STATUSES as EVENT_STATUSES
    from plugins.news.model import NEWS_STATUSES
    from plugins.standing_pages.model import LAYOUTS

    config = site.config
    colleges = [(cid, node.college.name) for cid, node in site.colleges.items()]
    associations = [(aid, node.association.name) for aid, node in site.associations.items()]
    enterprises = enterprise_ids(config.content_root, config.sections["enterprises"]) or {}
    return {
        "statuses": _statuses(STATUSES),
        "news_statuses": _statuses(NEWS_STATUSES),  # news alone may be withdrawn (撤稿)
        "categories": [(name, name) for name in (config.news.category_names if config.news else ())],
        "colleges": colleges,
        "associations": associations,
        "association_types": list(TYPES.items()),
        "organisers": associations + [c for c in colleges if c[0] not in dict(associations)],
        "series": list(config.sections["events"].series) if "events" in config.sections else [],
        "event_statuses": list(EVENT_STATUSES.items()),
        "achievements": [(slug, f"{a.alumnus}：{a.title}") for slug, a in site.achievements.items()],
        "achievement_fields": [(name, name) for name in config.sections["achievements"].field_names],
        "industries": [(name, name) for name in config.sections["enterprises"].industry_names],
        "cities": [
            (city, f"{city}（{province}）") for city, province in city_index(site.divisions.provinces).items()
        ],
        # every enterprise file (a draft's posts may be prepared), named where the graph knows it
        "enterprises": [
            (eid, getattr(site.enterprises.get(eid), "name", eid)) for eid in sorted(enterprises)
        ],
        "projects": [(pid, node.project.name) for pid, node in site.projects.items()],
        "project_levels": list(LEVELS.items()),
        "project_statuses": list(PROJECT_STATUSES.items()),
        "cooperation_types": [(name, name) for name in COOPERATION_TYPES],
        "layouts": [(layout, LAYOUT_LABELS.get(layout, layout)) for layout in LAYOUTS],
        "donor_types": list(DONOR_TYPES.items()),
        "gift_kinds": list(KINDS.items()),
        "association_statuses": list(ASSOCIATION_STATUSES.items()),
        "awards": [(name, name) for name in getattr(config.sections.get("associations"), "awards", ())],
    }


def data_paths(site: Site) -> dict[str, str]:
    """Data type -> its file or folder under ``content/``, from the site's settings."""
    out = default_data_paths()
    for kind in DATA_TYPES:
        section, setting = kind.setting.split(".")
        config = site.config.sections.get(section) or getattr(site.config, section, None)
        if config is not None:  # a section without its settings reads its default place
            out[kind.name] = str(getattr(config, setting)).strip("/")
    return out


def _statuses(allowed: Iterable[str]) -> Options:
    """The statuses a model accepts, in the form's order, with their Chinese labels."""
    return [(s, STATUS_LABELS[s]) for s in sorted(allowed, key=STATUS_ORDER.index)]


def derived_slugs(site: Site) -> dict[str, str]:
    """``content/…/file.md -> slug`` of every file whose slug the build derives from its title.

    The editor page fills a missing ``slug`` from this map when an existing
    file is saved, so the file keeps the URL it has (WeChat links to it) and
    from then on carries it explicitly, as ``invoke new`` writes it.
    """
    import os

    root = site.config.content_root
    # Published files only: a draft's or a scheduled article's slug is not public yet (the map
    # is served under /admin/), and only a published URL must never move.  A withdrawn
    # article's URL is public too (it keeps the notice), so editing it keeps that URL.
    items = [(a.source_path, a.meta.slug) for a in site.news if a.published or a.withdrawn]
    items += [(a.source_path, a.slug) for a in site.achievements.values() if a.status == "published"]
    items += [(m.source_path, m.slug) for m in site.memories if m.status == "published"]
    return {
        "content/" + os.path.relpath(path, root).replace(os.sep, "/"): slug for path, slug in sorted(items)
    }


def file_name_fields() -> dict[str, str]:
    """Collection -> the field that names its files (``slug`` or ``id``), for the page's save hook."""
    return {kind.name: kind.file_name for kind in CONTENT_TYPES}


def decap_field(
    field: Field, choices: Mapping[str, Options], in_optional_block: bool = False, in_data_file: bool = False
) -> dict[str, Any]:
    """One registry field as a Decap widget definition.

    Decap validates the required fields of an optional object even when the
    editor left the whole block empty (an ordinary article could not be saved
    for want of an event's start), so inside an optional block they are
    optional in the form, say so in their help, and the build checks them.
    """
    out: dict[str, Any] = {"name": field.name, "label": field.label}
    hint = field.hint
    if field.required and in_optional_block:
        hint = f"填写这一块时必填。{hint}"
    if hint:
        out["hint"] = hint
    out["required"] = field.required and not in_optional_block
    kind = field.kind
    if kind == "select":
        options = list(choices.get(field.choices or "", ()))
        if options:
            out.update(
                widget="select", options=[{"label": label, "value": value} for value, label in options]
            )
        else:  # nothing to choose from yet (no enterprise file, say): an id typed by hand
            out.update(widget="string", pattern=[ID_PATTERN, ID_MESSAGE])
    elif kind in ("string", "text", "boolean"):
        out["widget"] = kind
    elif kind == "number":
        out.update(widget="number", value_type="int")
    elif kind == "decimal":  # money: the loader reads it exactly (Decimal)
        out.update(widget="number", value_type="float")
    elif kind == "datetime":
        out.update(widget="datetime", **DATETIME)
    elif kind == "date":
        out.update(widget="datetime", **DATE)
    elif kind == "image":
        folder = field.folder or "images"
        # Data files write the path as the guide shows it (images/gifts/x.jpg); front matter as before.
        public = folder if in_data_file else f"/{folder}"
        out.update(widget="image", media_folder=f"/content/{folder}", public_folder=public, choose_url=False)
    elif kind == "strings":
        out.update(widget="list", field={"name": "item", "label": field.label, "widget": "string"})
    elif kind == "numbers":
        out.update(
            widget="list", field={"name": "value", "label": "数值", "widget": "number", "value_type": "float"}
        )
    elif kind == "object":
        optional = in_optional_block or not field.required
        out.update(
            widget="object",
            collapsed=True,
            fields=[decap_field(f, choices, optional, in_data_file) for f in field.fields],
        )
    elif kind == "objects":
        out.update(widget="list", fields=[decap_field(f, choices, False, in_data_file) for f in field.fields])
    else:  # a registry typo is a programming error, found by the unit test
        raise ValueError(f"unknown field kind {kind!r} for {field.name}")
    if field.pattern:
        out["pattern"] = list(field.pattern)
    if field.minimum is not None:
        out["min"] = field.minimum
    if field.maximum is not None:
        out["max"] = field.maximum
    if field.default is not None:
        out["default"] = field.default
    return out


def decap_collection(kind: ContentType, choices: Mapping[str, Options]) -> dict[str, Any]:
    """A folder collection: one Markdown file with YAML front matter per item."""
    names = [f.name for f in kind.fields]
    file_name = f"{{{{fields.{kind.file_name}}}}}"
    collection: dict[str, Any] = {
        "name": kind.name,
        "label": kind.label,
        "label_singular": kind.label_singular,
        "folder": f"content/{kind.folder}",
        "create": True,
        "delete": False,  # removing a published page breaks links: the guide explains withdrawal
        "extension": "md",
        "format": "frontmatter",  # YAML between --- lines (Decap infers it and writes YAML)
        "slug": file_name,
        "summary": kind.summary,
        "media_folder": f"/content/{kind.media_folder}",
        "public_folder": f"/{kind.media_folder}",
        "fields": [decap_field(f, choices) for f in kind.fields]
        + [
            {
                "name": "body",
                "label": kind.body_label,
                "widget": "markdown",
                "required": False,
                **({"hint": kind.body_hint} if kind.body_hint else {}),
            }
        ],
    }
    if kind.subfolder_by_year:
        collection["path"] = "{{year}}/{{slug}}"
    if "title" not in names:
        collection["identifier_field"] = "name"
    return collection


def data_items(kind: DataType, choices: Mapping[str, Options]) -> dict[str, Any]:
    """The one field of a data file in the editor: its top-level list, as ``items``."""
    return {
        "name": "items",
        "label": kind.label,
        "label_singular": kind.item_label,
        "widget": "list",
        "collapsed": True,
        "summary": kind.summary,
        "required": False,
        "fields": [decap_field(f, choices, in_data_file=True) for f in kind.fields],
    }


def data_collections(choices: Mapping[str, Options], paths: Mapping[str, str]) -> list[dict[str, Any]]:
    """Gifts (a folder, one file per year) and the single data files, in our list format.

    The format (``list-format.js``) reads a top-level list into ``items`` and writes it
    back as the same list, so the files keep the form the guide teaches and the loader
    reads; see :class:`plugins.common.editorfields.DataType` for why.
    """
    collections: list[dict[str, Any]] = []
    files = []
    for kind in DATA_TYPES:
        if kind.folder:
            collections.append(
                {
                    "name": kind.name,
                    "label": kind.label,
                    "label_singular": "一年的捐赠记录",
                    "folder": f"content/{paths[kind.name]}",
                    "extension": "yml",
                    "format": LIST_FORMAT,
                    "create": True,
                    "delete": False,
                    "slug": "{{year}}",  # a new file is this year's (2026.yml), as the guide names them
                    "summary": "{{filename}}",
                    "identifier_field": "file",
                    "editor": {"preview": False},
                    "fields": [
                        # Decap names new files from an identifier; the format never writes it.
                        {"name": "file", "label": "文件", "widget": "hidden", "default": "gifts"},
                        data_items(kind, choices),
                    ],
                }
            )
        else:
            files.append(
                {
                    "name": kind.name,
                    "label": kind.label,
                    "file": f"content/{paths[kind.name]}",
                    "fields": [data_items(kind, choices)],
                }
            )
    collections.append(
        {
            "name": "data",
            "label": "名录与统计",
            "format": LIST_FORMAT,
            "delete": False,
            "editor": {"preview": False},
            "files": files,
        }
    )
    return collections


def data_key_order() -> list[str]:
    """One order of field names that keeps every data type's own order (nested blocks included).

    Decap hands the list format its records as plain objects whose key order it does not
    keep (Immutable maps reorder); the format writes each record's keys in this order, so
    a saved gift reads like the guide's example and a one-field edit is a one-line diff.
    A stable topological merge of the registry's field lists; a conflict is a registry bug.
    """
    lists: list[list[str]] = []

    def collect(fields: Sequence[Field]) -> None:
        lists.append([f.name for f in fields])
        for f in fields:
            if f.fields:
                collect(f.fields)

    for kind in DATA_TYPES:
        collect(kind.fields)
    after: dict[str, set[str]] = {}
    first_seen: list[str] = []
    for names in lists:
        for index, name in enumerate(names):
            if name not in after:
                after[name] = set()
                first_seen.append(name)
            after[name].update(names[:index])
    order: list[str] = []
    while len(order) < len(first_seen):
        ready = [n for n in first_seen if n not in order and after[n] <= set(order)]
        if not ready:
            raise ValueError("the data types' field orders contradict each other")
        order.append(ready[0])
    return order


def default_data_paths() -> dict[str, str]:
    """The data files' places with every section's default settings (no site at hand)."""
    from plugins.about.settings import DEFAULTS as ABOUT
    from plugins.associations.settings import DEFAULTS as ASSOCIATIONS
    from plugins.donations.settings import DEFAULTS as DONATIONS

    defaults = {"about": ABOUT, "associations": ASSOCIATIONS, "donations": DONATIONS}
    out = {}
    for kind in DATA_TYPES:
        section, setting = kind.setting.split(".")
        out[kind.name] = str(defaults[section][setting]).strip("/")
    return out


def decap_config(
    choices: Mapping[str, Options],
    config: CmsConfig,
    site_url: str = "",
    paths: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The whole ``config.yml``."""
    if config.backend:
        backend = dict(config.backend)
    else:
        backend = {
            "name": "proxy",
            "proxy_url": f"http://127.0.0.1:{config.local_port}/api/v1",
            "branch": "main",
        }
    out: dict[str, Any] = {
        "locale": "zh_Hans",
        "backend": backend,
        "publish_mode": config.publish_mode,
        "media_folder": "content/images",
        "public_folder": "/images",
        "collections": [decap_collection(kind, choices) for kind in CONTENT_TYPES]
        + data_collections(choices, paths or default_data_paths()),
    }
    if site_url:
        out["site_url"] = out["display_url"] = site_url
    return out


def config_field_names(collection: Mapping[str, Any]) -> dict[str, Any]:
    """``{field: nested names or None}`` of a generated collection, without the body (for tests)."""

    def names(fields: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
        return {
            f["name"]: (names(f["fields"]) if "fields" in f else None) for f in fields if f["name"] != "body"
        }

    return names(collection["fields"])
