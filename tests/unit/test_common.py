"""Pure helpers: slugs, dates, YAML with lines, front matter, image and link scanning."""

from datetime import datetime

import pytest
from PIL import Image

from plugins.common.dates import format_date_zh, parse_date
from plugins.common.errors import ContentError, ContentErrors
from plugins.common.frontmatter import split_front_matter
from plugins.common.images import ImageSizes, check_body_images, find_images, resolve_content_path
from plugins.common.links import check_internal_links, internal_links
from plugins.common.slugs import is_valid_slug, slugify
from plugins.common.yamlio import load_yaml


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("校友大讲堂", "xiao-you-da-jiang-tang"),
        ("重庆校友会与重要校友", "chong-qing-xiao-you-hui-yu-zhong-yao-xiao-you"),
        ("2003届校友返校", "2003-jie-xiao-you-fan-xiao"),
        ("AI 时代：校友 Talk!", "ai-shi-dai-xiao-you-talk"),
        ("《实施意见》（潍院政字〔2022〕70号）", "shi-shi-yi-jian-wei-yuan-zheng-zi-2022-70-hao"),
        ("！！！", ""),
    ],
)
def test_slugify(title, slug):
    assert slugify(title) == slug


def test_slug_is_stable_short_and_cut_at_a_word():
    title = "潍坊学院校友会第二届理事会换届大会暨校友工作研讨会在学校学术报告厅隆重召开"
    slug = slugify(title)
    assert slug == slugify(title)
    assert len(slug) <= 60 and is_valid_slug(slug)
    assert not slug.endswith("-")
    assert slug in slugify(title, max_length=200)
    assert slugify(title, max_length=200).startswith(slug + "-")


@pytest.mark.parametrize(
    ("slug", "ok"),
    [("a-b-1", True), ("A-b", False), ("a--b", False), ("-a", False), ("a_b", False), ("x" * 61, False)],
)
def test_is_valid_slug(slug, ok):
    assert is_valid_slug(slug) is ok


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-12", (2024, 5, 12, 0, 0)),
        ("2024-05-12 14:30", (2024, 5, 12, 14, 30)),
        ("2024-05-12T08:05", (2024, 5, 12, 8, 5)),
        ("2024-5-12", None),
        ("2024-02-30", None),
        ("2024-05-12 25:00", None),
        ("12/05/2024", None),
        (20240512, None),
    ],
)
def test_parse_date(text, expected):
    value = parse_date(text)
    if expected is None:
        assert value is None
    else:
        assert (value.year, value.month, value.day, value.hour, value.minute) == expected
        assert value.utcoffset().total_seconds() == 8 * 3600


def test_format_date_zh():
    assert format_date_zh(datetime(2024, 5, 2)) == "2024年5月2日"


def test_yaml_keeps_lines_and_dates_as_text():
    data = load_yaml("a: 1\nlist:\n  - x\n  - y\nwhen: 2024-05-12\n", "f.yml", first_line=10)
    assert data.lines == {"a": 10, "list": 11, "when": 14}
    assert data["list"].lines == [12, 13]
    assert data["when"] == "2024-05-12"


def test_yaml_duplicate_key_is_an_error_with_the_second_line():
    with pytest.raises(ContentErrors) as info:
        load_yaml("title: a\ntitle: b\n", "x.md", first_line=2)
    [error] = info.value.errors
    assert (error.path, error.line, error.key) == ("x.md", 3, "duplicate-key")


def test_yaml_syntax_error_names_the_line():
    with pytest.raises(ContentErrors) as info:
        load_yaml("title: a\ntags: [x, y\ndate: 2024-01-01\n", "x.md", first_line=2)
    [error] = info.value.errors
    assert (error.key, error.line) == ("yaml-syntax", 3)  # where "[" was opened
    assert "YAML 格式错误" in error.message


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("title: a\ndate: x\n  bad: indent\n", 4),
        ("title: 校友: 返校\n", 2),
        ('title: "未闭合\ndate: x\n', 2),
        ("title: a\n\tdate: x\n", 3),
    ],
)
def test_yaml_syntax_lines(text, line):
    with pytest.raises(ContentErrors) as info:
        load_yaml(text, "x.md", first_line=2)
    assert [(e.line, e.key) for e in info.value.errors] == [(line, "yaml-syntax")]


def test_content_error_format():
    assert ContentError("a.md", 4, "k", "消息").format() == "a.md:4: 消息 [k]"
    assert ContentError("a.md", 0, "k", "消息").format() == "a.md: 消息 [k]"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("title: x\n", "missing-front-matter"),
        ("---\ntitle: x\n", "unclosed-front-matter"),
        ("---\n- a\n- b\n---\n", "front-matter-not-mapping"),
    ],
)
def test_front_matter_errors(text, key):
    with pytest.raises(ContentErrors) as info:
        split_front_matter(text, "x.md")
    assert [e.key for e in info.value.errors] == [key]


