"""``invoke import``: real Word documents become drafts that pass the check and build.

The documents are made once per run (LibreOffice once, for two files) by
:mod:`tests.fixtures.word_documents`; they are imported into one copy of the
fixture site, checked there, and built once with the drafts switched to
published.  Outside CI a missing LibreOffice skips its documents' tests;
under ``CI=true`` it fails them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from plugins.common.imagesafety import inspect_image
from tests.conftest import ROOT, SAMPLE_CONTENT, once_per_run, run_build
from tests.fixtures.word_documents import (
    COMMENT,
    DELETED,
    FOOTNOTE,
    INSERTED,
    libreoffice_documents,
    python_docx_document,
)
from wfu.build import load_settings
from wfu.docx_import import import_docx

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
LIBREOFFICE = ("libreoffice", "wechat")
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00a0]")


def require(available: bool, reason: str) -> None:
    if available:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def word_documents(tmp_path_factory) -> dict[str, Path]:
    """``{name: .docx}``: python-docx's always, LibreOffice's when ``soffice`` is installed."""
    soffice = shutil.which("soffice")

    def make(folder: Path) -> dict[str, str]:
        made = {"python-docx": str(python_docx_document(folder / "python-docx.docx"))}
        if soffice:
            office, wechat = libreoffice_documents(folder / "libreoffice", soffice)
            made.update(libreoffice=str(office), wechat=str(wechat))
        return made

    found = once_per_run(tmp_path_factory, f"word-documents-{bool(soffice)}", make)
    return {name: Path(path) for name, path in found.items()}


@pytest.fixture(scope="module")
def imported(tmp_path_factory, word_documents):
    """Every document imported into one copy of the fixture site: ``(content, {name: Imported})``."""
    content = tmp_path_factory.mktemp("docx-site") / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    settings = load_settings(PATH=str(content))
    return content, {name: import_docx(str(path), settings, now=NOW) for name, path in word_documents.items()}


def draft(imported, name: str) -> str:
    if name in LIBREOFFICE:
        require(
            name in imported[1],
            "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui",
        )
    return Path(imported[1][name].path).read_text(encoding="utf-8")


def body(text: str) -> str:
    return text.split("\n---\n", 1)[1]


def test_each_draft_passes_the_loader_and_the_sanitiser(imported, word_documents):
    require(set(LIBREOFFICE) <= set(word_documents), "LibreOffice (soffice) is not installed")
    content, made = imported
    assert {name: made[name].problems for name in made} == {name: () for name in made}
    result = run_build(content, content.parent / "check-output", "check")
    assert result.returncode == 0, result.stderr


def test_python_docx_document(imported):
    text = draft(imported, "python-docx")
    made = imported[1]["python-docx"]
    assert made.path.endswith("news/2026/ji-suan-ji-gong-cheng-xue-yuan-xiao-you-zuo-tan-hui-zai-jing.md")
    assert 'title: "计算机工程学院校友座谈会在京举行"' in text and "date: 2026-11-20 09:00" in text
    assert "status: draft" in text and "category:" in text
    slug = "ji-suan-ji-gong-cheng-xue-yuan-xiao-you-zuo-tan-hui-zai-jing"
    assert body(text) == (
        "\n"
        "近日，2006届校友张三回到母校，设立“励志奖学金”。\n\n"
        "## 一、座谈会概况\n\n"
        f"本次座谈会有**六十余名校友**参加，*气氛热烈*。会议由学院党委书记主持{INSERTED}[^1]\n\n"
        "## 二、议程\n\n"
        "1\\. 学院发展情况通报\n\n2\\. 校友代表发言\n\n3\\. 合影留念\n\n"
        "（一）分组讨论\n\n"
        "| 届别 | 人数 | 备注 |\n| --- | --- | --- |\n| 2006届 | 12 | 计算机科学 |\n| 2010届 | 8 |  |\n\n"
        f"![图1 校友在学院楼前合影]({{static}}/images/news/2026/{slug}-1.jpg)\n\n"
        "图1 校友在学院楼前合影\n\n"
        f"![座谈会现场]({{static}}/images/news/2026/{slug}-2.png)\n\n"
        "详情见[学校官网](https://www.wfu.edu.cn/)，不安全的脚本链接\n\n"
        "正文里的尖括号 &lt;script>alert(1)&lt;/script> 只是文字。\n\n"
        f"[^1]: {FOOTNOTE}\n"
    )
    assert made.warnings == ()


def test_libreoffice_document(imported):
    text = draft(imported, "libreoffice")
    assert 'title: "潍坊学院校友返校日活动圆满举行"' in text
    page = body(text)
    assert page.startswith(
        f"\n5月12日，**千余名校友**回到*母校*。{INSERTED}活动由[学校官网](https://www.wfu.edu.cn/)直播[^1]。"
    )
    assert "## 一、活动安排\n\n- 上午：参观校史馆\n- 下午：校友座谈会\n\n" in page
    assert "| 届别 | 返校人数 |\n| --- | --- |\n| 2006届 | 120 |\n" in page
    assert "![图1 校友在图书馆前合影](" in page and "![图2 校友座谈会现场](" in page  # styled, and typed
    assert "## 二、校友寄语\n\n希望学弟学妹珍惜时光。\n\n" in page and page.endswith(f"[^1]: {FOOTNOTE}\n")


@pytest.mark.parametrize("name", ["python-docx", "libreoffice", "wechat"])
def test_word_clutter_is_gone(imported, name):
    page = body(draft(imported, name))
    assert DELETED not in page and COMMENT not in page and "批注" not in page
    assert not INVISIBLE.search(page), "zero-width characters and no-break spaces are removed"
    assert not re.search(r"^[\u3000 ]", page, re.MULTILINE), "no indentation with spaces"
    assert "\n\n\n" not in page, "no empty paragraphs"


def test_pasted_wechat_article(imported):
    text = draft(imported, "wechat")
    assert 'title: "校友企业家回母校设立奖学金"' in text
    assert body(text) == (
        "\n近日，2006届校友张三回到母校，设立“励志奖学金”。\n\n"
        "一、奖学金名额 20 名\n\n二、每人 5000 元\n\n"  # Word's list numbers would double 一、二、
        "1\\. 开头像编号的普通段落\n"
    )


@pytest.mark.parametrize("name", ["python-docx", "libreoffice"])
def test_photos_lose_every_metadata(imported, word_documents, name):
    draft(imported, name)
    with zipfile.ZipFile(word_documents[name]) as archive:
        media = [archive.read(n) for n in sorted(archive.namelist()) if n.startswith("word/media/")]
    assert any(b"PhoneMaker" in m for m in media), "the document carries the camera's EXIF"
    content, made = imported
    written = [content.parent / shown for shown in made[name].images]
    assert len(written) == 2
    locations = []
    for path in written:
        locations.append(inspect_image(str(path)).has_location)
        raw = path.read_bytes()
        assert b"PhoneMaker" not in raw and "张三的手机".encode() not in raw
        with Image.open(path) as image:
            assert not image.getexif() and not {"exif", "icc_profile", "xmp", "comment"} & set(image.info)
    assert locations == [False, False]


def test_the_sources_had_a_location(word_documents, tmp_path):
    """The photo test above is only meaningful if one picture in each document had GPS data."""
    for name in ("python-docx", "libreoffice"):
        if name not in word_documents:
            continue
        with zipfile.ZipFile(word_documents[name]) as archive:
            found = []
            for entry in sorted(n for n in archive.namelist() if n.startswith("word/media/")):
                target = tmp_path / f"{name}-{Path(entry).name}"
                target.write_bytes(archive.read(entry))
                found.append(inspect_image(str(target)).has_location)
        assert found.count(True) == 1, name


@pytest.fixture(scope="module")
def built(imported, tmp_path_factory):
    """The imported drafts switched to published and the site built once."""
    content = tmp_path_factory.mktemp("docx-built") / "content"
    shutil.copytree(imported[0], content)
    for made in imported[1].values():
        target = content / Path(made.path).relative_to(imported[0])
        target.write_text(target.read_text(encoding="utf-8").replace("status: draft", "status: published"))
    result = run_build(content, content.parent / "output", "build")
    assert result.returncode == 0, result.stderr
    return result.output, imported[1]


def test_the_imports_build_into_pages(built, word_documents):
    require(set(LIBREOFFICE) <= set(word_documents), "LibreOffice (soffice) is not installed")
    output, made = built
    for name, article in made.items():
        page = (output / article.url.strip("/") / "index.html").read_text(encoding="utf-8")
        assert DELETED not in page and COMMENT not in page, name
        if name == "wechat":
            assert "一、奖学金名额 20 名" in page
            continue
        assert "<table>" in page and 'class="footnote"' in page and FOOTNOTE in page, name
        assert 'href="https://www.wfu.edu.cn/"' in page and "javascript:" not in page
        for image in article.images:
            published = output / Path(image).relative_to("content")
            with Image.open(published) as photo:
                assert not photo.getexif() and "exif" not in photo.info
            assert f'src="/{Path(image).relative_to("content")}"' in page
    python_docx = (output / made["python-docx"].url.strip("/") / "index.html").read_text(encoding="utf-8")
    assert 'alt="图1 校友在学院楼前合影"' in python_docx and 'alt="座谈会现场"' in python_docx
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 只是文字" in python_docx


def test_invoke_import_reports_in_chinese_without_a_traceback(tmp_path, content_copy, word_documents):
    not_word = tmp_path / "通知.docx"
    not_word.write_bytes(b"%PDF-1.7")
    command = [sys.executable, "-m", "invoke", "import", "--content", str(content_copy)]
    refused = subprocess.run([*command, str(not_word)], cwd=ROOT, capture_output=True, text=True)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert refused.stderr.strip() == (
        f"{not_word}: 这不是 Word 文档（.docx）：WPS 或 Word 中请“另存为”Word 文档（*.docx）；"
        "PDF 和图片不能导入 [not-docx]"
    )
    done = subprocess.run(
        [*command, str(word_documents["python-docx"])],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "SITE_TODAY": "2026-11-20"},
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    slug = "ji-suan-ji-gong-cheng-xue-yuan-xiao-you-zuo-tan-hui-zai-jing"
    assert lines[0].startswith("已导入为草稿：") and lines[0].endswith(f"content/news/2026/{slug}.md")
    assert f"发布后的网址：/news/2026/{slug}/" in lines
    assert "date: 2026-11-20 " in (content_copy / "news" / "2026" / f"{slug}.md").read_text(encoding="utf-8")
