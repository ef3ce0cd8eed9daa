"""``invoke import 文件.docx``: a Word document becomes a draft news article in one step.

Most news reaches the alumni office as a Word document from a college.  Copying
it by hand into Markdown loses tables and footnotes, and carries Word's clutter
along (empty paragraphs, full-width spaces for indentation, numbers typed in
front of list items, zero-width characters from WeChat).  Here ``mammoth``
reads the document (tracked changes accepted, comments dropped, no external
files opened), the HTML is tidied, and ``markdownify`` writes Markdown that
renders back to the same structure.

Nothing here decides what is safe to publish: the draft is created by
:mod:`wfu.scaffold` (file name, pinyin slug, front matter), every embedded image
goes through :mod:`plugins.common.imagesafety` (real type, byte and pixel
limits, full decode, then re-encoded without metadata), links are judged by the
sanitiser's :func:`~plugins.common.sanitize.url_is_safe`, and the finished file
is checked by the site's loader and sanitiser before the command says "done".
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import unicodedata
import warnings
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from plugins.common.errors import ContentError, ContentErrors
from plugins.common.limits import DEFAULT_LIMITS, Limits, limits_from_settings, size_errors, title_errors

# A news document with a dozen phone photos is 20–40 MB; a larger file is almost
# always a mistake (a video pasted in) and mammoth holds it in memory.
MAX_DOCX_BYTES = 60 * 1024 * 1024
MAX_UNPACKED_BYTES = 250 * 1024 * 1024  # all parts of the zip together: refuses zip bombs before reading
MAX_ZIP_ENTRIES = 5_000
MAX_IMAGES = 40  # an article with more photos belongs in several articles or a gallery
MAX_BLOCKS_BEFORE_TITLE = 2
MAX_TITLE_FROM_PARAGRAPH = 60  # a first paragraph this short, without a full stop, is a title

# Word's built-in style names are stored in English whatever the interface
# language; WPS and some templates store the Chinese names.  Comments and the
# document's own embedded style map are ignored (see ``convert``).
STYLE_MAP = "\n".join(
    [
        "p[style-name='Title'] => h1:fresh",
        "p[style-name='标题'] => h1:fresh",
        *(f"p[style-name='标题 {n}'] => h{n}:fresh" for n in range(1, 7)),
        "p[style-name='Subtitle'] => p:fresh",
        "p[style-name='Caption'] => p.wfu-caption:fresh",
        "p[style-name='题注'] => p.wfu-caption:fresh",
        "r[style-name='Footnote Characters'] => ",
        "r[style-name='Endnote Characters'] => ",
    ]
)

_IMAGE_SRC = "wfu-docx-image:"  # placeholder src until the files have their names
_FOOTNOTE = "\ue000{}\ue001"  # private-use marks (removed from the text first) survive escaping
_FOOTNOTE_MARK = re.compile("\ue000(\\d+)\ue001")
_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "caption")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Numbers typed in front of list items that Word numbers itself: 1. 1、 1) (1) 一、 （一） ① a.
_MANUAL_NUMBER = re.compile(
    r"^(?:(?:\d{1,3}|[一二三四五六七八九十]{1,3}|[A-Za-z])[.．、)）]|[（(](?:\d{1,3}|[一二三四五六七八九十]{1,3})[)）]"
    r"|[①-⑳])\s*"
)
_MANUAL_BULLET = re.compile(r"^[•·●○■□◆◇▪▫◦‣⁃∙\-–—*]\s*")
# A caption typed as an ordinary paragraph under a photo: 图1 …, 图为…, ▲…, （图…
_CAPTION_LIKE = re.compile(r"^(?:图\s*[0-9一二三四五六七八九十]|图为|图片|▲|△|↑|[（(]图)")
# Word 365 describes pictures by itself ("图片包含 人, 户外 描述已自动生成"): not the author's words.
_AUTOMATIC_ALT = re.compile(r"自动生成|automatically generated", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f]+")
_EDGE_SPACES = (
    " \t\n\u00a0\u3000\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f"
)
_SENTENCE_END = ("。", "！", "？", "；", ".", "!", "?", ";")


@dataclass(frozen=True)
class EmbeddedImage:
    """One picture of the document, in reading order, with what describes it."""

    number: int  # 1-based, in reading order
    data: bytes
    content_type: str
    alt: str  # Word's alt text ("可选文字"); a caption next to the picture is preferred


@dataclass
class Converted:
    """The document as a title, a Markdown body (images still as placeholders) and its pictures."""

    title: str
    body: str
    images: list[EmbeddedImage]
    warnings: list[str] = field(default_factory=list)

    def body_with(self, sources: Mapping[int, str]) -> str:
        """The body with each image placeholder replaced by its ``{static}`` path."""
        return re.sub(re.escape(_IMAGE_SRC) + r"(\d+)", lambda m: sources[int(m[1])], self.body)


@dataclass(frozen=True)
class Imported:
    """What ``invoke import`` made: the draft, its future URL, the images and what to look at."""

    path: str
    url: str
    images: tuple[str, ...]
    warnings: tuple[str, ...]
    problems: tuple[ContentError, ...]  # what `invoke check` / the sanitiser say about the draft


def _error(path: str, key: str, message: str) -> ContentErrors:
    return ContentErrors([ContentError(path, 0, key, message)])


# ---- Reading the file: bounded before anything is parsed ---------------------------------


def read_docx(source: str, path: str) -> bytes:
    """The bytes of a real, bounded ``.docx``; :class:`ContentErrors` says what is wrong otherwise."""
    if not os.path.isfile(source):
        raise _error(
            path,
            "docx-not-found",
            "找不到这个文件：请检查文件名和所在文件夹（可以把文件拖进终端窗口得到完整路径）",
        )
    too_large = size_errors(os.path.getsize(source), path, MAX_DOCX_BYTES)
    if too_large:
        raise _error(
            path,
            "file-too-large",
            f"{too_large[0].message.split('：')[0]}：Word 文档里的照片请先压缩（Word：文件 → 压缩图片），"
            "或把照片分几篇文章导入",
        )
    with open(source, "rb") as handle:
        data = handle.read()
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # OLE: Word 97–2003, or an encrypted .docx
        raise _error(
            path,
            "not-docx",
            "这是旧版 Word 文档（.doc）或设置了打开密码的文档：请在 Word 中取消密码，"
            "并“另存为”Word 文档（*.docx）后再导入",
        )
    if not data.startswith(b"PK"):
        raise _error(
            path,
            "not-docx",
            "这不是 Word 文档（.docx）：WPS 或 Word 中请“另存为”Word 文档（*.docx）；PDF 和图片不能导入",
        )
    _check_zip(data, path)
    return data


def _check_zip(data: bytes, path: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
            if "word/document.xml" not in names:
                raise _error(
                    path,
                    "not-docx",
                    "这个文件不是 Word 文档（可能是 Excel、PowerPoint 或压缩包）：请用 Word 打开后另存为 .docx",
                )
            if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > MAX_UNPACKED_BYTES:
                raise _error(
                    path,
                    "file-too-large",
                    f"文档解压后太大（最多 {MAX_UNPACKED_BYTES // 1024 // 1024} MB）：请压缩图片或拆分文档后再导入",
                )
            media = [e for e in entries if e.filename.startswith("word/media/") and not e.is_dir()]
            if len(media) > MAX_IMAGES:
                raise ContentErrors([_too_many(path, len(media))])
            broken = archive.testzip()
    except zipfile.BadZipFile:
        broken = "zip"
    except (OSError, ValueError, RuntimeError, NotImplementedError, EOFError):  # encrypted, odd compression
        broken = "zip"
    if broken:
        raise _corrupt(path)


def _too_many(path: str, count: int) -> ContentError:
    return ContentError(
        path,
        0,
        "too-many-images",
        f"文档里有 {count} 张以上的图片，一篇文章最多 {MAX_IMAGES} 张：请删去一些，或拆成几篇文章",
    )


def _corrupt(path: str) -> ContentErrors:
    return _error(
        path,
        "docx-corrupt",
        "文档已损坏或不完整，无法读取：请用 Word 或 WPS 打开，确认内容完整后“另存为”新的 .docx 文件再导入",
    )


# ---- Converting: mammoth reads Word, the tree is tidied, markdownify writes ------------


def convert(data: bytes, path: str, fallback_title: str, limits: Limits = DEFAULT_LIMITS) -> Converted:
    """Title, Markdown body and pictures of a ``.docx`` (already bounded by :func:`read_docx`)."""
    import mammoth
    from bs4 import BeautifulSoup

    images: list[EmbeddedImage] = []
    problems: list[ContentError] = []

    def keep_image(image) -> dict[str, str]:
        number = len(images) + 1
        if number > MAX_IMAGES:  # one picture shown many times: the zip held fewer files
            problems.append(_too_many(path, number))
            return {}
        try:
            with image.open() as stream:
                raw = stream.read(limits.image_bytes + 1)
        except Exception:  # noqa: BLE001 - mammoth raises ValueError subclasses or KeyError for bad parts
            problems.append(
                ContentError(
                    path,
                    0,
                    "docx-image-linked",
                    f"第 {number} 张图片只是链接到其他文件，没有保存在文档里：请在 Word 中删除它，"
                    "用“插入 → 图片 → 此设备”重新插入",
                )
            )
            raw = b""
        images.append(EmbeddedImage(number, raw, image.content_type or "", _clean_text(image.alt_text or "")))
        return {"src": f"{_IMAGE_SRC}{number}"}

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data),
            style_map=STYLE_MAP,
            convert_image=mammoth.images.img_element(keep_image),
            include_embedded_style_map=False,  # a document must not choose our HTML
            external_file_access=False,  # nor make us read a file or URL it names
            id_prefix="wfu-",
        )
    except Exception:  # noqa: BLE001 - any failure inside a third-party parser means a broken document
        raise _corrupt(path) from None
    if problems:
        raise ContentErrors(problems)
    soup = BeautifulSoup(result.value, "html.parser")
    if not _clean_text(soup.get_text()):
        raise _error(
            path,
            "docx-no-text",
            "文档里没有文字：请确认打开的是正确的文件；扫描件或图片做成的文档请先转成文字",
        )
    converted = tidy(soup, fallback_title, {i.number: i for i in images})
    converted.warnings.extend(_left_out(data))
    return converted


# Parts mammoth cannot turn into HTML: the editor is told, instead of finding out after publishing.
_LEFT_OUT = {
    "word/charts/": "图表",
    "word/diagrams/": "SmartArt 图形",
    "word/embeddings/": "嵌入的对象（如 Excel 表格、公式）",
}


def _left_out(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
    return [
        f"文档中的{what}没有导入：请对照原文，截图后作为图片插入，或改写成文字或表格"
        for folder, what in _LEFT_OUT.items()
        if any(name.startswith(folder) for name in names)
    ]


def tidy(soup, fallback_title: str, images: Mapping[int, EmbeddedImage] | None = None) -> Converted:
    """Remove Word's clutter from mammoth's HTML and write it as Markdown.

    Pure apart from BeautifulSoup: table-driven tests feed it HTML directly.
    """
    images = dict(images or {})
    warnings_: list[str] = []
    for text in list(soup.find_all(string=True)):  # first: the marks below use private-use characters
        cleaned = _clean_text(str(text), keep_edges=True)
        if cleaned != text:
            text.replace_with(cleaned)
    footnotes = _take_footnotes(soup)
    for block in soup.find_all(_BLOCKS):
        _strip_edges(block)
    for block in soup.find_all(["p", *_HEADINGS, "li"]):
        if not block.get_text(strip=True) and not block.find("img"):
            block.decompose()
    title = _take_title(soup) or fallback_title
    _shift_headings(soup)
    _flatten_cells(soup)
    _lists(soup)
    _links(soup)
    alts = _captions(soup)
    for img in soup.find_all("img"):
        number = _image_number(img)
        known = images.get(number)
        alt = alts.get(number) or (known.alt if known and not _AUTOMATIC_ALT.search(known.alt) else "")
        if not alt:
            alt = f"{title}（图{number}）"
            warnings_.append(
                f"第 {number} 张图片没有题注或可选文字，说明暂用“{alt}”：请改成图片内容的简短描述"
            )
        img["alt"] = alt
    body = _Markdown().convert_soup(soup)
    body = _FOOTNOTE_MARK.sub(lambda m: f"[^{m[1]}]", body)
    if footnotes:
        body = body.rstrip() + "\n\n" + "\n".join(f"[^{n}]: {text}" for n, text in footnotes) + "\n"
    body = re.sub(r"\n{3,}", "\n\n", body).strip() + "\n"
    return Converted(title, body if body.strip() else "", list(images.values()), warnings_)


def _clean_text(text: str, keep_edges: bool = False) -> str:
    """Drop invisible characters (zero-width, BOM, bidi controls, private use) and odd spaces."""
    kept = "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Co", "Cc") or c in "\n")
    kept = _SPACES.sub(" ", kept.replace("\n", " "))
    return kept if keep_edges else kept.strip(_EDGE_SPACES)


def _strip_edges(block) -> None:
    """Leading and trailing spaces of a block, full-width ones (indentation) included."""
    from bs4 import NavigableString

    for strip in (str.lstrip, str.rstrip):
        texts = [t for t in block.find_all(string=True) if isinstance(t, NavigableString)]
        for node in texts if strip is str.lstrip else texts[::-1]:
            value = strip(str(node), _EDGE_SPACES)
            if value != node:
                node.replace_with(value)
            if value:
                break


def _take_footnotes(soup) -> list[tuple[int, str]]:
    """Footnotes and endnotes as ``(number, Markdown)`` in order of first reference; marks in the text."""
    notes: dict[str, Any] = {}
    for item in soup.find_all("li", id=re.compile(r"^wfu-(?:foot|end)note-")):
        notes[item["id"]] = item
    numbers: dict[str, int] = {}
    for ref in soup.find_all("a", href=re.compile(r"^#wfu-(?:foot|end)note-")):
        target = ref["href"][1:]
        holder = ref.parent if ref.parent is not None and ref.parent.name == "sup" else ref
        if target not in notes:
            holder.decompose()
            continue
        if target in numbers:  # a second reference would get an id (fnref2:1) the sanitiser refuses
            holder.decompose()
            continue
        numbers[target] = len(numbers) + 1
        holder.replace_with(_FOOTNOTE.format(numbers[target]))
    found = []
    for target, number in numbers.items():
        item = notes[target]
        for back in item.find_all("a", href=re.compile(r"^#wfu-(?:foot|end)note-ref-")):
            back.decompose()
        for block in item.find_all(["p", "li"]):
            _strip_edges(block)
        _links(item)
        paragraphs = [p for p in item.find_all("p")] or [item]
        parts = [_Markdown().convert(p.decode_contents()).strip() for p in paragraphs]
        found.append((number, " ".join(" ".join(p.split("\n")) for p in parts if p)))
    for item in notes.values():
        parent = item.parent
        item.decompose()
        if parent is not None and parent.name == "ol" and not parent.find("li"):
            parent.decompose()
    return found


def _take_title(soup) -> str:
    """The first heading (removed from the body: the page shows the title), else a short first paragraph.

    A heading far down the document is a section ("一、概况"), not the title: only
    a line or two (a source, a date) may come before the title.
    """
    heading = soup.find(_HEADINGS)
    if (
        heading is not None
        and len(heading.find_all_previous(["p", "table", "ol", "ul"])) <= MAX_BLOCKS_BEFORE_TITLE
    ):
        title = _clean_text(heading.get_text())
        heading.decompose()
        return title
    first = soup.find("p")
    if first is not None and not first.find("img"):
        text = _clean_text(first.get_text())
        if text and len(text) <= MAX_TITLE_FROM_PARAGRAPH and not text.endswith(_SENTENCE_END):
            first.decompose()
            return text
    return ""


def _shift_headings(soup) -> None:
    """The page title is the only ``h1``: the document's top remaining level becomes ``##``."""
    headings = soup.find_all(_HEADINGS)
    if not headings:
        return
    top = min(int(h.name[1]) for h in headings)
    for heading in headings:
        heading.name = f"h{min(6, int(heading.name[1]) - top + 2)}"


