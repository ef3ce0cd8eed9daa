"""``invoke import``: Word's clutter in, clean Markdown out; every bad file refused in Chinese."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from plugins.common.errors import ContentErrors
from tests.fixtures.word_documents import photo
from wfu import docx_import
from wfu.build import load_settings
from wfu.docx_import import EmbeddedImage, convert, import_docx, read_docx, sanitiser_problems, tidy

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
IMG = docx_import._IMAGE_SRC
SITE_SETTINGS = load_settings()  # the site's Markdown and SANITIZE settings


def markdown_of(html: str, images: dict[int, EmbeddedImage] | None = None) -> tuple[str, str]:
    converted = tidy(BeautifulSoup(html, "html.parser"), "文件名", images)
    return converted.title, converted.body


# (mammoth's HTML, expected title, expected Markdown body)
CASES = [
    pytest.param(
        "<h1>标题</h1><p>\u3000\u3000正文\u200b第一段。\u00a0</p><p></p><p>\u3000 \u00a0</p><p>第二段</p>",
        "标题",
        "正文第一段。\n\n第二段\n",
        id="indentation-zero-width-and-empty-paragraphs",
    ),
    pytest.param(
        "<h1>标题</h1><h1>一、概况</h1><h2>（一）细节</h2><h4>更深</h4>",
        "标题",
        "## 一、概况\n\n### （一）细节\n\n##### 更深\n",
        id="headings-under-the-page-title",
    ),
    pytest.param(
        "<p>校友返校日</p><p>正文。</p>",
        "校友返校日",
        "正文。\n",
        id="short-first-paragraph-is-the-title",
    ),
    pytest.param(
        "<p>来源：计算机学院</p><h2>校友座谈会</h2><p>正文。</p>",
        "校友座谈会",
        "来源：计算机学院\n\n正文。\n",
        id="a-line-before-the-title-heading",
    ),
    pytest.param(
        "<p>这是一段很长的正文，开头没有标题。</p><p>第二段。</p><p>第三段。</p><h1>一、概况</h1>",
        "文件名",
        "这是一段很长的正文，开头没有标题。\n\n第二段。\n\n第三段。\n\n## 一、概况\n",
        id="a-late-heading-is-a-section",
    ),
    pytest.param(
        "<p>这是一段很长的正文，不是标题。</p>",
        "文件名",
        "这是一段很长的正文，不是标题。\n",
        id="file-name-when-no-title",
    ),
    pytest.param(
        "<h1>T</h1><ol><li>一、名额</li><li>二、金额</li></ol>",
        "T",
        "一、名额\n\n二、金额\n",
        id="typed-chinese-numbers-kept-list-numbers-dropped",
    ),
    pytest.param(
        "<h1>T</h1><ol><li>1. 第一项</li><li>第二项</li></ol><ul><li>• 要点</li></ul>",
        "T",
        "1. 第一项\n2. 第二项\n\n- 要点\n",
        id="typed-numbers-and-bullets-not-doubled",
    ),
    pytest.param(
        "<h1>T</h1><p>1. 不是列表</p><p># 不是标题</p><p>&gt; 不是引用</p><p>- 不是列表</p><p>: 不是定义</p>",
        "T",
        "1\\. 不是列表\n\n\\# 不是标题\n\n\\> 不是引用\n\n\\- 不是列表\n\n&#58; 不是定义\n",
        id="markdown-syntax-typed-as-text-stays-text",
    ),
    pytest.param(
        "<h1>T</h1><p>&lt;script&gt;alert(1)&lt;/script&gt; a*b*c [x](y) &amp;lt; | `c` \\</p>",
        "T",
        "&lt;script>alert(1)&lt;/script> a\\*b\\*c \\[x\\](y) &amp;lt; \\| \\`c\\` \\\\\n",
        id="html-and-markdown-characters-escaped",
    ),
    pytest.param(
        '<h1>T</h1><p><a href="https://a.cn/x y">官网</a><a href="javascript:alert(1)">坏</a>'
        '<a href="#_Toc1">目录</a><a id="_GoBack"></a><a href="file:///etc/passwd">文件</a></p>',
        "T",
        "[官网](https://a.cn/x%20y)坏目录文件\n",
        id="only-safe-links-kept",
    ),
    pytest.param(
        "<h1>T</h1><p><strong>粗</strong><em>斜</em>H<sub>2</sub>O m<sup>2</sup><s>旧</s></p>",
        "T",
        "**粗***斜*H<sub>2</sub>O m<sup>2</sup><del>旧</del>\n",
        id="bold-italic-sub-sup-strike",
    ),
    pytest.param(
        '<h1>T</h1><p>正文<sup><a href="#wfu-footnote-2" id="wfu-footnote-ref-2">[1]</a></sup>。'
        '<sup><a href="#wfu-endnote-1" id="wfu-endnote-ref-1">[1]</a></sup></p>'
        '<ol><li id="wfu-footnote-2"><p>\t脚注 <a href="https://a.cn/">链接</a> '
        '<a href="#wfu-footnote-ref-2">↑</a></p></li></ol>'
        '<ol><li id="wfu-endnote-1"><p>尾注</p><p>第二段 <a href="#wfu-endnote-ref-1">↑</a></p></li></ol>',
        "T",
        "正文[^1]。[^2]\n\n[^1]: 脚注 [链接](https://a.cn/)\n[^2]: 尾注 第二段\n",
        id="footnotes-and-endnotes",
    ),
    pytest.param(
        "<h1>T</h1><table><tr><td><p>届别</p></td><td><p>人数</p></td></tr>"
        "<tr><td><p>2006</p><p>届</p></td><td><p>a|b</p></td></tr></table>",
        "T",
        "| 届别 | 人数 |\n| --- | --- |\n| 2006 届 | a\\|b |\n",
        id="table-first-row-is-the-header",
    ),
]


@pytest.mark.parametrize(("html", "title", "body"), CASES)
def test_tidy(html, title, body):
    assert markdown_of(html) == (title, body)


def test_alt_text_from_the_caption_then_word_then_the_title():
    html = (
        f'<h1>返校日</h1><p><img src="{IMG}1"></p><p class="wfu-caption">图1 合影</p>'
        f'<p><img src="{IMG}2"></p><p>图为座谈会现场</p>'
        f'<p><img src="{IMG}3"></p><p>图书馆前的长篇正文不是题注，因为它前面没有“图”加数字。</p>'
        f'<p><img src="{IMG}4"></p><p><img src="{IMG}5"></p><p class="wfu-caption">题注优先</p>'
    )
    word = {4: "可选文字", 5: "作者写的说明", 3: "图片包含 人, 户外 描述已自动生成"}
    images = {n: EmbeddedImage(n, b"", "image/png", word.get(n, "")) for n in (1, 2, 3, 4, 5)}
    converted = tidy(BeautifulSoup(html, "html.parser"), "x", images)
    alts = [line for line in converted.body.splitlines() if line.startswith("![")]
    assert alts == [
        f"![图1 合影]({IMG}1)",
        f"![图为座谈会现场]({IMG}2)",
        f"![返校日（图3）]({IMG}3)",
        f"![可选文字]({IMG}4)",
        f"![题注优先]({IMG}5)",
    ]
    assert "图1 合影\n" in converted.body  # the caption stays for every reader
    assert converted.warnings == [
        "第 3 张图片没有题注或可选文字，说明暂用“返校日（图3）”：请改成图片内容的简短描述"
    ]


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _docx(paragraphs=("正文。",), pictures=(), heading="标题") -> bytes:
    import docx

    document = docx.Document()
    if heading:
        document.add_heading(heading, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    for data in pictures:
        document.add_picture(io.BytesIO(data))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _replace_media(data: bytes, replacement: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = {i.filename: archive.read(i) for i in archive.infolist()}
    return _zip({n: (replacement if n.startswith("word/media/") else d) for n, d in entries.items()})


def _corrupt_zip() -> bytes:
    good = _docx()
    return good[: len(good) // 2]


def _flip_a_byte_in(data: bytes, name: str) -> bytes:
    """A stored entry whose bytes no longer match its CRC: a disk or download error."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = {i.filename: archive.read(i) for i in archive.infolist()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for entry, content in entries.items():
            archive.writestr(entry, content)
    raw = bytearray(buffer.getvalue())
    at = raw.find(entries[name][:40]) + 20
    raw[at] ^= 0xFF
    return bytes(raw)


