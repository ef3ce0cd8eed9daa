"""The honour rolls load in the associations section (→ colleges, achievements), without Pelican."""

from __future__ import annotations

import shutil

from plugins.site.loader import load_site
from plugins.site.sections import REGISTERED
from tests.conftest import SAMPLE_CONTENT
from wfu.build import load_settings

HONOURS = "data/honours.yml"


def test_the_rolls_are_the_associations_section_s_and_the_graph_joins_them():
    site, errors = load_site(load_settings(PATH=str(SAMPLE_CONTENT)))
    assert errors == [] and site is not None
    rolls = site.sections["associations"].items.honours
    assert rolls and site.honours == rolls  # the graph's rolls are the section's, in file order
    assert {h.association for h in rolls if h.association} <= set(site.associations)
    jinan = [h for h in rolls if h.association == "jinan"]
    assert set(site.associations["jinan"].honours) == set(jinan)
    assert all(h.college == "cs" for h in site.colleges["cs"].honours) and site.colleges["cs"].honours


def test_an_honour_naming_an_unknown_association_or_profile_is_an_error_at_its_line(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    rolls = content / HONOURS
    lines = rolls.read_text(encoding="utf-8").splitlines(keepends=True)
    assert (
        lines[5].strip() == "association: jinan" and lines[19].strip() == "achievement: ai-platform-founder"
    )
    lines[5] = lines[5].replace("jinan", "nowhere")
    lines[19] = lines[19].replace("ai-platform-founder", "nobody")
    rolls.write_text("".join(lines), encoding="utf-8")
    site, errors = load_site(load_settings(PATH=str(content)))
    assert [(e.path, e.line, e.key) for e in errors] == [
        ("content/data/honours.yml", 6, "unknown-association"),
        ("content/data/honours.yml", 20, "unknown-achievement"),
    ]


def test_registering_associations_without_achievements_is_a_sections_error():
    settings = load_settings(PATH=str(SAMPLE_CONTENT))
    settings["SECTIONS"] = tuple(s for s in REGISTERED if s != "plugins.achievements.section")
    site, errors = load_site(settings)
    assert site is None
    assert [(e.path, e.key, e.field) for e in errors] == [("pelicanconf.py", "invalid-setting", "SECTIONS")]
    assert "'associations' depends on unregistered 'achievements'" in errors[0].message
