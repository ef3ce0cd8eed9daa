"""The content graph: plugin order does not matter, and check and build agree."""

from __future__ import annotations

import pytest

from plugins.common.errors import ContentErrors
from tests.conftest import SAMPLE_CONTENT, run_build
from tests.functional import test_errors, test_section_errors
from tools.diff_output import compare
from wfu.build import build, check_site, load_settings


def test_reversed_plugin_order_builds_the_same_site(tmp_path, project_copy, sample_site):
    """PLUGINS and the registered sections reversed in the checkout's pelicanconf.py, built by the
    command in a fresh process: not one byte changes.

    (Two builds in one process would keep the first order: Pelican's signals
    remember their receivers.)
    """
    conf = project_copy / "pelicanconf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8")
        + "\nPLUGINS = list(reversed(PLUGINS))\n"
        + "from plugins.site.sections import REGISTERED\nSECTIONS = tuple(reversed(REGISTERED))\n",
        encoding="utf-8",
    )
    backward = run_build(SAMPLE_CONTENT, tmp_path / "backward" / "output", "build", project=project_copy)
    assert backward.returncode == 0, backward.stderr
    assert compare(sample_site, backward.output) == []


def _errors_of_both(content) -> tuple[list[str], list[str]]:
    settings = load_settings(PATH=str(content))
    checked = [e.format() for e in check_site(settings)]
    with pytest.raises(ContentErrors) as failed:
        build(settings, str(content.parent / "output"))
    return checked, [e.format() for e in failed.value.errors]


def test_check_and_build_report_the_same_errors(content_copy):
    """Every mistake of the two error tables at once (news: one copy of the article per mistake).

    ``check`` and the build's first step print the same lines, each key among them; the
    tables themselves (tests/functional/test_errors.py, test_section_errors.py) check
    each key's file and line.
    """
    for number, key in enumerate(sorted(test_errors.CASES)):
        make, _ = test_errors.CASES[key]
        (content_copy / "news" / "2024" / f"case-{number}.md").write_text(
            make(test_errors.GOOD), encoding="utf-8"
        )
    for relative, old, new, _, _ in test_section_errors.CASES:
        test_section_errors.edit(content_copy, relative, old, new)
    checked, built = _errors_of_both(content_copy)
    assert checked == built
    for key in [*test_errors.CASES, *(case[4] for case in test_section_errors.CASES)]:
        assert any(line.endswith(f"[{key}]") for line in checked), key


def test_a_link_to_a_college_page_resolves(content_copy, tmp_path):
    """{filename} links reach every section's pages, not only news."""
    article = content_copy / test_errors.ARTICLE
    article.write_text(
        article.read_text(encoding="utf-8") + "\n见[计算机学院专栏]({filename}/colleges/cs.md)。\n",
        encoding="utf-8",
    )
    output = build(load_settings(PATH=str(content_copy)), str(tmp_path / "out"))
    from pathlib import Path

    page = next(Path(output).glob("news/*/*/index.html"), None)
    assert page is not None
    html = "".join(p.read_text(encoding="utf-8") for p in Path(output).glob("news/*/*/index.html"))
    assert 'href="/colleges/cs/">计算机学院专栏</a>' in html


def test_a_link_to_a_data_file_is_an_error_with_its_line(content_copy):
    article = content_copy / test_errors.ARTICLE
    lines = article.read_text(encoding="utf-8").rstrip("\n").split("\n")
    article.write_text(
        "\n".join([*lines, "", "[名录]({filename}/data/associations.yml)"]) + "\n", encoding="utf-8"
    )
    errors = check_site(load_settings(PATH=str(content_copy)))
    assert [e.format() for e in errors] == [
        e.format() for e in errors if e.key == "link-not-a-page" and e.line == len(lines) + 2
    ] and errors


def test_a_missing_share_image_is_reported_by_check_and_build_alike(content_copy):
    (content_copy / "images" / "wechat" / "og-default.png").unlink()
    checked, built = _errors_of_both(content_copy)
    assert checked == built
    assert any("WECHAT['default_og_image']" in line and "[image-not-found]" in line for line in checked)


def test_a_wrong_setting_is_an_error_at_its_line_not_a_traceback(tmp_path):
    settings = load_settings(PATH=str(SAMPLE_CONTENT))
    settings["NEWS"] = dict(settings["NEWS"], categorys=())
    errors = check_site(settings)
    assert len(errors) == 1 and errors[0].key == "invalid-setting" and errors[0].field == "NEWS"
    assert errors[0].format().startswith("pelicanconf.py:") and "categorys" in errors[0].message


def test_every_page_has_an_icon_and_the_root_favicon_exists(sample_site):
    assert (sample_site / "favicon.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"  # an ICO file
    for page in [sample_site / "index.html", *sample_site.glob("colleges/*/index.html")]:
        html = page.read_text(encoding="utf-8")
        assert 'rel="icon"' in html and 'type="image/svg+xml"' in html, page


def test_a_url_pattern_with_a_placeholder_the_graph_cannot_fill_is_an_error(tmp_path):
    settings = load_settings(PATH=str(SAMPLE_CONTENT))
    settings["ARTICLE_URL"] = "news/{category}/{slug}/"
    (error,) = check_site(settings)
    assert (
        error.key == "invalid-setting" and error.field == "ARTICLE_URL" and "{date}、{slug}" in error.message
    )
    assert error.line > 0