BAD_FILES = [
    pytest.param(b"%PDF-1.7 ...", "not-docx", "这不是 Word 文档", id="pdf"),
    pytest.param(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "not-docx", "旧版 Word 文档", id="doc-or-encrypted"
    ),
    pytest.param(_zip({"xl/workbook.xml": b"<x/>"}), "not-docx", "Excel", id="other-office-file"),
    pytest.param(_corrupt_zip(), "docx-corrupt", "已损坏", id="truncated"),
    pytest.param(_flip_a_byte_in(_docx(), "word/document.xml"), "docx-corrupt", "已损坏", id="bad-crc"),
    pytest.param(
        _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document"}),
        "docx-corrupt",
        "已损坏",
        id="broken-xml",
    ),
    pytest.param(
        _zip({"word/document.xml": b"<x/>", **{f"word/media/image{n}.png": b"x" for n in range(41)}}),
        "too-many-images",
        "最多 40 张",
        id="too-many-images",
    ),
    pytest.param(
        _docx(paragraphs=("\u3000\u3000", "\u200b", ""), heading=""), "docx-no-text", "没有文字", id="no-text"
    ),
]


@pytest.mark.parametrize(("data", "key", "words"), BAD_FILES)
def test_bad_files_are_refused_with_one_chinese_message(tmp_path, data, key, words):
    source = tmp_path / "新闻稿.docx"
    source.write_bytes(data)
    with pytest.raises(ContentErrors) as caught:
        convert(read_docx(str(source), "新闻稿.docx"), "新闻稿.docx", "新闻稿")
    [error] = caught.value.errors
    assert (error.path, error.key) == ("新闻稿.docx", key)
    assert words in error.message
    assert error.format().startswith("新闻稿.docx: ") and error.format().endswith(f"[{key}]")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path, monkeypatch):
    monkeypatch.setattr(docx_import, "MAX_UNPACKED_BYTES", 1024 * 1024)
    source = tmp_path / "炸弹.docx"
    source.write_bytes(_zip({"word/document.xml": b"<x/>", "word/media/a.png": bytes(2 * 1024 * 1024)}))
    assert source.stat().st_size < 10_000
    with pytest.raises(ContentErrors) as caught:
        read_docx(str(source), "炸弹.docx")
    [error] = caught.value.errors
    assert error.key == "file-too-large" and "解压后太大（最多 1 MB）" in error.message


