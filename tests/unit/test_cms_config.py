"""The web editor's configuration is generated from the schema and agrees with it.

A field a model accepts (its ``FIELDS``) but the form lacks, or a form field
the model would refuse as unknown, fails here; so do required fields the form
lets through, choice lists that differ from the settings and the content
graph, and patterns that accept what ``invoke check`` refuses.
"""

from __future__ import annotations

import re

import pytest
import yaml

from plugins.about.model import MILESTONE_FIELDS
from plugins.achievements.model import FIELDS as ACHIEVEMENT_FIELDS
from plugins.alumni_home.model import FIELDS as MEMORY_FIELDS
from plugins.alumni_home.model import PHOTO_FIELDS
from plugins.associations.model import FIELDS as ASSOCIATION_FIELDS
from plugins.associations.model import HONOUR_FIELDS
from plugins.cms.model import (
    choices_of,
    config_field_names,
    decap_config,
    decap_field,
    derived_slugs,
    file_name_fields,
)
from plugins.cms.settings import cms_config
from plugins.colleges.model import FIELDS as COLLEGE_FIELDS
from plugins.colleges.model import LIAISON_FIELDS
from plugins.common.editorfields import CONTENT_TYPES, DATA_TYPES, ID_PATTERN, SLUG_PATTERN, Field
from plugins.common.errors import SettingsError
from plugins.common.fields import ID_RE
from plugins.common.slugs import is_valid_slug, slugify
from plugins.donations.model import GIFT_FIELDS, GRADUATE_FIELDS, PROJECT_FIELDS
from plugins.enterprises.model import COOPERATION_FIELDS, ENTERPRISE_FIELDS, FOUNDER_FIELDS, JOB_FIELDS
from plugins.events.model import FIELDS as EVENT_FIELDS
from plugins.events.model import SPEAKER_FIELDS
from plugins.news.model import FIELDS as NEWS_FIELDS
from plugins.news.model import REQUIRED as NEWS_REQUIRED
from plugins.site.loader import load_site
from plugins.standing_pages.model import FIELDS as PAGE_FIELDS
from tests.conftest import SAMPLE_CONTENT
from wfu.build import load_settings

# The schema: what each model accepts, nested blocks included (collection -> {field: nested or None}).
SCHEMA = {
    "news": dict.fromkeys(NEWS_FIELDS)
    | {"event": dict.fromkeys(EVENT_FIELDS) | {"speakers": dict.fromkeys(SPEAKER_FIELDS)}},
    "achievements": dict.fromkeys(ACHIEVEMENT_FIELDS),
    "colleges": dict.fromkeys(COLLEGE_FIELDS) | {"liaison": dict.fromkeys(LIAISON_FIELDS)},
    "projects": dict.fromkeys(PROJECT_FIELDS),
    "enterprises": dict.fromkeys(ENTERPRISE_FIELDS)
    | {"founders": dict.fromkeys(FOUNDER_FIELDS), "cooperation": dict.fromkeys(COOPERATION_FIELDS)},
    "jobs": dict.fromkeys(JOB_FIELDS),
    "memories": dict.fromkeys(MEMORY_FIELDS) | {"photos": dict.fromkeys(PHOTO_FIELDS)},
    "pages": dict.fromkeys(PAGE_FIELDS),
}
# The data files (top-level lists): what one record accepts, nested blocks included.
DATA_SCHEMA = {
    "gifts": dict.fromkeys(GIFT_FIELDS),
    # the loader's nested checkers (plugins/associations/model.py) name these fields
    "associations": dict.fromkeys(ASSOCIATION_FIELDS)
    | {"filing": dict.fromkeys(("date", "number")), "officers": dict.fromkeys(("role", "name"))},
    "honours": dict.fromkeys(HONOUR_FIELDS),
    "graduates": dict.fromkeys(GRADUATE_FIELDS),
    "milestones": dict.fromkeys(MILESTONE_FIELDS),
}
# The folder each model reads, under content/.
FOLDERS = {
    "news": "news",
    "achievements": "achievements",
    "colleges": "colleges",
    "projects": "donors/projects",
    "enterprises": "enterprises",
    "jobs": "jobs",
    "memories": "memories",
    "pages": "pages",
}


