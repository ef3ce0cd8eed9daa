"""An editor's day on a copy of the fixture site, through the real commands, each in a fresh process.

``invoke new`` a news article, preview while it is an unfinished draft, finish
it, publish a staging copy (the locks stay as they were), lock its URL, withdraw
it with ``invoke withdraw`` and publish again: its URL is 410 Gone through the
shipped nginx config, its API document a tombstone, its text in no search
index, feed or sitemap.  Every line printed on the way is Chinese.

The fixture is sample content, which the publish guard refuses for a real
publication (plugins/identity/guard.py), so the publishing builds here are
staging publishes with private locks, as in tests/conftest.py ``run_build``;
the URL joins the lock through ``invoke lock-urls`` after a preview build of
the finished article (a staging build never writes a lock).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from plugins.api.model import withdrawn_document
from plugins.common.privacy import read_output_file
from tests.conftest import FIXTURE_LOCK, ROOT, STAGING_SITEURL, run_build
from tests.deploy.conftest import start_nginx  # noqa: F401 - the real nginx fixture
from tests.deploy.test_nginx import request

pytestmark = pytest.mark.servers

DRAFT_TITLE = "编辑日返校通知"  # the title given to invoke new; its slug stays when the title changes
TITLE = "编辑日校友返校座谈通知"
BODY = "编辑日独有的正文：欢迎各届校友返校座谈。"
CATEGORY = "通知公告"
# English build words an editor must never read (a path, a [key] or a URL may contain anything).
ENGLISH = re.compile(r"\b(error|Error|ERROR|failed|Failed|Done|Processed|warning|Warning|WARNING)\b")
PAGEFIND = (".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter")
NOT_PROSE = re.compile(r"\[[\w-]+\]|https?://\S+|(?:[\w.-]+/)+[\w.-]*")


@pytest.fixture
def checkout(project_copy, content_copy) -> Path:
    """An editor's checkout: code, settings, tasks.py and the fixture site as its content/."""
    shutil.copyfile(ROOT / "tasks.py", project_copy / "tasks.py")
    shutil.move(str(content_copy), project_copy / "content")
    return project_copy


def english_lines(printed: list[str]) -> list[str]:
    return [line for line in printed if ENGLISH.search(NOT_PROSE.sub(" ", line))]


def searchable(site: Path) -> str:
    """Every text of the Pagefind index (fragments, word index, metadata, filters), decompressed."""
    files = [p for p in (site / "pagefind").rglob("*") if p.suffix in PAGEFIND and p.is_file()]
    assert any(p.suffix == ".pf_fragment" for p in files) and any(p.suffix == ".pf_index" for p in files)
    return "\n".join(text for p in files for text in read_output_file(p.read_bytes(), p.name))