def _flatten_cells(soup) -> None:
    """A Markdown table cell is one line: lists, nested tables and headings in a cell become its text."""
    for cell in soup.find_all(["td", "th"]):
        for inner in cell.find_all(["table", "ol", "ul", *_HEADINGS]):
            if inner.parent is None or inner.decomposed:
                continue
            items = inner.find_all(["li", "td", "th"])
            parts = (
                [_clean_text(i.get_text(" ")) for i in items] if items else [_clean_text(inner.get_text(" "))]
            )
            inner.replace_with(" " + "；".join(p for p in parts if p) + " ")


def _lists(soup) -> None:
    """Word's list numbers and the ones typed by hand must not both show.

    A numbered list whose every item starts with a typed number (一、 1. （1）)
    becomes paragraphs that keep the typed text; otherwise typed numbers and
    bullets are removed from the items, and the list numbers them.
    """
    for listing in soup.find_all(["ol", "ul"]):
        items = listing.find_all("li", recursive=False)
        if not items:
            continue
        pattern = _MANUAL_NUMBER if listing.name == "ol" else _MANUAL_BULLET
        typed = [_MANUAL_NUMBER.match(item.get_text()) is not None for item in items]
        if listing.name == "ol" and all(typed) and not listing.find(["ol", "ul"]):
            for item in items:
                item.name = "p"
            listing.unwrap()
            continue
        for item in items:
            first = item.find(string=True)
            if first is not None and pattern.match(first):
                first.replace_with(pattern.sub("", first, count=1))


