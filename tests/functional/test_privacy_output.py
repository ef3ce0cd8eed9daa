"""The privacy pass over the built site reads every file the build writes, and no log shows a value."""

import gzip
import json
import os
import shutil

from plugins.common.privacy import (
    MOBILE,
    OUTPUT_EXTENSIONS,
    _text_kind,
    read_output_file,
    scan_output_tree,
)
from tests.conftest import run_build
from tests.unit.test_privacy import ID

PHONE = "138\u200b1234\u200b5678"


def _files(site):
    for root, _, files in os.walk(site):
        for name in files:
            yield os.path.join(root, name)


def _reader(name: str) -> str:
    kind = _text_kind(name)
    if kind in ("gzip", "brotli"):
        return _reader(name[: -len(os.path.splitext(name)[1])])
    return kind


def test_every_kind_of_file_the_build_writes_has_a_reader(sample_site, published_site):
    """Enumerate the suffixes of both builds: each has a reader, and each file is read without error."""
    suffixes = {}
    for site in (sample_site, published_site):
        for path in _files(site):
            name = os.path.basename(path)
            suffixes.setdefault(os.path.splitext(name.lower())[1], name)
            with open(path, "rb") as handle:
                read_output_file(handle.read(), name)  # raises UnreadableOutput if it cannot
    assert {suffix: _reader(name) for suffix, name in suffixes.items() if _reader(name) == "unknown"} == {}
    assert set(suffixes) <= set(OUTPUT_EXTENSIONS)
    # The kinds this test exists for are really there (otherwise it proves nothing).
    assert {".html", ".xml", ".json", ".ics", ".pf_fragment", ".pf_index", ".pf_meta", ".gz", ".br"} <= set(
        suffixes
    )
    assert {".jpg", ".webp", ".conf", ".js", ".css", ".mp4", ".vtt"} <= set(
        suffixes
    )  # .mp4, .vtt: album videos
    for site in (sample_site, published_site):
        assert scan_output_tree(str(site)) == []


def test_a_value_planted_in_a_real_pagefind_fragment_is_found(sample_site, tmp_path):
    fragments = sorted((sample_site / "pagefind").glob("*/fragment/*.pf_fragment"))  # one folder per shard
    data = gzip.decompress(fragments[0].read_bytes())
    assert data.startswith(b"pagefind_dcd")
    fragment = json.loads(data[len(b"pagefind_dcd") :])
    fragment["content"] += f" 联系电话 {PHONE}"
    planted = b"pagefind_dcd" + json.dumps(fragment, ensure_ascii=False).encode()
    site = tmp_path / "site"
    shutil.copytree(sample_site / "pagefind", site / "pagefind")
    assert scan_output_tree(str(site)) == []
    relative = fragments[0].relative_to(sample_site).as_posix()
    (site / relative).write_bytes(gzip.compress(planted))
    assert scan_output_tree(str(site)) == [(relative, MOBILE)]


PLANTED = {
    # value as the log would show it -> where it is planted
    "13812345678": "a file name",
    "13912345678": "a YAML key",
    "13712345678": "a contact field",
    "zhangsan": "a mailbox in a body (zhangsan(at)163.com)",
    ID: "an ID number in a front-matter field",
    "15912345678": "an unknown field's value",
}


def test_no_log_line_ever_prints_a_detected_value(content_copy, tmp_path):
    news = content_copy / "news" / "2025"
    source = sorted(news.iterdir())[0]
    text = source.read_text(encoding="utf-8")
    (news / "13812345678.md").write_text(text, encoding="utf-8")
    front, body = text.split("\n---\n", 1)
    source.write_text(
        front
        + f"\nsummary: 身份证 {ID}\n159\u200b1234\u200b5678: 联系\n---\n"
        + body
        + "\n\n报名邮箱 zhangsan(at)163.com\n",
        encoding="utf-8",
    )
    college = content_copy / "colleges" / "agri.md"
    college.write_text(
        college.read_text(encoding="utf-8").replace("phone: 0536-878xxxx", "phone: 137 1234 5678"),
        encoding="utf-8",
    )
    data = content_copy / "data" / "graduates.yml"
    data.write_text(data.read_text(encoding="utf-8") + "  13912345678: 1\n", encoding="utf-8")
    result = run_build(content_copy, tmp_path / "output", "build")
    assert result.returncode == 1
    log = result.stdout + result.stderr
    assert "[personal-data]" in log and "[private-contact]" in log and "[unknown-field]" in log
    assert "content/data/graduates.yml:54" in log and "[yaml-syntax]" not in log
    assert "Traceback" not in log
    for value, where in PLANTED.items():
        assert value not in log, where
    assert "5678" not in log and "1234" not in log, log
