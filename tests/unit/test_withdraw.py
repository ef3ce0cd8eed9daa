"""``invoke withdraw``: finds the article by its URL name and changes only its status line."""

from __future__ import annotations

import shutil

import pytest

from plugins.common.errors import ContentErrors
from tests.conftest import SAMPLE_CONTENT
from wfu.build import load_settings
from wfu.withdraw import set_withdrawn, withdraw

HEAD = "---\ntitle: 标题\ndate: 2024-05-12\ncategory: 通知公告\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            HEAD + "status: published\n---\n\n正文 status: x\n",
            HEAD + "status: withdrawn{c}\n---\n\n正文 status: x\n",
        ),
        (HEAD + "---\n\n正文\n", HEAD + "status: withdrawn{c}\n---\n\n正文\n"),
        (HEAD + "status: published   # 注释\nslug: a\n---\n", HEAD + "status: withdrawn{c}\nslug: a\n---\n"),
    ],
)
def test_only_the_status_line_changes(text, expected):
    assert set_withdrawn(text) == expected.format(c="   # 撤稿：网址保留，显示撤稿说明")


def test_no_front_matter_is_refused():
    with pytest.raises(ValueError):
        set_withdrawn("标题\n正文\n")


@pytest.fixture
def settings(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    return load_settings(light=True, PATH=str(content))


def test_withdraw_by_slug_or_year_and_slug(settings):
    path, url = withdraw("2024/guan-yu-zheng-ji-xiao-you-feng-cai-cai-liao-de-tong-zhi", settings)
    assert path.endswith("news/2024/call-for-stories.md")
    assert url == "/news/2024/guan-yu-zheng-ji-xiao-you-feng-cai-cai-liao-de-tong-zhi/"
    with open(path, encoding="utf-8") as handle:
        assert "\nstatus: withdrawn" in handle.read()
    path, url = withdraw("news/2024/da-jiang-tang-di-er-jiang-yu-gao/", settings)  # pasted from the URL
    assert path.endswith("lecture-2-notice.md") and url == "/news/2024/da-jiang-tang-di-er-jiang-yu-gao/"


@pytest.mark.parametrize(
    ("name", "key", "fragment"),
    [
        ("no-such-article", "unknown-article", "没有找到网址名为“no-such-article”的新闻"),
        ("withdrawn-meeting", "already-withdrawn", "已经撤稿"),
        ("2026/han-jia-xiao-you-lian-yi-hui-yu-gao-cao-gao", "withdraw-draft", "草稿"),
    ],
)
def test_refusals_are_chinese_with_a_key(settings, name, key, fragment):
    with pytest.raises(ContentErrors) as info:
        withdraw(name, settings)
    [error] = info.value.errors
    assert error.key == key and fragment in error.message


def test_a_withdrawn_article_keeps_its_url_and_is_no_link_target(settings):
    """Its URL is still taken (the notice lives there); a link to it would show readers only the notice."""
    from wfu.build import check_site

    root = settings["PATH"]
    with open(f"{root}/news/2024/alumni-forest.md", "a", encoding="utf-8") as handle:
        handle.write("\n另见[撤下的通知]({filename}withdrawn-meeting.md)。\n")
    with open(f"{root}/news/2024/withdrawn-meeting.md", encoding="utf-8") as handle:
        text = handle.read()
    with open(f"{root}/news/2024/same-url.md", "w", encoding="utf-8") as handle:
        handle.write(text.replace("status: withdrawn\n", "").replace("撤稿测试", "新文章"))
    errors = {(e.path, e.key) for e in check_site(settings)}
    assert errors == {
        ("content/news/2024/alumni-forest.md", "link-to-withdrawn"),
        ("content/news/2024/same-url.md", "duplicate-url"),
        ("content/news/2024/withdrawn-meeting.md", "duplicate-url"),
    }