def _links(soup) -> None:
    """Links the site keeps (http, https, mailto, tel); bookmarks and anything else become plain text."""
    from plugins.common.sanitize import url_is_safe

    for link in soup.find_all("a"):
        href = (link.get("href") or "").strip()
        if not href or href.startswith("#") or ":" not in href or not url_is_safe(href):
            link.unwrap()
            continue
        link.attrs = {"href": quote(href, safe=":/?#[]@!$&'*+,;=%~-._")}


def _image_number(img) -> int:
    src = img.get("src", "")
    return (
        int(src[len(_IMAGE_SRC) :]) if src.startswith(_IMAGE_SRC) and src[len(_IMAGE_SRC) :].isdigit() else 0
    )


def _captions(soup) -> dict[int, str]:
    """Alt text from captions (preferred to Word's alt text, which Word may have made up itself).

    A caption is a Caption-style paragraph next to a picture, or a 图1… / 图为… line under it.
    """
    alts: dict[int, str] = {}

    def pictures(block) -> list[int]:
        if block is None or block.name != "p":
            return []
        return [_image_number(i) for i in block.find_all("img")]

    for block in soup.find_all("p"):
        styled = "wfu-caption" in (block.get("class") or [])
        if styled:
            del block["class"]
        text = _clean_text(block.get_text())
        if not text or block.find("img"):
            continue
        before, after = block.find_previous_sibling(), block.find_next_sibling()
        numbers = pictures(before)
        if not styled and not (numbers and _CAPTION_LIKE.match(text) and len(text) <= 80):
            continue
        numbers = numbers or pictures(after)
        for number in numbers:
            alts.setdefault(number, text)
    return alts