@pytest.fixture(scope="module")
def site():
    site, errors = load_site(load_settings(PATH=str(SAMPLE_CONTENT)))
    assert not errors and site is not None
    return site


@pytest.fixture(scope="module")
def config(site):
    """The configuration as the browser reads it: dumped to YAML and read back."""
    generated = decap_config(choices_of(site), cms_config(None))
    return yaml.safe_load(yaml.safe_dump(generated, allow_unicode=True, sort_keys=False))


def collection(config, name):
    """A collection, or one file of the data files' collection, by name."""
    for c in config["collections"]:
        if c["name"] == name:
            return c
        for f in c.get("files", ()):
            if f["name"] == name:
                return f
    raise KeyError(name)


def markdown_collections(config):
    return [c for c in config["collections"] if c.get("format") == "frontmatter"]


def data_record_fields(config, name):
    """The fields of one record of a data file (the list the format shows as ``items``)."""
    items = next(f for f in collection(config, name)["fields"] if f["name"] == "items")
    return items["fields"]


def fields_by_path(fields, prefix=""):
    for field in fields:
        yield prefix + field["name"], field
        yield from fields_by_path(field.get("fields", ()), prefix + field["name"] + ".")


def mismatches(schema: dict, generated: dict, prefix: str = "") -> list[str]:
    """Fields on one side only, nested blocks included."""
    problems = [f"schema only: {prefix}{n}" for n in schema if n not in generated]
    problems += [f"config only: {prefix}{n}" for n in generated if n not in schema]
    for name, nested in schema.items():
        if name in generated and (nested or generated[name]):
            problems += mismatches(nested or {}, generated[name] or {}, f"{prefix}{name}.")
    return problems


def test_one_collection_per_content_type(config):
    assert [c["name"] for c in markdown_collections(config)] == list(SCHEMA)
    assert {c["name"]: c["folder"] for c in markdown_collections(config)} == {
        name: f"content/{folder}" for name, folder in FOLDERS.items()
    }
    assert [c["name"] for c in config["collections"]] == [*SCHEMA, "gifts", "data"]


@pytest.mark.parametrize("name", list(DATA_SCHEMA))
def test_every_data_field_is_in_the_form_and_nothing_else(config, name):
    fields = config_field_names({"fields": data_record_fields(config, name)})
    assert mismatches(DATA_SCHEMA[name], fields) == []


def test_data_files_are_edited_as_the_lists_they_are(config, site):
    """Our list format, at the places the loader reads (settings), never a new file form."""
    gifts = collection(config, "gifts")
    assert gifts["folder"] == f"content/{site.config.sections['donations'].gifts_folder}"
    assert (gifts["extension"], gifts["format"], gifts["slug"]) == ("yml", "wfu-list", "{{year}}")
    # the identifier Decap needs for a new file's name is hidden and never written (list-format.js)
    assert [f["name"] for f in gifts["fields"]] == ["file", "items"] and gifts["fields"][0][
        "widget"
    ] == "hidden"
    data = next(c for c in config["collections"] if c["name"] == "data")
    assert data["format"] == "wfu-list" and data["delete"] is False
    assert {f["name"]: f["file"] for f in data["files"]} == {
        "associations": f"content/{site.config.sections['associations'].associations_file}",
        "honours": f"content/{site.config.sections['associations'].honours_file}",
        "graduates": f"content/{site.config.sections['donations'].graduates_file}",
        "milestones": f"content/{site.config.sections['about'].milestones_file}",
    }
    assert {k.name for k in DATA_TYPES} == set(DATA_SCHEMA)
    for name in DATA_SCHEMA:
        items = next(f for f in collection(config, name)["fields"] if f["name"] == "items")
        assert items["widget"] == "list" and items["collapsed"] is True
    photo = dict(fields_by_path(data_record_fields(config, "gifts")))["photo"]
    # written as the guide shows it (images/gifts/x.jpg), kept inside content/images/gifts
    assert (photo["media_folder"], photo["public_folder"]) == ("/content/images/gifts", "images/gifts")
    amount = dict(fields_by_path(data_record_fields(config, "gifts")))["amount"]
    assert amount["widget"] == "number" and amount["value_type"] == "float"