def test_missing_and_oversized_files(tmp_path, monkeypatch):
    with pytest.raises(ContentErrors) as caught:
        read_docx(str(tmp_path / "没有.docx"), "没有.docx")
    assert caught.value.errors[0].key == "docx-not-found"
    big = tmp_path / "大.docx"
    big.write_bytes(_docx())
    monkeypatch.setattr(docx_import, "MAX_DOCX_BYTES", 1024)
    with pytest.raises(ContentErrors) as caught:
        read_docx(str(big), "大.docx")
    [error] = caught.value.errors
    assert error.key == "file-too-large" and "最多 1 KB" in error.message and "压缩图片" in error.message


@pytest.fixture
def site(content_copy):
    return load_settings(PATH=str(content_copy)), content_copy


def test_every_refused_image_is_listed_and_nothing_is_written(tmp_path, site):
    settings, content = site
    before = sorted(p for p in content.rglob("*"))
    source = tmp_path / "图片.docx"
    good = photo("red", (64, 48))
    data = _docx(pictures=(good, good))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = {i.filename: archive.read(i) for i in archive.infolist()}
    media = sorted(n for n in entries if n.startswith("word/media/"))
    assert len(media) == 1  # python-docx stores one copy of an image used twice
    bmp = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(bmp, "BMP")
    entries[media[0]] = bmp.getvalue()  # a real BMP: not a format the site publishes
    source.write_bytes(_zip(entries))
    with pytest.raises(ContentErrors) as caught:
        import_docx(str(source), settings, now=NOW)
    assert [(e.key, e.message[:9]) for e in caught.value.errors] == [
        ("image-type", "第 1 张图片不是"),
        ("image-type", "第 2 张图片不是"),
    ]
    assert sorted(p for p in content.rglob("*")) == before


