"""Stored XSS: hostile text in every field is escaped, hostile HTML in a body never reaches any output file.

The fixture copy gets ``"><svg onload=alert(1)>`` in a news title, summary,
cover alt, author and tag, an achievement's name, title, summary and honours,
an officer's and a donor's name, an honour, and a college website with an
``onmouseover`` payload; bodies get ``<script>``, ``<iframe>``, ``<form>``,
``on*`` attributes and ``javascript:`` links.  Every built file is then parsed:
no element may carry an event attribute, no script other than our own, no
iframe, form or ``javascript:`` URL.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import (
    SAMPLE_CONTENT,
    BuildResult,
    assert_failed_cleanly,
    once_per_run,
    run_build,
    snapshot,
)

PAYLOAD = '"><svg onload=alert(1)>'
QUOTED = "'" + PAYLOAD.replace("'", "''") + "'"
BODY_ATTACK = """

<script>alert('body')</script>
<iframe src="https://evil.example.com/"></iframe>
<form action="https://evil.example.com/"><input name="q"></form>
<img src="{static}/images/news/lecture-hall.jpg" alt="现场" onerror="alert(2)">
[点我](javascript:alert(3))
<a href="JaVaScRiPt:alert(4)">链接</a>
"""


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory) -> BuildResult:
    """The hostile copy built once per run (the browser tests load the same build)."""
    value = once_per_run(tmp_path_factory, "hostile", _hostile_build)
    return BuildResult(value["returncode"], value["stdout"], value["stderr"], Path(value["output"]))


def _hostile_build(root: Path) -> dict:
    content = root / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    news = content / "news" / "2023" / "lecture-ai-careers.md"
    _edit(
        news,
        "title: 校友大讲堂第一讲：人工智能时代的职业成长",
        f"title: {QUOTED}\nsummary: {QUOTED}\nslug: xiao-you-da-jiang-tang-di-yi-jiang-ren-gong-zhi-neng-shi-dai",
    )
    _edit(news, "cover_alt: 报告厅里座无虚席的讲座现场（示意图）", f"cover_alt: {QUOTED}")
    _edit(news, "author: 计算机工程学院", f"author: {QUOTED}")
    _edit(news, "tags: [校友大讲堂, 人工智能, 计算机工程学院]", f"tags: [校友大讲堂, {QUOTED}]")
    news.write_text(news.read_text(encoding="utf-8") + BODY_ATTACK, encoding="utf-8")
    profile = content / "achievements" / "ai-platform-founder.md"
    _edit(profile, "alumnus: 李明（示例人物）", f"alumnus: {QUOTED}")
    _edit(profile, "honours: [省级科技进步二等奖]", f"honours: [{QUOTED}]")
    _edit(profile, "photo_alt: 李明（示例人物）的肖像（示意图）", f"photo_alt: {QUOTED}")
    profile.write_text(profile.read_text(encoding="utf-8") + BODY_ATTACK, encoding="utf-8")
    college = content / "colleges" / "cs.md"
    _edit(college, "website: https://jsj.example.edu.cn/", "website: 'https://x\" onmouseover=alert(5) x=\"'")
    college.write_text(college.read_text(encoding="utf-8") + BODY_ATTACK, encoding="utf-8")
    _edit(content / "data" / "associations.yml", "name: 王建国（示例）", f"name: {QUOTED}")
    _edit(content / "data" / "honours.yml", "recipient: 郑强（示例）", f"recipient: {QUOTED}")
    _edit(
        content / "data" / "honours.yml",
        "citation: 成立当年即组织校友联谊和招聘活动三场。",
        f"citation: {QUOTED}",
    )
    _edit(content / "donors" / "gifts" / "2019.yml", "donor: 孔涛（示例）", f"donor: {QUOTED}")
    result = run_build(content, root / "output", "build")
    return dataclasses.asdict(result)


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


def _elements(text: str):
    parser = _Elements()
    parser.feed(text)
    return parser.found


def test_hostile_content_builds_with_warnings_for_the_bodies(hostile_build):
    result = hostile_build
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("警告：")]
    assert any("content/news/2023/lecture-ai-careers.md:" in w and "[unsafe-html]" in w for w in warnings)
    assert any("content/colleges/cs.md:" in w for w in warnings)
    assert any("content/achievements/ai-platform-founder.md:" in w for w in warnings)
    assert any("<script>" in w for w in warnings)


def test_no_output_file_carries_the_attack(hostile_build):
    output = hostile_build.output
    pages = 0
    for path in output.rglob("*"):
        if not path.is_file() or path.suffix not in {".html", ".xml", ".json", ".txt", ".ics"}:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        name = str(path.relative_to(output))
        assert "<svg onload" not in text.lower(), name
        assert "javascript:" not in text.lower(), name
        assert "evil.example.com" not in text, name  # the body's iframe and form are gone
        if path.suffix != ".html":
            continue
        pages += 1
        for tag, attrs in _elements(text):
            for attr, value in attrs:
                assert not attr.startswith("on"), (name, tag, attr)
                assert not (value or "").strip().lower().startswith(("javascript:", "data:text")), (name, tag)
            assert tag not in {"iframe", "object", "embed"}, (name, tag)
            if tag == "script":
                kinds = dict(attrs)
                assert kinds.get("type") == "application/ld+json" or kinds.get("src"), (name, attrs)
        # our own inline scripts (not JSON-LD data, checked below) never carry the payload
        for block in re.findall(r"<script(?! type=\"application/ld\+json\")[^>]*>(.*?)</script>", text, re.S):
            assert "alert(" not in block, name
    assert pages > 20


@pytest.mark.parametrize(
    "page",
    [
        "news/2023/xiao-you-da-jiang-tang-di-yi-jiang-ren-gong-zhi-neng-shi-dai/index.html",  # title, alt, author, tag
        "news/tag/index.html",  # tag names
        "achievements/ai-platform-founder/index.html",  # name, honours, photo alt
        "associations/wfu/index.html",  # officer
        "donate/wall/index.html",  # donor name
        "honours/index.html",  # recipient, citation
        "wechat/index.html",  # the export's fields
    ],
)
def test_the_payload_is_shown_as_text(hostile_build, page):
    text = (hostile_build.output / page).read_text(encoding="utf-8")
    assert "&lt;svg onload=alert(1)&gt;" in text


def test_a_hostile_website_stays_inside_its_attribute(hostile_build):
    college = (hostile_build.output / "colleges" / "cs" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://x&#34; onmouseover=alert(5) x=&#34;"' in college
    links = [attrs for tag, attrs in _elements(college) if tag == "a"]
    assert any(dict(a).get("href") == 'https://x" onmouseover=alert(5) x="' for a in links)


def test_json_ld_cannot_close_its_script(hostile_build):
    for path in hostile_build.output.rglob("*.html"):
        for block in re.findall(
            r'<script type="application/ld\+json">(.*?)</script>', path.read_text(encoding="utf-8"), re.S
        ):
            assert "<" not in block and ">" not in block, path


def test_unsafe_html_fails_a_publish_build_at_its_line(content_copy, prebuilt):
    before = snapshot(prebuilt)
    news = content_copy / "news" / "2023" / "lecture-ai-careers.md"
    lines = news.read_text(encoding="utf-8").split("\n")
    news.write_text("\n".join([*lines, "", "<script>alert(1)</script>"]), encoding="utf-8")
    college = content_copy / "colleges" / "cs.md"
    college.write_text(
        college.read_text(encoding="utf-8") + "\n[点我](javascript:alert(3))\n", encoding="utf-8"
    )
    result = run_build(content_copy, prebuilt, "build", "--publish")
    assert_failed_cleanly(result, prebuilt, before)
    where = f"content/news/2023/lecture-ai-careers.md:{len(lines) + 2}: "
    assert re.search(rf"^{re.escape(where)}.*<script>.*\[unsafe-html\]$", result.stderr, re.M), result.stderr
    assert re.search(r"^content/colleges/cs\.md:\d+: .*javascript.*\[unsafe-html\]$", result.stderr, re.M)