@pytest.mark.parametrize("name", list(SCHEMA))
def test_every_schema_field_is_in_the_form_and_nothing_else(config, name):
    assert mismatches(SCHEMA[name], config_field_names(collection(config, name))) == []


def test_the_comparison_sees_a_missing_or_extra_field():
    """The check above is not vacuous: a field on one side only, at any depth, is reported."""
    schema = {"title": None, "event": {"start": None}}
    assert mismatches(schema, {"title": None, "event": {"start": None}}) == []
    assert mismatches(schema, {"title": None}) == ["schema only: event"]
    assert mismatches(schema, {"title": None, "event": {"start": None, "venue": None}, "x": None}) == [
        "config only: x",
        "config only: event.venue",
    ]


def test_body_and_front_matter(config):
    for c in markdown_collections(config):
        assert c["format"] == "frontmatter" and c["extension"] == "md"
        assert c["fields"][-1]["name"] == "body" and c["fields"][-1]["widget"] == "markdown"
        assert c["delete"] is False


def test_chinese_labels_and_help_everywhere(config):
    for c in config["collections"] + collection(config, "data")["files"]:
        assert re.search(r"[\u4e00-\u9fff]", c["label"])
        for path, field in fields_by_path(c.get("fields", ())):
            assert re.search(r"[\u4e00-\u9fff]", field["label"]), (c["name"], path)
    assert config["locale"] == "zh_Hans"


def test_required_fields_are_required(config):
    news = dict(fields_by_path(collection(config, "news")["fields"]))
    for name in NEWS_REQUIRED:
        assert news[name]["required"] is True
    assert news["event"]["required"] is False  # an ordinary article has no event block
    # Decap would demand it of every article: optional in the form, said in the help, checked by the build
    assert news["event.start"]["required"] is False and news["event.start"]["hint"].startswith(
        "填写这一块时必填"
    )
    # a file without a status is published (the model's default); a new one starts as a draft
    assert news["status"]["required"] is False and news["status"]["default"] == "draft"
    assert news["event.speakers.name"]["required"] is True  # a speaker exists only once added
    assert news["summary"]["required"] is False and news["cover"]["required"] is False
    jobs = dict(fields_by_path(collection(config, "jobs")["fields"]))
    for name in ("enterprise", "title", "positions", "published", "expires"):
        assert jobs[name]["required"] is True, name
    assert jobs["city"]["required"] is False


def test_file_names_follow_the_slug_or_the_id(config):
    for kind in CONTENT_TYPES:
        c = collection(config, kind.name)
        assert c["slug"] == f"{{{{fields.{kind.file_name}}}}}"
        field = dict(fields_by_path(c["fields"]))[kind.file_name]
        assert field["pattern"][0] in (SLUG_PATTERN, ID_PATTERN)
        # required where the model requires it; a derived slug or id is filled in on save (admin.js)
        assert field["required"] is (kind.name == "pages"), kind.name
    assert file_name_fields()["news"] == "slug" and file_name_fields()["jobs"] == "id"
    assert (
        collection(config, "news")["path"] == "{{year}}/{{slug}}"
    )  # content/news/<year>/<slug>.md, as invoke new


@pytest.mark.parametrize(
    "value",
    [
        "xiao-you-fan-xiao",
        "a",
        "2026",
        "a" * 60,
        "a" * 61,
        "Xiao",
        "xiao--you",
        "-xiao",
        "xiao-",
        "xiao you",
        "校友",
    ],
)
def test_slug_pattern_is_the_checks_rule(value):
    assert bool(re.match(SLUG_PATTERN, value)) == is_valid_slug(value)


@pytest.mark.parametrize("value", ["cs", "weifang-seed", "cs_lab", "CS", "cs-", "", "校友"])
def test_id_pattern_is_the_checks_rule(value):
    assert bool(re.match(ID_PATTERN, value)) == bool(ID_RE.match(value))