def test_an_editors_day(checkout, tmp_path, start_nginx):  # noqa: F811 - the fixture, imported above
    printed: list[str] = []
    locks = tmp_path / "locks"
    locks.mkdir()
    url_lock, events_lock = locks / "urls.lock", locks / "events.lock"
    url_lock.write_bytes(FIXTURE_LOCK.read_bytes())
    events_lock.write_bytes((ROOT / "events.lock").read_bytes())
    content = checkout / "content"

    def run(*argv: str, staging: bool = False) -> subprocess.CompletedProcess:
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(checkout)}
        env.pop("SITE_STAGING", None)
        if staging:
            env.update(SITE_STAGING="1", SITEURL=STAGING_SITEURL)
        proc = subprocess.run(
            [sys.executable, "-m", *argv], cwd=checkout, capture_output=True, text=True, env=env
        )
        printed.extend((proc.stdout + proc.stderr).splitlines())
        assert "Traceback" not in proc.stdout + proc.stderr
        return proc

    def build(output: str, *args: str, staging: bool = False):
        # The editor's real day: ``invoke new`` dates the article now, so the build takes the real
        # clock too (an empty SITE_TODAY), not the fixture's day that other test builds take.
        result = run_build(
            content, tmp_path / output, *args, "--lock", str(url_lock), project=checkout,
            env={"SITE_TODAY": ""} if staging else {"SITE_STAGING": "", "SITE_TODAY": ""},
        )  # fmt: skip
        printed.extend((result.stdout + result.stderr).splitlines())
        assert result.returncode == 0, result.stderr
        return result

    # 1. invoke new: a draft, placed by the scaffold
    made = run("invoke", "new", "news", DRAFT_TITLE)
    assert made.returncode == 0, made.stderr
    url = re.search(r"发布后的网址：(\S+)", made.stdout)[1]
    page = url.removeprefix(STAGING_SITEURL).strip("/") + "/"
    year, slug = page.split("/")[1:3]
    draft = content / "news" / year / f"{slug}.md"
    assert draft.is_file() and "status: draft" in draft.read_text(encoding="utf-8")

    # 2. preview while the draft is unfinished: a warning names it, the rest of the site is built
    checked = run("wfu.build", "check", "--content", str(content))
    preview = build("preview", "build")
    for result in (checked, preview):
        assert result.returncode == 0
        warned = [line for line in result.stderr.splitlines() if "草稿待补" in line]
        assert warned and all(line.startswith(f"content/news/{year}/{slug}.md:") for line in warned), (
            result.stderr
        )
    assert (tmp_path / "preview/index.html").is_file() and (tmp_path / "preview/news/index.html").is_file()
    assert not (tmp_path / "preview" / page).exists()

    # 3. finish it, publish a staging copy: both locks unchanged byte for byte
    text = draft.read_text(encoding="utf-8")
    body_start = text.index("---\n", 4) + 4
    front = re.sub(r"^title: .*$", f"title: {TITLE}", text[:body_start], count=1, flags=re.M)
    front = re.sub(r"^category: .*$", f"category: {CATEGORY}", front, count=1, flags=re.M)
    front = re.sub(r"^status: .*$", "status: published", front, count=1, flags=re.M)
    draft.write_text(front + f"\n{BODY}\n", encoding="utf-8")
    before = (url_lock.read_bytes(), events_lock.read_bytes())
    build("staging", "build", "--publish", staging=True)
    locked = run("wfu.build", "lock-urls", "--publish", "--output", str(tmp_path / "staging"),
                 "--lock", str(url_lock), "--content", str(content), staging=True)  # fmt: skip
    assert locked.returncode == 0 and "保持不变" in locked.stdout
    assert (url_lock.read_bytes(), events_lock.read_bytes()) == before
    assert json.loads((tmp_path / "staging/build-info.json").read_text(encoding="utf-8"))["staging"] is True
    assert TITLE in (tmp_path / "staging" / page / "index.html").read_text(encoding="utf-8")
    assert TITLE in searchable(tmp_path / "staging")  # the search check below can see the title

    # 4. the URL joins the lock (a preview build, then invoke lock-urls: the guard refuses sample content)
    build("finished", "build")
    joined = run("wfu.build", "lock-urls", "--output", str(tmp_path / "finished"),
                 "--lock", str(url_lock), "--content", str(content))  # fmt: skip
    assert joined.returncode == 0, joined.stderr
    assert f"/{page}" in url_lock.read_text(encoding="utf-8").split()

    # 5. invoke withdraw, publish again: 410 Gone, a tombstone, gone from search, feeds and sitemap
    withdrawn = run("invoke", "withdraw", slug)
    assert withdrawn.returncode == 0, withdrawn.stderr
    assert "status: withdrawn" in draft.read_text(encoding="utf-8")
    build("final", "build", "--publish", staging=True)
    site = tmp_path / "final"
    assert f"/{page}" in url_lock.read_text(encoding="utf-8").split()
    notice = (site / page / "index.html").read_bytes()
    assert notice == (site / "410.html").read_bytes()
    document = json.loads((site / f"api/v1/news/{year}/{slug}.json").read_text(encoding="utf-8"))
    assert document == withdrawn_document(f"{year}/{slug}", f"{STAGING_SITEURL}/{page}", "v1")
    for name in ("sitemap.xml", "news/feed.atom.xml", "news/feed.rss.xml", "index.html", "news/index.html"):
        shown = (site / name).read_text(encoding="utf-8")
        assert TITLE not in shown and BODY not in shown and slug not in shown, name
    assert TITLE not in searchable(site) and BODY not in searchable(site)
    nginx = start_nginx(site)
    for spelling in (f"/{page}", f"/{page}index.html"):
        response = request(nginx.port, spelling)
        assert response.status == 410 and response.body == notice, spelling
    assert request(nginx.port, "/news/").status == 200

    # 6. every message on the way is Chinese (and the filter does catch Pelican's English summary)
    assert english_lines(["Done: Processed 1 article", "content/news/a.md:3: 草稿待补 [missing-body]"]) == [
        "Done: Processed 1 article"
    ]
    assert english_lines(printed) == []
