"""校友刊物 issues: parse, validate and make the PDF safe to publish (pure: no Pelican import).

``content/magazine/<id>.yml`` names an issue, its cover, its table of contents
and its PDF under ``content/files/magazine/``.  A PDF is published only as a
copy rewritten by pypdf without its document metadata (author, software,
dates, XMP), and only if it is a PDF whose text can be read: that text goes
through the same personal-data detector as every page (fail closed: no text,
encrypted, scripts, attached files or an embedded photo with a GPS position
are errors at the ``pdf:`` line).
"""

from __future__ import annotations

import datetime
import io
import os
import re
from dataclasses import dataclass
from typing import Any

from plugins.common.cache import cache_key, code_hash, json_memo, stable_repr
from plugins.common.dates import clock_today
from plugins.common.errors import ContentError, ContentErrors
from plugins.common.fields import FieldChecker
from plugins.common.files import parse_section_files, yaml_files
from plugins.common.images import ImageSizes, inside
from plugins.common.privacy import PrivacyPolicy, kinds_found
from plugins.common.versions import library_version
from plugins.common.yamlio import LineDict, LineList, load_yaml

ISSUE_FIELDS = ("title", "number", "date", "cover", "cover_alt", "contents", "pdf", "status")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_GPS_TAG = 0x8825


@dataclass(frozen=True)
class MagazineConfig:
    name: str
    folder: str
    files_folder: str
    cover_widths: tuple[int, ...]
    max_pdf_bytes: int


@dataclass(frozen=True)
class Issue:
    id: str
    title: str
    number: str  # 2026年第1期
    date: datetime.date
    cover: str | None
    cover_alt: str
    cover_line: int
    contents: tuple[str, ...]
    pdf: str | None  # relative to the content folder
    pdf_line: int
    status: str
    path: str
    source_path: str


PDF_CACHE_FOLDER = "magazine"  # below the build's cache root: one verdict per PDF's bytes


def pdf_problems(
    source: str,
    max_bytes: int,
    policy: PrivacyPolicy | None = None,
    today: datetime.date | None = None,
    cache: str | None = None,
) -> list[tuple[str, str]]:
    """``(key, message)`` for every reason ``source`` may not be published; [] when it may.

    Reading a PDF's every page is most of what ``invoke check`` spends on the
    magazine, and the answer is a pure function of the bytes, the limits, the
    privacy policy, ``today`` and this code: with ``cache`` (the build's cache
    root) it is kept under a key of all of them.
    """
    if os.path.getsize(source) > max_bytes:
        return [("file-too-large", f"PDF 超过 {max_bytes // (1024 * 1024)} MB：请压缩后再放入")]
    with open(source, "rb") as handle:
        data = handle.read()
    today = (
        today or clock_today()
    )  # the day the detector judges by is in the key, never the clock's later day
    key = cache_key(
        data, str(max_bytes), stable_repr(policy), repr(today), code_hash(__name__), library_version("pypdf")
    )
    found = json_memo(cache, PDF_CACHE_FOLDER, f"pdf-{key}", lambda: _pdf_problems(data, policy, today))
    return [(str(k), str(m)) for k, m in found]


def _pdf_problems(
    data: bytes, policy: PrivacyPolicy | None, today: datetime.date | None
) -> list[tuple[str, str]]:
    from pypdf import PdfReader

    if not data.startswith(b"%PDF-"):
        return [("pdf-unreadable", "文件不是 PDF：请用“另存为 PDF”导出")]
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            return [("pdf-unreadable", "PDF 设置了密码或加密：请导出不加密的 PDF")]
        # The document catalog (a dictionary); pypdf types any entry as PdfObject.
        root: Any = reader.trailer["/Root"]
        names = root.get("/Names", {})
        if "/JavaScript" in names or "/EmbeddedFiles" in names or "/OpenAction" in root or "/AA" in root:
            return [
                ("pdf-active-content", "PDF 含有脚本、自动动作或附件：请重新“另存为 PDF”（不要嵌入附件）")
            ]
        text, problems = [], []
        for page in reader.pages:
            text.append(page.extract_text() or "")
            for image in page.images:
                exif = image.image.getexif() if image.image is not None else {}
                if _GPS_TAG in exif:
                    problems.append(
                        ("pdf-image-gps", "PDF 中的照片带有拍摄位置（GPS）：请去掉照片信息后重新导出 PDF")
                    )
                    break
    except Exception as exc:  # any failure of the parser on these untrusted bytes is the editor's file
        if isinstance(exc, (KeyboardInterrupt, MemoryError)):
            raise
        return [("pdf-unreadable", f"PDF 无法读取（{type(exc).__name__}）：请重新导出")]
    joined = "\n".join(text)
    if not joined.strip():
        problems.append(
            ("pdf-no-text", "PDF 中读不出文字（可能是扫描件），无法检查个人信息：请导出带文字的 PDF")
        )
    for kind in kinds_found(joined, policy, today):
        problems.append(
            ("personal-data", f"PDF 中发现疑似{kind}：为保护个人信息，网站不得公开{kind}，请删除后重新导出")
        )
    return list(dict.fromkeys(problems))