def test_front_matter_splits_and_counts_lines():
    front = split_front_matter("\ufeff---\ntitle: 标题\ndate: 2024-01-01\n---\n\n正文\n", "x.md")
    assert front.meta == {"title": "标题", "date": "2024-01-01"}
    assert front.meta.lines == {"title": 2, "date": 3}
    assert front.body_line == 5 and front.body.split("\n")[1] == "正文"


def test_find_images_markdown_html_and_code_is_skipped():
    body = "x `![a](in-code.jpg)` ![说明](a.jpg)\n```\n![b](fenced.jpg)\n```\n<img src='b.png' alt=\"\">"
    refs = find_images(body, first_line=7)
    assert [(r.line, r.src, r.alt) for r in refs] == [(7, "a.jpg", "说明"), (11, "b.png", "")]


def test_find_images_quick_exit_keeps_every_spelling():
    assert find_images("纯文字，没有图片。\n第二行") == []
    refs = find_images("前文\n<IMG SRC='a.png' ALT='大写'>\n<Img src=b.png>")
    assert [(r.line, r.src, r.alt) for r in refs] == [(2, "a.png", "大写"), (3, "b.png", None)]


def test_internal_links_quick_exit_and_each_kind():
    assert internal_links("没有链接 [普通](https://example.org) ![图](a.jpg)") == []
    body = "a [x]({filename}/a.md)\nb [y]({static}/images/b.pdf)\nc [z]({attach}c.zip)"
    assert [line for line, _ in internal_links(body)] == [1, 2, 3]


def test_resolve_content_path(tmp_path):
    root, source = str(tmp_path / "content"), str(tmp_path / "content/news/2024/a.md")
    assert resolve_content_path("{static}/images/a.jpg", source, root) == f"{root}/images/a.jpg"
    assert resolve_content_path("/images/a.jpg?x=1", source, root) == f"{root}/images/a.jpg"
    assert resolve_content_path("b.jpg", source, root) == f"{root}/news/2024/b.jpg"


def _jpeg(path, size=(40, 30)):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, "navy").save(path, "JPEG")


def test_body_image_checks(tmp_path):
    root = tmp_path / "content"
    _jpeg(root / "images/ok.jpg")
    (root / "images/broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    (root / "images/doc.pdf").write_bytes(b"%PDF")
    body = "\n".join(
        [
            "![好图]({static}/images/ok.jpg)",
            "![]({static}/images/ok.jpg)",
            "![缺失]({static}/images/none.jpg)",
            "![外链](https://cdn.example.com/x.png)",
            "![坏图]({static}/images/broken.jpg)",
            "![文档]({static}/images/doc.pdf)",
        ]
    )
    errors = check_body_images(body, 10, "c/a.md", str(root / "news/a.md"), str(root), ImageSizes())
    assert [(e.line, e.key) for e in errors] == [
        (11, "image-missing-alt"),
        (12, "image-not-found"),
        (13, "external-image"),
        (14, "image-unreadable"),
        (15, "image-unreadable"),
    ]


def test_image_sizes_cache_follows_file_changes(tmp_path):
    path = tmp_path / "a.jpg"
    _jpeg(path, (40, 30))
    sizes = ImageSizes()
    assert sizes.size(str(path)) == (40, 30)
    _jpeg(path, (80, 60))
    assert sizes.size(str(path)) == (80, 60)
    assert sizes.size(str(tmp_path / "missing.jpg")) is None


def test_internal_links(tmp_path):
    root = tmp_path / "content"
    (root / "news").mkdir(parents=True)
    (root / "news/b.md").write_text("x")
    body = "见[另一篇]({filename}/news/b.md)和[缺失]({filename}/news/c.md)\n`[code]({filename}/x.md)`"
    errors = check_internal_links(body, 5, "c/a.md", str(root / "news/a.md"), str(root))
    assert [(e.line, e.key) for e in errors] == [(5, "broken-link")]


def test_yaml_reads_decimals_exactly():
    from decimal import Decimal

    data = load_yaml("a: 0.1\nb: 0.2\nbig: 1_000.50\nn: 3\ninf: .inf\n", "x.yml")
    assert data["a"] + data["b"] == Decimal("0.3")  # 0.1 + 0.2 != 0.3 with floats
    assert data["big"] == Decimal("1000.50") and data["n"] == 3 and isinstance(data["n"], int)
    assert data["inf"] == float("inf")