def test_pinyin_slugs_pass_the_form_pattern():
    """What invoke new writes for a Chinese title is what the form accepts (the hint's rule)."""
    for title in ("校友返校日", "重庆校友会成立", "2026 年校友大讲堂第 3 讲"):
        assert re.match(SLUG_PATTERN, slugify(title)), title


def model_choices(site) -> dict[tuple[str, str], list[str]]:
    """What the loader accepts for every choice field, from the models' own constants and the graph.

    Keyed by (collection, field path).  Every select the form shows must be listed here
    (``test_every_select_offers_what_the_loader_accepts`` fails otherwise), so a new
    choice field is compared too, and a value the loader adds (news' ``withdrawn``) reaches
    the form or fails the test.
    """
    from plugins.associations.model import STATUSES as ASSOCIATION_STATUSES
    from plugins.associations.model import TYPES as ASSOCIATION_TYPES
    from plugins.common.fields import STATUSES
    from plugins.donations.model import DONOR_TYPES, LEVELS, PROJECT_STATUSES
    from plugins.donations.model import KINDS as GIFT_KINDS
    from plugins.enterprises.model import COOPERATION_TYPES, city_index
    from plugins.events.model import STATUSES as EVENT_STATUSES
    from plugins.news.model import NEWS_STATUSES
    from plugins.standing_pages.model import LAYOUTS

    cfg = site.config
    colleges, associations = list(site.colleges), list(site.associations)
    enterprises = sorted(p.stem for p in (SAMPLE_CONTENT / "enterprises").glob("*.md"))
    cities = list(city_index(site.divisions.provinces))
    table = {
        ("news", "category"): list(cfg.news.category_names),
        ("news", "college"): colleges,
        ("news", "association"): associations,
        ("news", "status"): list(NEWS_STATUSES),
        ("news", "event.organiser"): colleges + associations,
        ("news", "event.series"): [sid for sid, _ in cfg.sections["events"].series],
        ("news", "event.speakers.college"): colleges,
        ("news", "event.speakers.achievement"): list(site.achievements),
        ("news", "event.status"): list(EVENT_STATUSES),
        ("achievements", "college"): colleges,
        ("achievements", "field"): list(cfg.sections["achievements"].field_names),
        ("colleges", "association"): associations,
        ("projects", "level"): list(LEVELS),
        ("projects", "college"): colleges,
        ("projects", "status"): list(PROJECT_STATUSES),
        ("enterprises", "founders.college"): colleges,
        ("enterprises", "industry"): list(cfg.sections["enterprises"].industry_names),
        ("enterprises", "city"): cities,
        ("enterprises", "cooperation.type"): list(COOPERATION_TYPES),
        ("enterprises", "cooperation.project"): list(site.projects),
        ("jobs", "enterprise"): enterprises,
        ("jobs", "city"): cities,
        ("memories", "college"): colleges,
        ("pages", "layout"): list(LAYOUTS),
        ("gifts", "items.donor_type"): list(DONOR_TYPES),
        ("gifts", "items.college"): colleges,
        ("gifts", "items.project"): list(site.projects),
        ("gifts", "items.kind"): list(GIFT_KINDS),
        ("associations", "items.type"): list(ASSOCIATION_TYPES),
        ("associations", "items.college"): colleges,
        ("associations", "items.status"): list(ASSOCIATION_STATUSES),
        ("honours", "items.award"): list(cfg.sections["associations"].awards),
        ("honours", "items.association"): associations,
        ("honours", "items.college"): colleges,
        ("honours", "items.achievement"): list(site.achievements),
        ("graduates", "items.college"): colleges,
    }
    for name in ("achievements", "colleges", "enterprises", "jobs", "memories", "pages"):
        table[(name, "status")] = list(STATUSES)
    return table


def registry_selects(fields, prefix=""):
    """(path, field) of every select in the registry, nested blocks included."""
    for field in fields:
        if field.kind == "select":
            yield prefix + field.name, field
        yield from registry_selects(field.fields, prefix + field.name + ".")