def clean_pdf(source: str) -> bytes:
    """The PDF rewritten without its document information and XMP metadata."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter(clone_from=PdfReader(source))
    writer._info = None  # noqa: SLF001 - pypdf keeps /Info here; None drops it from the trailer
    if NameObject("/Metadata") in writer._root_object:  # noqa: SLF001
        del writer._root_object[NameObject("/Metadata")]  # noqa: SLF001
    for page in writer.pages:
        if NameObject("/Metadata") in page:
            del page[NameObject("/Metadata")]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _contents(check: FieldChecker) -> tuple[str, ...]:
    value = check.raw.get("contents")
    if value is None:
        return ()
    if not isinstance(value, LineList) or not all(isinstance(v, str) and v.strip() for v in value):
        check.error("invalid-contents", "contents", "目录应为列表，每行一篇：contents: 换行后 - 卷首语")
        return ()
    return tuple(v.strip() for v in value)


def parse_issue(
    text: str,
    path: str,
    source_path: str,
    content_root: str,
    config: MagazineConfig,
    sizes: ImageSizes | None = None,
    policy: PrivacyPolicy | None = None,
    today: datetime.date | None = None,
    cache: str | None = None,
) -> Issue:
    raw = load_yaml(text, path)
    if not isinstance(raw, LineDict):
        raise ContentErrors(
            [ContentError(path, 1, "invalid-issue", "刊物文件应以 title: 开头，写标题、期号、日期和 PDF")]
        )
    stem = os.path.splitext(os.path.basename(source_path))[0]
    check = FieldChecker(raw, path, ISSUE_FIELDS)
    if not _ID.match(stem):
        check.errors.append(
            ContentError(path, 1, "invalid-id", f"文件名“{stem}”要用小写英文、数字和连字符，例如 2026-1.yml")
        )
    check.required("title", "缺少刊物标题：请写 title: 《潍院校友》2026年第1期")
    check.required("date", "缺少出版日期：请写 date: 2026-03-01")
    title, number, when = check.text("title"), check.text("number") or "", check.date("date")
    cover = check.image("cover", source_path, content_root, sizes, published_as_is=False)
    cover_alt = check.text("cover_alt") or ""
    if cover and not cover_alt:
        check.error("missing-cover-alt", "cover", "有封面时要写封面说明：cover_alt: 封面图片的内容")
    contents = _contents(check)
    pdf = None
    if check.present("pdf"):
        pdf = str(raw["pdf"]).strip().lstrip("/")
        full = os.path.normpath(os.path.join(content_root, pdf))
        folder = os.path.join(content_root, config.files_folder)
        if not pdf.lower().endswith(".pdf") or not inside(full, folder):
            check.error(
                "invalid-pdf",
                "pdf",
                f"PDF 要放在 content/{config.files_folder}/ 中，写成 pdf: {config.files_folder}/2026-1.pdf",
            )
        elif not os.path.isfile(full):
            check.error(
                "pdf-not-found",
                "pdf",
                f"找不到 {pdf}：请检查文件名，或先把 PDF 放进 content/{config.files_folder}/",
            )
        else:
            for key, message in pdf_problems(full, config.max_pdf_bytes, policy, today, cache):
                check.error(key, "pdf", f"{pdf}：{message}")
    status = check.status()
    if check.errors:
        raise ContentErrors(check.errors)
    assert when is not None  # required: a missing or unreadable date is an error above
    return Issue(
        id=stem, title=title or "", number=number, date=when.date(), cover=cover, cover_alt=cover_alt,
        cover_line=check.line("cover"), contents=contents, pdf=pdf, pdf_line=check.line("pdf"),
        status=status, path=path, source_path=source_path,
    )  # fmt: skip


def load_issues(
    content_root: str,
    config: MagazineConfig,
    sizes: ImageSizes | None = None,
    policy: PrivacyPolicy | None = None,
    today: datetime.date | None = None,
    cache: str | None = None,
) -> tuple[list[Issue], list[ContentError]]:
    """(issues newest first, errors); no folder means no magazine section."""
    issues, errors = parse_section_files(
        content_root,
        config.folder,
        lambda text, path, source: parse_issue(
            text, path, source, content_root, config, sizes, policy, today, cache
        ),
        yaml_files,
    )
    issues.sort(key=lambda i: (i.date, i.id), reverse=True)
    return issues, errors