def _markdown_converter():
    from markdownify import MarkdownConverter

    class Markdown(MarkdownConverter):
        """markdownify with Python-Markdown's escapes: every escape it writes renders as the character."""

        def __init__(self):
            super().__init__(
                heading_style="ATX",
                bullets="-",
                strong_em_symbol="*",
                table_infer_header=True,
                escape_misc=False,
                escape_asterisks=False,
                escape_underscores=False,
                newline_style="backslash",
            )

        def escape(self, text, parent_tags):
            if not text or "_noformat" in parent_tags:
                return text or ""
            text = re.sub(r"([\\`*_\[\]{}|])", r"\\\1", text)  # {…} is attr_list syntax
            text = re.sub(r"&(?=#?\w+;)", "&amp;", text).replace("<", "&lt;")
            # What would start a list, heading, quote or definition at the start of a line.
            text = re.sub(r"^(\s*)([#>+\-])", r"\1\\\2", text)
            text = re.sub(r"^(\s*\d{1,9})([.)])", r"\1\\\2", text)
            return re.sub(r"^(\s*):", r"\1&#58;", text)

        def convert_img(self, el, text, parent_tags):
            alt = self.escape(el.get("alt", ""), set()).replace("\n", " ")
            return f"![{alt}]({el.get('src', '')})"

        def convert_sup(self, el, text, parent_tags):
            return f"<sup>{text}</sup>" if text.strip() else ""

        def convert_sub(self, el, text, parent_tags):
            return f"<sub>{text}</sub>" if text.strip() else ""

        def convert_s(self, el, text, parent_tags):  # Python-Markdown has no ~~strike~~
            return f"<del>{text}</del>" if text.strip() else ""

        convert_del = convert_s

        def convert_li(self, el, text, parent_tags):
            """Continuation lines (nested lists, second paragraphs) indented by four: Python-Markdown's rule."""
            item = super().convert_li(el, text, parent_tags)
            marker = re.match(r"(?:\d+\.|[-*+]) ", item)
            if not marker:
                return item
            width = len(marker[0])
            first, *rest = item.split("\n")
            return "\n".join(
                [first, *(("    " + line[width:]) if line[:width].isspace() else line for line in rest)]
            )

        def convert_td(self, el, text, parent_tags):  # a cell's paragraphs on its one line
            return super().convert_td(el, re.sub(r" *\n[ \n]*| {2,}", " ", text.strip()), parent_tags)

        convert_th = convert_td

        def convert_br(self, el, text, parent_tags):
            if "td" in parent_tags or "th" in parent_tags:
                return "<br>"
            return super().convert_br(el, text, parent_tags)

    return Markdown