def test_every_select_offers_what_the_loader_accepts(config, site):
    expected = model_choices(site)
    shown = {}
    for kind in CONTENT_TYPES:
        fields = dict(fields_by_path(collection(config, kind.name)["fields"]))
        for path, _ in registry_selects(kind.fields):
            assert fields[path]["widget"] == "select", (kind.name, path)  # the sample has every list
            shown[(kind.name, path)] = [o["value"] for o in fields[path]["options"]]
    for data in DATA_TYPES:
        fields = dict(fields_by_path(collection(config, data.name)["fields"]))
        for path, _ in registry_selects(data.fields, "items."):
            assert fields[path]["widget"] == "select", (data.name, path)
            shown[(data.name, path)] = [o["value"] for o in fields[path]["options"]]
    for key, values in shown.items():
        assert key in expected, f"{key}: a select the test does not compare with its model"
        assert sorted(values) == sorted(expected[key]), key
        assert len(values) == len(set(values)), key
    assert set(expected) == set(shown)  # no stale row either


def test_news_can_be_withdrawn_in_the_form(config):
    """撤稿 is a status the form offers for news only (the loader refuses it elsewhere)."""
    news = dict(fields_by_path(collection(config, "news")["fields"]))
    labels = {o["value"]: o["label"] for o in news["status"]["options"]}
    assert [o["value"] for o in news["status"]["options"]] == ["draft", "published", "withdrawn"]
    assert labels["withdrawn"].startswith("撤稿") and "撤稿" in news["status"]["hint"]
    jobs = dict(fields_by_path(collection(config, "jobs")["fields"]))
    assert [o["value"] for o in jobs["status"]["options"]] == ["draft", "published"]


def test_dates_are_date_widgets(config):
    news = dict(fields_by_path(collection(config, "news")["fields"]))
    assert news["date"]["widget"] == "datetime" and news["date"]["format"] == "YYYY-MM-DD HH:mm"
    jobs = dict(fields_by_path(collection(config, "jobs")["fields"]))
    assert jobs["expires"]["widget"] == "datetime" and jobs["expires"]["time_format"] is False
    assert jobs["expires"]["format"] == "YYYY-MM-DD"


def test_images_go_to_the_sections_folder(config):
    expected = {
        ("news", "cover"): "images/news",
        ("achievements", "photo"): "images/alumni",
        ("enterprises", "logo"): "images/enterprises",
        ("memories", "photos.src"): "images/memories",
        ("projects", "cover"): "images/donate",
    }
    for (name, path), folder in expected.items():
        field = dict(fields_by_path(collection(config, name)["fields"]))[path]
        assert field["widget"] == "image"
        assert (field["media_folder"], field["public_folder"]) == (f"/content/{folder}", f"/{folder}")


def test_numbers_carry_the_checks_ranges(config):
    jobs = dict(fields_by_path(collection(config, "jobs")["fields"]))
    assert jobs["positions"]["min"] == 1 and jobs["positions"]["value_type"] == "int"
    memories = dict(fields_by_path(collection(config, "memories")["fields"]))
    assert memories["decade"]["min"] == 1950


def test_backend_local_or_from_settings():
    local = decap_config({}, cms_config({"local_port": 9123}))
    assert local["backend"] == {
        "name": "proxy",
        "proxy_url": "http://127.0.0.1:9123/api/v1",
        "branch": "main",
    }
    gitlab = {"name": "gitlab", "repo": "xiaoyou/site", "branch": "main", "auth_type": "pkce", "app_id": "x"}
    remote = decap_config(
        {}, cms_config({"backend": gitlab, "publish_mode": "editorial_workflow"}), "https://x.cn"
    )
    assert remote["backend"] == gitlab and remote["publish_mode"] == "editorial_workflow"
    assert remote["site_url"] == "https://x.cn"


@pytest.mark.parametrize(
    "user",
    [
        {"backend": "gitlab"},
        {"backend": {"repo": "x"}},
        {"local_port": 0},
        {"publish_mode": "x"},
        {"nope": 1},
    ],
)
def test_wrong_settings_are_refused(user):
    with pytest.raises(SettingsError):
        cms_config(user)


