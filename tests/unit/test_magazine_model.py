"""校友刊物 (plugins/magazine): issue files and the PDF checks, no build."""

from __future__ import annotations

import io
import shutil

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject, TextStringObject

from plugins.common.errors import ContentErrors
from plugins.magazine.model import MagazineConfig, clean_pdf, load_issues, parse_issue, pdf_problems
from plugins.magazine.settings import magazine_config
from tests.conftest import SAMPLE_CONTENT

CONFIG = MagazineConfig("《潍院校友》", "magazine", "files/magazine", (240,), 5 * 1024 * 1024)
SAMPLE_PDF = SAMPLE_CONTENT / "files" / "magazine" / "2026-1.pdf"


def text_pdf(path, text: str = "", metadata: dict | None = None, script: bool = False, password: str = ""):
    """A one-page PDF showing ``text`` (ASCII, Helvetica): what pypdf's extractor reads back."""
    writer = PdfWriter()
    page = writer.add_blank_page(300, 200)
    font = DictionaryObject(
        {NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
         NameObject("/BaseFont"): NameObject("/Helvetica")}
    )  # fmt: skip
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    stream = DecodedStreamObject()
    stream.set_data(f"BT /F1 12 Tf 20 100 Td ({text}) Tj ET".encode() if text else b"")
    page[NameObject("/Contents")] = writer._add_object(stream)
    if metadata:
        writer.add_metadata(metadata)
    if script:  # a document-level script, run when the PDF opens
        action = {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert(1)"),
        }
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(action)
    if password:
        writer.encrypt(password)
    with open(path, "wb") as handle:
        writer.write(handle)
    return str(path)


def test_the_sample_issue_may_be_published():
    assert pdf_problems(str(SAMPLE_PDF), CONFIG.max_pdf_bytes) == []


@pytest.mark.parametrize(
    ("make", "key"),
    [
        (lambda p: text_pdf(p, "Call 13812345678 after the reunion"), "personal-data"),
        (lambda p: text_pdf(p, "Issue 1", script=True), "pdf-active-content"),
        (lambda p: text_pdf(p, "Issue 1", password="secret"), "pdf-unreadable"),
        (lambda p: text_pdf(p, ""), "pdf-no-text"),  # a scan: nothing the detector could read
        (lambda p: (p.write_bytes(b"<html>not a pdf</html>"), str(p))[1], "pdf-unreadable"),
        (lambda p: (p.write_bytes(b"%PDF-1.7\n garbage"), str(p))[1], "pdf-unreadable"),
    ],
)
@pytest.mark.parametrize("cached", [False, True])
def test_pdfs_that_may_not_be_published(tmp_path, make, key, cached):
    source = make(tmp_path / "x.pdf")
    cache = str(tmp_path / "cache") if cached else None
    first = pdf_problems(source, CONFIG.max_pdf_bytes, cache=cache)
    assert key in [k for k, _ in first]
    assert pdf_problems(source, CONFIG.max_pdf_bytes, cache=cache) == first  # from the entry, when cached


def test_a_cached_pdf_verdict_is_keyed_by_the_bytes_and_the_policy(tmp_path, monkeypatch):
    """The second check reads no page; new bytes, another policy or a corrupt entry parse again."""
    from plugins.common.privacy import PrivacyPolicy
    from plugins.magazine import model

    cache = str(tmp_path / "cache")
    source = text_pdf(tmp_path / "x.pdf", "Issue 1")
    assert pdf_problems(source, CONFIG.max_pdf_bytes, cache=cache) == []
    parsed = []
    real = model._pdf_problems
    monkeypatch.setattr(model, "_pdf_problems", lambda *a: parsed.append(1) or real(*a))
    assert pdf_problems(source, CONFIG.max_pdf_bytes, cache=cache) == []
    assert parsed == []
    text_pdf(tmp_path / "x.pdf", "Call 13812345678 after the reunion")  # same name, new bytes
    assert "personal-data" in [k for k, _ in pdf_problems(source, CONFIG.max_pdf_bytes, cache=cache)]
    assert parsed == [1]
    other = PrivacyPolicy(allowed_values=("13812345678",))
    pdf_problems(source, CONFIG.max_pdf_bytes, other, cache=cache)
    assert parsed == [1, 1]
    for entry in (tmp_path / "cache" / model.PDF_CACHE_FOLDER).iterdir():
        entry.write_bytes(entry.read_bytes()[:-2])  # torn by a full disk
    assert "personal-data" in [k for k, _ in pdf_problems(source, CONFIG.max_pdf_bytes, cache=cache)]
    assert parsed == [1, 1, 1]