def _Markdown():  # noqa: N802 - reads like the class it makes
    return _markdown_converter()()


# ---- Writing: the scaffold's draft, the intake's images, the loader's verdict --------------


def _sections() -> dict[str, Callable]:
    from wfu.scaffold import new_event, new_news

    return {"news": new_news, "event": new_event}


SECTIONS = ("news", "event")


def import_docx(
    source: str,
    settings: dict,
    section: str = "news",
    now: datetime | None = None,
    check: bool = True,
) -> Imported:
    """Import ``source`` as a draft of ``section``; :class:`ContentErrors` if nothing could be made.

    Everything is read, converted and every image inspected before the first
    file is written; if writing fails half-way, what was written is removed.
    """
    from plugins.common.images import IMAGES_FOLDER

    path = source
    makers = _sections()
    if section not in makers:
        raise _error(path, "cannot-create", f"不能导入为“{section}”：可选 {'、'.join(makers)}")
    limits = limits_from_settings(settings.get("LIMITS"))
    data = read_docx(source, path)
    stem = _clean_text(os.path.splitext(os.path.basename(source))[0])
    converted = convert(data, path, stem, limits)
    errors = title_errors(converted.title, path, 0, limits)
    if errors:
        raise ContentErrors(errors)
    now = now or _site_now()
    root = settings["PATH"]
    with tempfile.TemporaryDirectory(prefix="wfu-docx-") as staging:
        checked = _inspect_images(converted.images, staging, path, limits)
        draft, url = makers[section](converted.title, settings, now)
        written = [draft]
        try:
            slug = os.path.splitext(os.path.basename(draft))[0]
            folder = os.path.join(root, IMAGES_FOLDER, os.path.relpath(os.path.dirname(draft), root))
            targets = {n: os.path.join(folder, f"{slug}-{n}{ext}") for n, (_, ext) in checked.items()}
            clash = [t for t in targets.values() if os.path.exists(t)]
            if clash:
                raise _error(
                    path,
                    "cannot-create",
                    f"图片文件已存在：{os.path.relpath(clash[0], os.path.dirname(root))}，请先移走或删除再导入",
                )
            body = converted.body_with(
                {n: "{static}/" + os.path.relpath(t, root).replace(os.sep, "/") for n, t in targets.items()}
            )
            _write_body(draft, body, path, limits)
            for number, target in targets.items():
                _publishable_copy(checked[number][0], target)
                written.append(target)
        except BaseException:
            for done in written:
                if os.path.exists(done):
                    os.unlink(done)
            raise
    problems = tuple(verify(draft, settings)) if check else ()
    shown = tuple(os.path.relpath(t, os.path.dirname(root)) for t in written[1:])
    return Imported(draft, url, shown, tuple(converted.warnings), problems)


