"""Property-based: random front matter and random data files never make ``load_site`` raise.

``invoke check`` and the build start with :func:`plugins.site.loader.load_site`;
whatever an editor (or a broken export) writes, the answer must be collected
``ContentError``s, never an exception and so never a traceback.  Each example
writes one random file into a private copy of the fixture site.
"""

from __future__ import annotations

import shutil
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plugins.common.errors import ContentError
from plugins.site.loader import load_site
from tests.conftest import SAMPLE_CONTENT
from wfu.build import load_settings

KEYS = st.sampled_from(
    [
        "title", "date", "category", "tags", "slug", "summary", "cover", "cover_alt", "author", "college",
        "association", "status", "featured", "event", "alumnus", "class_year", "photo", "honours", "name",
        "id", "liaison", "website", "target", "start", "end", "level", "x", "中文",
    ]
)  # fmt: skip
TEXT = st.text(
    alphabet=st.sampled_from(
        list(string.printable) + list("校友会潍坊学院：，。“”&*!|>-[]{}#%@`'\"\t０１３８")
    ),
    max_size=40,
)
SCALARS = st.one_of(TEXT, st.integers(-(10**20), 10**20), st.booleans(), st.none(), st.floats(allow_nan=True))
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS | TEXT, inner, max_size=4)),
    max_leaves=12,
)


def _yaml_value(value) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, default=str)  # JSON is YAML (flow style)


@pytest.fixture(scope="module")
def site_copy(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz") / "content"
    shutil.copytree(SAMPLE_CONTENT, root)
    return root


def _load(root) -> list[ContentError]:
    site, errors = load_site(load_settings(PATH=str(root)))
    assert all(isinstance(e, ContentError) for e in errors)
    assert errors or site is not None
    return errors


FM_TARGETS = [
    "news/2023/council-election.md",
    "colleges/cs.md",
    "achievements/seed-scientist.md",
    "donors/projects/library.md",
]
DATA_TARGETS = [
    "data/associations.yml",
    "data/honours.yml",
    "data/graduates.yml",
    "donors/gifts/2019.yml",
    "redirects.yml",
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    target=st.sampled_from(FM_TARGETS),
    fields=st.dictionaries(KEYS, VALUES, max_size=8),
    raw=st.one_of(st.none(), TEXT),
    body=TEXT,
)
def test_random_front_matter_gives_errors_not_exceptions(site_copy, target, fields, raw, body):
    path = site_copy / target
    original = (SAMPLE_CONTENT / target).read_text(encoding="utf-8")
    header = "\n".join(f"{k}: {_yaml_value(v)}" for k, v in fields.items())
    if raw is not None:
        header += "\n" + raw
    try:
        path.write_text(f"---\n{header}\n---\n{body}\n", encoding="utf-8", errors="surrogatepass")
        _load(site_copy)
    finally:
        path.write_text(original, encoding="utf-8")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    target=st.sampled_from(DATA_TARGETS),
    data=st.one_of(VALUES, st.lists(st.dictionaries(KEYS, VALUES, max_size=8), max_size=4)),
    raw=st.one_of(st.none(), st.binary(max_size=60), TEXT),
)
def test_random_data_files_give_errors_not_exceptions(site_copy, target, data, raw):
    path = site_copy / target
    original = (SAMPLE_CONTENT / target).read_bytes()
    try:
        if isinstance(raw, bytes):
            path.write_bytes(raw)
        elif raw is not None:
            path.write_text(raw, encoding="utf-8")
        else:
            path.write_text(_yaml_value(data), encoding="utf-8")
        _load(site_copy)
    finally:
        path.write_bytes(original)
