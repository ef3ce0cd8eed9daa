"""The web editor /admin/ in Chromium, against the real local backend (decap-server).

One temporary clone of the fixture content, the shared build of it (its
/admin/ pointed at this module's backend), one backend for the module.  An
editor creates a news article with a cover photo and an event block through
the forms and saves; the file that lands in ``content/`` passes the loader
(``invoke check``) and builds into the expected page.  Editing an existing
title keeps everything else; a required field left empty is refused in the
form; a job posting is created the same way.

Outside CI a missing Node.js, npm package or browser skips; under CI=true it
fails (``.ci/run`` installs them).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from plugins.common.slugs import slugify
from tests.browser.conftest import page_opener
from tests.conftest import FIXTURE_DAY, SAMPLE_CONTENT, run_build, served

pytestmark = pytest.mark.browser

YEAR = date.fromisoformat(FIXTURE_DAY).year  # the build's day (run_build): never a future date for it
TITLE = "校友返校日活动预告"
SLUG = "xiao-you-fan-xiao-ri-huo-dong-yu-gao"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port: int, process, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"decap-server exited with {process.returncode}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError("decap-server did not start")


def _jpeg(path: Path) -> Path:
    from PIL import Image

    Image.new("RGB", (1200, 800), (40, 110, 160)).save(path, "JPEG", quality=85)
    return path


def _built_for(sample_site: Path, output: Path, port: int) -> None:
    """The fixture content's build for a local backend on ``port``, from the shared build.

    The port is in one line of /admin/config.yml (plugins/cms/model.py: decap_config) and
    nowhere else: a build with ``CMS_LOCAL_PORT`` differed from the shared one only there,
    besides its build id and Pagefind's file names (checked 2026-12-06).  Copying saves a
    whole build (16 s of this module's setup).  The tests below build this folder again
    with ``CMS_LOCAL_PORT`` after editing, so what they inspect is a real build.
    """
    from plugins.cms.settings import DEFAULTS

    shutil.copytree(sample_site, output)  # the release the shared build's ``output`` link points at
    config = output / "admin" / "config.yml"
    text = config.read_text(encoding="utf-8")
    default = f"proxy_url: http://127.0.0.1:{DEFAULTS['local_port']}/api/v1\n"
    assert text.count(default) == 1, "the shared build's /admin/config.yml names no local backend"
    config.write_text(text.replace(default, f"proxy_url: http://127.0.0.1:{port}/api/v1\n"), encoding="utf-8")


@pytest.fixture(scope="module")
def cms(tmp_path_factory, sample_site):
    """(repo folder, admin URL, backend port): a clone of the fixture content, built and served."""
    from wfu.cms import CmsUnavailable, server_command, start_server

    try:
        server_command()
    except CmsUnavailable as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true: {exc}")
        pytest.skip(str(exc))
    root = tmp_path_factory.mktemp("cms")
    repo = root / "repo"
    shutil.copytree(SAMPLE_CONTENT, repo / "content")
    port = _free_port()
    env = {"CMS_LOCAL_PORT": str(port)}
    _built_for(sample_site, root / "output", port)
    assert (root / "output" / "admin" / "decap-cms.js").is_file(), "npm ci --prefix tools/cms"
    with open(root / "server.log", "wb") as log:
        server = start_server(str(repo), port, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_for_port(port, server)
            with served(root / "output") as url:
                yield repo, root, url, env
        finally:
            server.terminate()
            server.wait(timeout=10)


@pytest.fixture(scope="module")
def editor(browser, cms):
    """A logged-in /admin/ page (the local backend's login is one button)."""
    _, _, url, _ = cms
    with page_opener(browser, url) as open_page:
        page = open_page("/admin/", 1280)
        page.get_by_role("button", name="登录").click()
        page.get_by_text("校友新闻").first.wait_for()
        yield page


def _open(page, url: str, route: str, first_label: str = "标题") -> None:
    """A fresh load of an editor route (a hash change alone keeps the last entry's form)."""
    page.goto("about:blank")
    page.goto(f"{url}/admin/#{route}")
    page.get_by_label(first_label, exact=True).wait_for()


def _input(page, name: str, index: int = 0):
    """An optional field (its label ends in “(可选)”), by the id Decap gives its input."""
    return page.locator(f'[id^="{name}-field-"]').nth(index)


def _select(page, label, option: str) -> None:
    control = page.get_by_label(label, exact=True) if isinstance(label, str) else label
    control.click()
    control.fill(option)
    page.get_by_role("option", name=option, exact=True).click()


def _publish(page) -> None:
    page.get_by_role("button", name="发布").first.click()
    page.get_by_text("立即发布", exact=True).click()


def _wait_for_file(path: Path, seconds: float = 20) -> bytes:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.is_file() and path.stat().st_size:
            time.sleep(0.5)  # the backend writes the entry and its images side by side
            return path.read_bytes()
        time.sleep(0.2)
    raise AssertionError(f"{path} was not written")


def _rewritten(path: Path, before: str, seconds: float = 60) -> str:
    """The file once the backend has saved it: changed, and the same in two reads 0.2 s apart.

    The backend writes the file in place: a read during the write sees part of it.
    (A shared CPU: generous, and the wait ends as soon as the saved file is there.)
    """
    deadline, last = time.monotonic() + seconds, before
    while time.monotonic() < deadline:
        text = path.read_text(encoding="utf-8")
        if text != before and text == last:
            return text
        last = text
        time.sleep(0.2)
    return path.read_text(encoding="utf-8")


def test_admin_page_is_ours_and_chinese(editor, cms):
    _, root, _, _ = cms
    html = (root / "output" / "admin" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert editor.foreign_requests == []  # the CMS's files come from our own site
    assert editor.get_by_text("校友风采").first.is_visible()  # zh_Hans UI, our collection labels
    sitemap = (root / "output" / "sitemap.xml").read_text(encoding="utf-8")
    assert "/admin/" not in sitemap


def test_preview_uses_the_sites_stylesheet(editor, cms):
    _, _, url, _ = cms
    _open(editor, url, "/collections/news/new")
    editor.get_by_label("标题", exact=True).fill("预览样式")
    preview = editor.frame_locator("iframe").first
    expect(preview.locator("h1")).to_have_text("预览样式", timeout=30_000)
    hrefs = preview.locator("link[rel=stylesheet]").evaluate_all("links => links.map(l => l.href)")
    assert any("/theme/css/site." in href for href in hrefs), hrefs
    assert editor.foreign_requests == []


def test_required_field_left_empty_is_refused(editor, cms):
    repo, _, url, _ = cms
    before = sorted((repo / "content" / "news").rglob("*.md"))
    _open(editor, url, "/collections/news/new")
    editor.get_by_label("标题", exact=True).fill("只有标题的文章")
    _publish(editor)
    editor.get_by_text("必填").first.wait_for()  # the category and the date are required
    time.sleep(1)
    assert sorted((repo / "content" / "news").rglob("*.md")) == before
    # Filled in, the same article saves without an event block: the block's own required
    # fields (start, status) do not stop an ordinary article.
    editor.get_by_label("日期", exact=True).fill(f"{YEAR}-01-06T08:00")
    _select(editor, "栏目", "通知公告")
    _publish(editor)  # a new file needs its slug (file name and URL): the save hook says so
    editor.get_by_text("请填写“网址名”", exact=False).first.wait_for()
    assert sorted((repo / "content" / "news").rglob("*.md")) == before
    _input(editor, "slug").fill("zhi-you-biao-ti")
    _publish(editor)
    text = _wait_for_file(repo / "content" / "news" / str(YEAR) / "zhi-you-biao-ti.md").decode()
    assert "event" not in text and "status: draft" in text


def test_create_news_with_cover_and_event(editor, cms, tmp_path, monkeypatch):
    repo, root, url, env = cms
    _open(editor, url, "/collections/news/new")
    editor.get_by_label("标题", exact=True).fill(TITLE)
    editor.get_by_label("日期", exact=True).fill(f"{YEAR}-01-05T09:30")
    _select(editor, "栏目", "校友活动")
    _input(editor, "slug").fill(SLUG)
    editor.get_by_role("button", name="选择图片").click()
    editor.locator("input[type=file]").set_input_files(str(_jpeg(tmp_path / "fan-xiao.jpg")))
    editor.get_by_role("button", name="选用已选中项目").click()
    _input(editor, "cover_alt").fill("校友在校门前合影")
    _select(editor, _input(editor, "status"), "发布")
    _input(editor, "event").locator("[data-testid=expand-button]").first.click()  # the block starts folded
    _input(editor, "start").fill(f"{YEAR}-01-20T15:00")
    _input(editor, "venue").fill("图书馆报告厅")
    _select(editor, _input(editor, "status", 1), "按期举行")
    body = editor.locator("[data-slate-editor]")
    body.click()
    editor.keyboard.type("欢迎各位校友回家看看。")
    _publish(editor)
    text = _wait_for_file(repo / "content" / "news" / str(YEAR) / f"{SLUG}.md").decode()
    assert f"title: {TITLE}" in text and "category: 校友活动" in text
    _wait_for_file(repo / "content" / "images" / "news" / "fan-xiao.jpg")
    assert "/images/news/fan-xiao.jpg" in text

    from plugins.site.loader import load_site
    from wfu.build import load_settings

    monkeypatch.setenv("SITE_TODAY", FIXTURE_DAY)  # invoke check on the builds' day

    site, errors = load_site(load_settings(PATH=str(repo / "content")))
    assert errors == []
    article = next(a for a in site.news if a.meta.slug == SLUG)
    assert article.meta.event is not None and article.meta.event.venue == "图书馆报告厅"
    assert article.meta.cover == "images/news/fan-xiao.jpg"

    built = run_build(repo / "content", root / "output", env=env)
    assert built.returncode == 0, built.stdout + built.stderr
    page = root / "output" / "news" / str(YEAR) / SLUG / "index.html"
    doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert doc.h1.get_text(strip=True) == TITLE
    assert "图书馆报告厅" in doc.get_text()
    assert "欢迎各位校友回家看看。" in doc.get_text()


def test_edit_existing_title_keeps_the_rest(editor, cms):
    repo, _, url, _ = cms
    path = repo / "content" / "news" / "2024" / "jinan-association.md"
    before = path.read_text(encoding="utf-8")
    _open(editor, url, "/collections/news/entries/2024/jinan-association")
    title = editor.get_by_label("标题", exact=True)
    expect(title).to_have_value("潍坊学院济南校友会成立", timeout=30_000)  # the entry has loaded
    title.fill("潍坊学院济南校友会正式成立")
    _publish(editor)
    _rewritten(path, before)
    from plugins.common.frontmatter import split_front_matter

    old, new = (
        split_front_matter(before, "x").meta,
        split_front_matter(path.read_text(encoding="utf-8"), "x").meta,
    )
    assert new["title"] == "潍坊学院济南校友会正式成立"
    # The URL stays: the slug the build derived from the old title is now written down.
    assert "slug" not in old and new["slug"] == slugify("潍坊学院济南校友会成立")
    assert {k: v for k, v in new.items() if k not in ("title", "slug")} == {
        k: v for k, v in old.items() if k != "title"
    }


def test_create_job_posting(editor, cms):
    repo, root, url, env = cms
    job_id = f"ruan-jian-gong-cheng-shi-{YEAR}"
    _open(editor, url, "/collections/jobs/new", "岗位名称")
    _input(editor, "id").fill(job_id)
    _select(editor, "企业", "潍坊云智软件科技有限公司（示例企业）")
    editor.get_by_label("岗位名称", exact=True).fill("软件工程师")
    editor.get_by_label("招聘人数", exact=True).fill("3")
    _input(editor, "apply_url").fill("https://www.example.com/jobs/")
    editor.get_by_label("发布日期", exact=True).fill(f"{YEAR}-01-05")
    editor.get_by_label("截止日期", exact=True).fill(f"{YEAR + 1}-06-30")
    _select(editor, _input(editor, "status"), "发布")
    editor.locator("[data-slate-editor]").click()
    editor.keyboard.type("负责校友服务平台的开发。")
    _publish(editor)
    text = _wait_for_file(repo / "content" / "jobs" / f"{job_id}.md").decode()
    assert "enterprise: yunzhi" in text and "positions: 3" in text

    built = run_build(repo / "content", root / "output", env=env)
    assert built.returncode == 0, built.stdout + built.stderr
    page = root / "output" / "jobs" / job_id / "index.html"
    doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert doc.h1.get_text(strip=True) == "软件工程师"
    assert "负责校友服务平台的开发。" in doc.get_text()


def test_edit_one_gift_in_a_data_file(editor, cms, monkeypatch):
    """A top-level YAML list (decap #531) edited through our list format: still a list, checked."""
    repo, _, url, _ = cms
    path = repo / "content" / "donors" / "gifts" / "2024.yml"
    before = path.read_text(encoding="utf-8")
    editor.goto("about:blank")
    editor.goto(f"{url}/admin/#/collections/gifts/entries/2024")
    editor.get_by_text("新增捐赠").wait_for()  # the list's add button: the file has loaded
    # The list starts folded, one line per gift (date and donor); its top bar's first button unfolds it.
    gift = editor.locator("[class*=SortableListItem]").filter(has_text="2024-02-07 叶平（示例）").first
    gift.locator("[class*=TopBar] button").first.click()
    donor = gift.locator('[id^="donor-field-"]')
    expect(donor).to_have_value("叶平（示例）", timeout=30_000)
    donor.fill("叶平安（示例）")
    _publish(editor)
    after = _rewritten(path, before)
    # Still the list the guide shows, its opening comment kept, and the edit is a one-line change.
    changed = [
        (old, new) for old, new in zip(before.splitlines(), after.splitlines(), strict=True) if old != new
    ]
    assert changed == [("- donor: 叶平（示例）", "- donor: 叶平安（示例）")]

    from plugins.site.loader import load_site
    from wfu.build import load_settings

    monkeypatch.setenv("SITE_TODAY", FIXTURE_DAY)  # invoke check on the builds' day

    site, errors = load_site(load_settings(PATH=str(repo / "content")))  # invoke check
    assert errors == []
    assert any(g.donor == "叶平安（示例）" for g in site.gifts)


def test_new_year_of_gifts(editor, cms, monkeypatch):
    """“＋ 一年的捐赠记录” names the file after this year (Decap adds -1 when it exists)."""
    repo, _, url, _ = cms
    folder = repo / "content" / "donors" / "gifts"
    name = f"{YEAR}-1.yml" if (folder / f"{YEAR}.yml").exists() else f"{YEAR}.yml"
    editor.goto("about:blank")
    editor.goto(f"{url}/admin/#/collections/gifts/new")
    editor.get_by_text("新增捐赠").click()
    _input(editor, "donor").fill("测试捐赠人")
    _select(editor, "捐赠人类型", "社会友人")
    _select(editor, "捐赠项目", "校友励学助学金")  # open, no end date
    _select(editor, "捐赠方式", "资金")
    _input(editor, "amount").fill("500")
    editor.get_by_label("捐赠日期", exact=True).fill(f"{YEAR}-01-05")
    _publish(editor)
    text = _wait_for_file(folder / name).decode()
    assert text == (
        f"- donor: 测试捐赠人\n  donor_type: friend\n  project: scholarship\n  kind: money\n"
        f"  amount: 500\n  date: {YEAR}-01-05\n"
    )

    from plugins.site.loader import load_site
    from wfu.build import load_settings

    monkeypatch.setenv("SITE_TODAY", FIXTURE_DAY)  # invoke check on the builds' day

    site, errors = load_site(load_settings(PATH=str(repo / "content")))
    assert errors == [] and any(g.donor == "测试捐赠人" for g in site.gifts)