def _site_now() -> datetime:
    """Now in Beijing, on the site's day (``SITE_TODAY`` when a preview or test sets it)."""
    from plugins.common.dates import SITE_TIMEZONE, site_today

    now = datetime.now(ZoneInfo(SITE_TIMEZONE)).replace(second=0, microsecond=0)
    today = site_today()
    return now if now.date() == today else datetime.combine(today, now.timetz())


def _inspect_images(
    images: list[EmbeddedImage], staging: str, path: str, limits: Limits
) -> dict[int, tuple[str, str]]:
    """Each picture written aside and inspected by the site's image intake: ``{number: (file, extension)}``."""
    from PIL import Image

    from plugins.common.imagesafety import ALLOWED_FORMATS, ImageRefused, inspect_image

    checked: dict[int, tuple[str, str]] = {}
    errors: list[ContentError] = []
    for image in images:
        extension = ".bin"
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                with Image.open(io.BytesIO(image.data)) as opened:  # the header names the format
                    extension = ALLOWED_FORMATS.get(opened.format or "", (".bin",))[0]
        except Exception:  # noqa: BLE001 - unreadable: inspect_image says so in its own words
            pass
        staged = os.path.join(staging, f"{image.number}{extension}")
        with open(staged, "wb") as handle:
            handle.write(image.data)
        described = f"（{image.alt}）" if image.alt else ""
        try:
            inspect_image(staged, limits)
        except ImageRefused as refused:
            errors.append(
                ContentError(path, 0, refused.key, f"第 {image.number} 张图片{described}{refused.reason}")
            )
            continue
        checked[image.number] = (staged, extension)
    if errors:
        raise ContentErrors(errors)
    return checked


