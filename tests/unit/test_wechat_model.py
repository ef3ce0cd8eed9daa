"""The 公众号 fragment: every WeChat rule, on small inputs."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup

from plugins.wechat.fragment import wechat_fragment
from plugins.wechat.model import BODY_LIMIT, meta_json, news_article_ld

BASE = "https://xiaoyou.example.cn/news/2024/a/"


def fragment(html: str, images=lambda src: "https://xiaoyou.example.cn/wechat/images/x.jpg"):
    return wechat_fragment(html, BASE, images)


def test_root_is_a_section_without_forbidden_tags_or_attributes():
    html = ('<h1>标题</h1><p class="c" id="i" data-x="1">正文</p><script>alert(1)</script><style>p{}</style>'
            '<iframe src="https://v.example.com"></iframe><link rel="stylesheet" href="x.css">')  # fmt: skip
    doc = BeautifulSoup(fragment(html).html, "html.parser")
    root = doc.contents[0]
    assert root.name == "section" and len([c for c in doc.contents if getattr(c, "name", None)]) == 1
    for name in ("h1", "html", "head", "style", "link", "script", "iframe"):
        assert doc.find(name) is None, name
    for tag in doc.find_all(True):
        assert not {"class", "id"} & set(tag.attrs) and not any(a.startswith("data-") for a in tag.attrs)
    assert "style" in doc.p.attrs and "var(" not in str(doc)


def test_only_an_h1_at_the_start_is_dropped():
    doc = BeautifulSoup(fragment("<p>导语</p><h1>中间的大标题</h1>").html, "html.parser")
    assert doc.find("h1") is not None


def test_links_become_numbered_references_merged_by_url():
    html = ('<p><a href="https://a.example/x">甲</a> <a href="/news/2024/b/">乙</a> <a href="https://a.example/x">丙</a> '
            '<a href="https://mp.weixin.qq.com/s/abc">公众号文章</a> <a href="https://plain.example/">https://plain.example/</a> '
            '<a href="mailto:x@example.edu.cn">邮箱</a></p>')  # fmt: skip
    result = fragment(html)
    doc = BeautifulSoup(result.html, "html.parser")
    assert [a["href"] for a in doc.find_all("a")] == ["https://mp.weixin.qq.com/s/abc"]
    assert [s.get_text() for s in doc.find_all("sup")] == ["[1]", "[2]", "[1]"]
    assert result.references == ["https://a.example/x", "https://xiaoyou.example.cn/news/2024/b/"]
    refs = [p.get_text() for p in doc.find_all("p")][-3:]
    assert refs == ["引用链接", "[1] https://a.example/x", "[2] https://xiaoyou.example.cn/news/2024/b/"]
    text = doc.get_text()
    assert "https://plain.example/" in text and "邮箱" in text  # plain text, no reference


def test_lists_tables_code_and_images():
    html = ("<ol start=\"2\"><li>二</li><li>三<ul><li>三点一</li></ul></li></ol>"
            "<table><tr><th>a</th></tr><tr><td>1</td></tr></table>"
            '<pre><code class="language-python">print("hi")</code></pre>'
            '<p><img src="/images/a.webp" alt="图一"><img src="/images/missing.png" alt="x"></p>')  # fmt: skip
    result = fragment(
        html,
        images=lambda src: None if "missing" in src else "https://xiaoyou.example.cn/wechat/images/a.jpg",
    )
    doc = BeautifulSoup(result.html, "html.parser")
    assert doc.find("ol") is None and doc.find("ul") is None and doc.find("li") is None
    items = [p.get_text() for p in doc.find_all("p") if p.get_text().startswith(("2.", "3.", "◦"))]
    assert items == ["2. 二", "3. 三", "◦ 三点一"]
    table = doc.find("table")
    assert table.parent.name == "section" and "overflow-x: auto" in table.parent["style"]
    assert "border: 1px solid" in table.find("td")["style"]
    pre = doc.find("pre")
    assert pre.find("span", style=True) and "print" in pre.get_text()
    assert [img["src"] for img in doc.find_all("img")] == ["https://xiaoyou.example.cn/wechat/images/a.jpg"]
    assert "max-width: 100%" in doc.img["style"] and doc.img["alt"] == "图一"


def test_entities_and_line_breaks_survive():
    doc = fragment("<p>甲&nbsp;乙<br>丙</p>").html
    assert ("&nbsp;" in doc or "\xa0" in doc) and "<br/>" in doc


def test_long_articles_are_reported():
    result = fragment("<p>" + "校友" * (BODY_LIMIT // 2) + "</p>")
    assert result.notices and "20000" in result.notices[0]


def test_meta_json_limits():
    text, notices = meta_json(
        "标" * 70, "摘" * 200, "校友会", "https://x.cn/a/", {"square_500x500": "https://x.cn/c.jpg"}
    )
    data = json.loads(text)
    assert len(data["digest"]) == 120 and data["digest"].endswith("…")
    assert data["content_source_url"] == "https://x.cn/a/" and notices == [
        "标题 70 字，超过公众号 64 字的上限"
    ]


def test_json_ld_is_safe_to_embed():
    text = news_article_ld(headline="</script><b>", url="https://x.cn/a/", image="https://x.cn/i.jpg",
                           date_published="2024-05-12T10:00:00+08:00", description="d", publisher="校友会", logo="")  # fmt: skip
    assert "</script>" not in text and json.loads(text)["@type"] == "NewsArticle"


def test_qr_code_is_cached_and_decodable_shape(tmp_path):
    from plugins.wechat.model import qr_svg

    first = qr_svg("https://xiaoyou.example.cn/news/2024/a/", str(tmp_path))
    assert first.startswith("<svg") and "用手机扫码打开本文" in first
    cached = list((tmp_path / "qr").iterdir())
    assert len(cached) == 1
    from plugins.common.cache import write_verified

    write_verified(str(cached[0]), b"<svg>from cache</svg>")  # a valid entry is used as it is
    assert qr_svg("https://xiaoyou.example.cn/news/2024/a/", str(tmp_path)) == "<svg>from cache</svg>"
    assert qr_svg("https://xiaoyou.example.cn/news/2024/b/", str(tmp_path)) != first
    # A half-written or edited entry (what a concurrent build once read) is never used: made anew.
    cached[0].write_bytes(cached[0].read_bytes()[:30])
    assert qr_svg("https://xiaoyou.example.cn/news/2024/a/", str(tmp_path)) == first
    cached[0].write_text("<svg>unverified</svg>")
    assert qr_svg("https://xiaoyou.example.cn/news/2024/a/", str(tmp_path)) == first


def test_wechat_settings_have_defaults_and_are_validated():
    import pytest

    from plugins.common.errors import SettingsError
    from plugins.wechat.settings import wechat_config

    config = wechat_config(None, "潍坊学院校友会")
    assert (
        config.account_name == "潍坊学院校友会"
        and config.qr_image == ""
        and config.article_image_width == 1080
    )
    assert wechat_config({"qr_image": "/images/qr.png"}).qr_image == "images/qr.png"
    with pytest.raises(SettingsError, match="未知的键") as info:
        wechat_config({"qr": "x"})
    assert info.value.errors[0].path == "pelicanconf.py" and info.value.errors[0].line > 0
    with pytest.raises(SettingsError):
        wechat_config({"article_image_width": 10})