def test_empty_choice_list_becomes_a_checked_id():
    field = decap_field(Field("enterprise", "企业", kind="select", required=True, choices="enterprises"), {})
    assert field["widget"] == "string" and field["pattern"][0] == ID_PATTERN and field["required"] is True


def test_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        decap_field(Field("x", "某", kind="colour"), {})


def test_derived_slugs_are_the_builds(site):
    slugs = derived_slugs(site)
    assert slugs["content/news/2024/jinan-association.md"] == slugify("潍坊学院济南校友会成立")
    published = [a for a in site.news if a.published or a.withdrawn]  # a withdrawn URL keeps its notice
    assert any(a.withdrawn and a.path in slugs for a in site.news)
    published += [p for p in site.achievements.values() if p.status == "published"]
    published += [m for m in site.memories if m.status == "published"]
    assert len(slugs) == len(published)
    drafts = [a for a in site.news if not a.published and not a.withdrawn]
    assert drafts and all(a.path.startswith("content/") and a.path not in slugs for a in drafts)
    assert all(path.startswith("content/") and path.endswith(".md") for path in slugs)


def test_local_backend_binds_loopback_and_the_repository(tmp_path):
    from wfu.cms import server_env

    env = server_env(str(tmp_path), 9124)
    assert (env["BIND_HOST"], env["PORT"], env["MODE"]) == ("127.0.0.1", "9124", "fs")
    assert env["GIT_REPO_DIRECTORY"] == str(tmp_path)
    assert server_env(str(tmp_path), 9124, commit=True)["MODE"] == "git"


def test_missing_node_or_package_is_a_sentence(monkeypatch):
    import wfu.cms

    monkeypatch.setattr(wfu.cms.shutil, "which", lambda name: None)
    with pytest.raises(wfu.cms.CmsUnavailable, match="Node.js"):
        wfu.cms.server_command()
    monkeypatch.setattr(wfu.cms, "SERVER", "/nonexistent/index.js")
    with pytest.raises(wfu.cms.CmsUnavailable, match="npm ci --prefix tools/cms"):
        wfu.cms.server_command(node="/usr/bin/node")


# Every field a model reports as missing (its check.required calls) is required in the form,
# at whatever depth, unless the form cannot say it: conditional rules and YAML-only data.
MODEL_FILES = {
    "milestones": ["about"],
    "gifts": ["donations"],
    "graduates": ["donations"],
    "associations": ["associations"],
    "honours": ["associations"],
    "news": ["news", "events"],
    "achievements": ["achievements"],
    "colleges": ["colleges"],
    "projects": ["donations"],
    "enterprises": ["enterprises"],
    "jobs": ["enterprises"],
    "memories": ["alumni_home"],
    "pages": ["standing_pages"],
}
NOT_IN_THE_FORM = {
    # Conditional, so the form cannot say it and the build does (the help text names the case):
    # a 院级 project's college, a money gift's amount, an in-kind gift's item,
    # a college association's college, an industry association's industry.
    "donations": {"college", "amount", "item"},
    "associations": {"college", "industry"},
    # about/model.py also reads 会长致辞 (content/about/message.md), which the editor does not offer
    "about": {"name", "role"},
}


def test_what_the_model_requires_the_form_requires(config):
    from tests.conftest import ROOT

    for module in sorted({m for modules in MODEL_FILES.values() for m in modules}):
        source = (ROOT / "plugins" / module / "model.py").read_text(encoding="utf-8")
        required = set(re.findall(r'\.required\(\s*"(\w+)"', source)) - NOT_IN_THE_FORM.get(module, set())
        names = [name for name, modules in MODEL_FILES.items() if module in modules]
        fields = [f for name in names for _, f in fields_by_path(collection(config, name)["fields"])]
        assert fields, module
        for field_name in required:
            candidates = [f for f in fields if f["name"] == field_name]
            assert any(
                f["required"] or f.get("hint", "").startswith("填写这一块时必填") for f in candidates
            ), (module, field_name)