def test_a_truncated_photo_is_refused(tmp_path, site):
    settings, _ = site
    source = tmp_path / "坏图.docx"
    jpeg = photo("red", (640, 480))
    source.write_bytes(_replace_media(_docx(pictures=(jpeg,)), jpeg[: len(jpeg) // 2]))
    with pytest.raises(ContentErrors) as caught:
        import_docx(str(source), settings, now=NOW)
    assert [e.key for e in caught.value.errors] == ["image-unreadable"]


def test_a_linked_picture_is_refused_without_reading_the_file_it_names(tmp_path, site):
    settings, _ = site
    data = _docx(pictures=(photo("red", (64, 48)),))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = {i.filename: archive.read(i) for i in archive.infolist()}
    rels = entries["word/_rels/document.xml.rels"].decode()
    rels = rels.replace('Target="media/image1.jpg"', 'Target="file:///etc/hostname" TargetMode="External"')
    entries["word/_rels/document.xml.rels"] = rels.encode()
    entries["word/document.xml"] = entries["word/document.xml"].replace(b"r:embed=", b"r:link=")
    source = tmp_path / "链接图.docx"
    source.write_bytes(_zip(entries))
    with pytest.raises(ContentErrors) as caught:
        import_docx(str(source), settings, now=NOW)
    assert [e.key for e in caught.value.errors] == ["docx-image-linked"]


def test_an_existing_image_name_undoes_the_draft(tmp_path, site):
    settings, content = site
    source = tmp_path / "a.docx"
    source.write_bytes(_docx(pictures=(photo("red", (64, 48)),)))
    taken = content / "images" / "news" / "2026" / "biao-ti-1.jpg"
    taken.parent.mkdir(parents=True, exist_ok=True)
    taken.write_bytes(b"editor's own file")
    with pytest.raises(ContentErrors) as caught:
        import_docx(str(source), settings, now=NOW)
    assert caught.value.errors[0].key == "cannot-create"
    assert not (content / "news" / "2026" / "biao-ti.md").exists()
    assert taken.read_bytes() == b"editor's own file"
    with pytest.raises(ContentErrors) as caught:
        import_docx(str(source), settings, section="shop", now=NOW)
    assert "可选 news、event" in caught.value.errors[0].message


def test_a_second_import_of_the_same_document_is_refused(tmp_path, site):
    settings, content = site
    source = tmp_path / "a.docx"
    source.write_bytes(_docx())
    made = import_docx(str(source), settings, now=NOW, check=False)
    assert Path(made.path) == content / "news" / "2026" / "biao-ti.md"
    with pytest.raises(ContentErrors, match="文件已存在"):
        import_docx(str(source), settings, now=NOW, check=False)


def test_what_the_check_finds_is_reported_and_the_draft_kept(tmp_path, site):
    settings, content = site
    source = tmp_path / "a.docx"
    source.write_bytes(_docx(paragraphs=("联系人手机 13812345678。",)))
    made = import_docx(str(source), settings, now=NOW)
    assert [(e.path, e.line, e.key) for e in made.problems] == [
        ("content/news/2026/biao-ti.md", 15, "personal-data")
    ]
    assert (
        (content / "news" / "2026" / "biao-ti.md")
        .read_text(encoding="utf-8")
        .endswith("---\n\n联系人手机 13812345678。\n")
    )


def test_an_event_announcement_is_a_valid_draft(tmp_path, site):
    settings, content = site
    source = tmp_path / "a.docx"
    source.write_bytes(_docx(paragraphs=("校友大讲堂第五讲将于月底举行。",)))
    made = import_docx(str(source), settings, section="event", now=NOW)
    assert made.problems == ()
    text = Path(made.path).read_text(encoding="utf-8")
    assert "\nevent:" in text and text.endswith("---\n\n校友大讲堂第五讲将于月底举行。\n")


# Pieces of mammoth's HTML, hostile text included: any mix must give Markdown the sanitiser leaves untouched.
_INLINE = st.sampled_from(
    [
        "文字",
        "\u3000\u3000缩进",
        "零\u200b宽\ufeff",
        "1. 编号",
        "# 井号",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&lt;img src=x onerror=alert(1)&gt;",
        "*星* _下_ `码` [方](括) | 竖 \\ 斜",
        "&amp;copy; &amp;#60;",
        "<strong>粗</strong>",
        "<em>斜</em>",
        "<sup>2</sup>",
        "<s>删</s>",
        '<a href="https://a.cn/?q=1&amp;r=(2)">链</a>',
        '<a href="javascript:alert(1)">坏</a>',
        '<a href="data:text/html,x">坏</a>',
        '<a id="_Toc1"></a>',
        f'<img src="{IMG}1">',
        '<sup><a href="#wfu-footnote-1" id="wfu-footnote-ref-1">[1]</a></sup>',
        "<br>",
        "{static}/x {filename}/y",
    ]
)
_TEXT = st.lists(_INLINE, min_size=0, max_size=4).map("".join)
_BLOCK = st.one_of(
    _TEXT.map(lambda t: f"<p>{t}</p>"),
    _TEXT.map(lambda t: f"<h2>{t}</h2>"),
    st.lists(_TEXT, min_size=1, max_size=3).map(
        lambda items: "<ol>" + "".join(f"<li>{i}</li>" for i in items) + "</ol>"
    ),
    st.lists(_TEXT, min_size=1, max_size=3).map(
        lambda items: "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"
    ),
    st.lists(_TEXT, min_size=1, max_size=4).map(
        lambda cells: "<table><tr>" + "".join(f"<td><p>{c}</p></td>" for c in cells) + "</tr></table>"
    ),
    _TEXT.map(lambda t: f'<p class="wfu-caption">{t}</p>'),
)
_NOTES = '<ol><li id="wfu-footnote-1"><p>注<a href="#wfu-footnote-ref-1">↑</a></p></li></ol>'


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_BLOCK, min_size=0, max_size=8), st.booleans())
def test_any_mix_of_word_html_gives_markdown_the_sanitiser_accepts(blocks, notes):
    html = "<h1>标题</h1>" + "".join(blocks) + (_NOTES if notes else "")
    images = {1: EmbeddedImage(1, b"", "image/png", "")}
    converted = tidy(BeautifulSoup(html, "html.parser"), "文件名", images)
    body = converted.body_with({1: "{static}/images/news/2026/x-1.png"})
    assert sanitiser_problems(body, 1, "x.md", SITE_SETTINGS) == []
    assert "<script" not in body and "javascript:" not in body and "\u200b" not in body


def test_charts_and_embedded_objects_are_named_as_left_out(tmp_path):
    with zipfile.ZipFile(io.BytesIO(_docx())) as archive:
        entries = {i.filename: archive.read(i) for i in archive.infolist()}
    source = tmp_path / "图表.docx"
    source.write_bytes(_zip({**entries, "word/charts/chart1.xml": b"<c/>", "word/embeddings/a.xlsx": b"PK"}))
    converted = convert(read_docx(str(source), "图表.docx"), "图表.docx", "图表")
    assert converted.warnings == [
        "文档中的图表没有导入：请对照原文，截图后作为图片插入，或改写成文字或表格",
        "文档中的嵌入的对象（如 Excel 表格、公式）没有导入：请对照原文，截图后作为图片插入，或改写成文字或表格",
    ]
    assert convert(_docx(), "a.docx", "a").warnings == []