def test_oversized_pdf_is_refused_before_reading(tmp_path):
    source = text_pdf(tmp_path / "x.pdf", "Issue 1")
    assert [k for k, _ in pdf_problems(source, 100)] == ["file-too-large"]


def test_clean_pdf_drops_the_document_metadata(tmp_path):
    source = text_pdf(tmp_path / "x.pdf", "Issue 1", metadata={"/Author": "Zhang San", "/Producer": "Word"})
    cleaned = clean_pdf(source)
    reader = PdfReader(io.BytesIO(cleaned))
    assert not reader.metadata and "/Metadata" not in reader.trailer["/Root"]
    assert b"Zhang San" not in cleaned and "Issue 1" in reader.pages[0].extract_text()
    sample = PdfReader(io.BytesIO(clean_pdf(str(SAMPLE_PDF))))
    assert not sample.metadata and "卷首语" in sample.pages[1].extract_text()  # Chinese text kept


ISSUE = """title: 《潍院校友》2026年第1期
date: 2026-03-01
{extra}"""


@pytest.fixture
def root(tmp_path):
    (tmp_path / "files" / "magazine").mkdir(parents=True)
    (tmp_path / "magazine").mkdir()
    shutil.copyfile(SAMPLE_PDF, tmp_path / "files" / "magazine" / "2026-1.pdf")
    return tmp_path


def parse(root, extra: str):
    text = ISSUE.format(extra=extra)
    return parse_issue(
        text, "content/magazine/2026-1.yml", str(root / "magazine" / "2026-1.yml"), str(root), CONFIG
    )


def test_issue_reads_contents_and_pdf(root):
    issue = parse(root, "number: 2026年第1期\ncontents: [卷首语, 校友风采]\npdf: files/magazine/2026-1.pdf\n")
    assert (issue.id, issue.number, issue.contents, issue.pdf) == (
        "2026-1",
        "2026年第1期",
        ("卷首语", "校友风采"),
        "files/magazine/2026-1.pdf",
    )
    assert parse(root, "").pdf is None  # an issue may be listed before its PDF is ready


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("pdf: ../secret.pdf\n", [(3, "invalid-pdf")]),
        ("pdf: files/magazine/2026-1.docx\n", [(3, "invalid-pdf")]),
        ("pdf: images/2026-1.pdf\n", [(3, "invalid-pdf")]),  # outside files/magazine/
        ("pdf: files/magazine/none.pdf\n", [(3, "pdf-not-found")]),
        ("contents: 卷首语\n", [(3, "invalid-contents")]),
        ("cover: images/none.jpg\n", [(3, "image-not-found"), (3, "missing-cover-alt")]),
        ("volume: 1\n", [(3, "unknown-field")]),
    ],
)
def test_issue_errors_at_their_lines(root, extra, expected):
    with pytest.raises(ContentErrors) as raised:
        parse(root, extra)
    assert sorted((e.line, e.key) for e in raised.value.errors) == sorted(expected)


def test_load_issues_newest_first(root):
    (root / "magazine" / "2025-4.yml").write_text(
        ISSUE.format(extra="").replace("2026-03-01", "2025-12-01"), "utf-8"
    )
    (root / "magazine" / "2026-1.yml").write_text(ISSUE.format(extra=""), "utf-8")
    (root / "magazine" / "bad.yml").write_text("- 列表\n", "utf-8")
    issues, errors = load_issues(str(root), CONFIG)
    assert [i.id for i in issues] == ["2026-1", "2025-4"] and [e.key for e in errors] == ["invalid-issue"]


def test_magazine_setting():
    assert magazine_config(None).max_pdf_bytes == 40 * 1024 * 1024
    with pytest.raises(ContentErrors, match="max_pdf_mb"):
        magazine_config({"max_pdf_mb": 0})