def _publishable_copy(staged: str, target: str) -> None:
    """The image as the site publishes it: pixels only, no EXIF, GPS, XMP or ICC."""
    from plugins.common.imagesafety import strip_metadata

    strip_metadata(staged, target)


def _write_body(draft: str, body: str, path: str, limits: Limits) -> None:
    """Replace the scaffold's placeholder body, keeping its front matter (and comments) as written."""
    from plugins.common.frontmatter import split_front_matter

    with open(draft, encoding="utf-8") as handle:
        text = handle.read()
    front = split_front_matter(text, draft)
    head = "\n".join(text.split("\n")[: front.body_line - 1])
    result = f"{head}\n\n{body}"
    too_large = size_errors(len(result.encode("utf-8")), path, limits.markdown_bytes)
    if too_large:
        raise ContentErrors(too_large)
    staging = f"{draft}.tmp"
    with open(staging, "w", encoding="utf-8") as handle:
        handle.write(result)
    os.replace(staging, draft)


def verify(draft: str, settings: dict) -> list[ContentError]:
    """What ``invoke check`` and the body sanitiser say about the new draft (empty when it is clean)."""
    from plugins.common.files import display_path
    from plugins.common.frontmatter import split_front_matter
    from plugins.site.loader import load_site

    shown = display_path(os.path.abspath(draft), settings["PATH"])
    problems = [e for e in load_site(settings)[1] if e.path == shown]
    with open(draft, encoding="utf-8") as handle:
        front = split_front_matter(handle.read(), shown)
    return problems + sanitiser_problems(front.body, front.body_line, shown, settings)


def sanitiser_problems(
    body: str, first_line: int, shown: str, settings: Mapping[str, Any]
) -> list[ContentError]:
    """The body rendered with the site's Markdown settings through the site's sanitiser."""
    from markdown import Markdown

    from plugins.common.sanitize import config_from_settings, sanitize_html, stripped_errors

    options = dict(settings["MARKDOWN"])
    names = list(dict.fromkeys([*options.get("extension_configs", {}), *options.pop("extensions", [])]))
    html = Markdown(extensions=[n for n in names if n != "markdown.extensions.meta"], **options).convert(body)
    result = sanitize_html(html, config_from_settings(settings.get("SANITIZE")))
    return stripped_errors(result, shown, body, first_line) if result.stripped else []
