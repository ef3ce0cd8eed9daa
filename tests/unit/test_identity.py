"""Site identity: settings, the derived palette, the publish guard (one test per marker), the portal."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from plugins.common.errors import ContentErrors
from plugins.identity.guard import publish_errors, staging_error, staging_requested
from plugins.identity.palette import AA, AAA, WHITE, contrast, derive_palette
from plugins.identity.settings import DEFAULTS, identity_config
from plugins.news.portal import short_province, spotlight_slug

# ---- palette: any brand colour gives a readable site ----

BRANDS = ["#0b4a82", "#ffd700", "#ffffff", "#000000", "#1e90ff", "#e4007f", "#00a650", "#7f7f7f"]


@pytest.mark.parametrize("brand", BRANDS)
@pytest.mark.parametrize("accent", ["", "#a61d24", "#ffeb3b"])
def test_palette_keeps_aa_contrast_in_both_schemes(brand, accent):
    palette = derive_palette(brand, accent)
    for scheme in (palette.light, palette.dark):
        assert contrast(scheme["on-brand"], scheme["brand"]) >= AA  # header, buttons
        assert contrast(scheme["on-brand"], scheme["accent"]) >= AA  # badges
        assert contrast(scheme["on-brand"], scheme["brand-dark"]) >= AAA  # footer
        for background in ("bg", "bg-soft"):
            assert contrast(scheme["text"], scheme[background]) >= AA
            assert contrast(scheme["muted"], scheme[background]) >= AA
            assert contrast(scheme["link"], scheme[background]) >= AA
            assert contrast(scheme["accent-text"], scheme[background]) >= AA


def test_palette_keeps_a_dark_enough_brand_unchanged_and_writes_both_schemes():
    palette = derive_palette("#0b4a82", "#a61d24")
    assert palette.light["brand"] == "#0b4a82" and palette.light["accent"] == "#a61d24"
    assert palette.light["bg"] == WHITE and palette.dark["bg"] != WHITE
    css = palette.css()
    assert css.startswith(":root{--bg:#ffffff;")
    assert "@media (prefers-color-scheme: dark){:root{--bg:#121417;" in css


def test_a_too_light_brand_is_darkened_not_rejected():
    palette = derive_palette("#ffd700")
    assert palette.light["brand"] != "#ffd700" and contrast(WHITE, palette.light["brand"]) >= AA


# ---- SITE_IDENTITY settings ----


def test_defaults_use_sitename():
    config = identity_config(None, "潍坊学院校友会")
    assert config.name == "潍坊学院校友会" and config.emblem_alt == "潍坊学院校友会标志"
    assert config.brand == DEFAULTS["brand"] and config.hero_widths == (640, 1024, 1600)


@pytest.mark.parametrize(
    ("user", "fragment"),
    [
        ({"brand": "blue"}, "'brand' 应为 #rrggbb"),
        ({"brand": ""}, "'brand' 不能为空"),
        ({"accent": "#12345"}, "'accent' 应为 #rrggbb"),
        ({"university_url": "www.wfu.edu.cn"}, "'university_url' 应为 https://"),
        ({"emblem": "images/emblem.pdf"}, "'emblem' 应为图片文件"),
        ({"hero_widths": (100,)}, "'hero_widths'"),
        ({"hero_widths": "wide"}, "'hero_widths'"),
        ({"motto": 3}, "'motto' 应为文字"),
        ({"colour": "#000000"}, "未知的键 ['colour']"),
    ],
)
def test_wrong_identity_settings_name_the_key(user, fragment):
    with pytest.raises(ContentErrors) as failed:
        identity_config(user, "潍坊学院校友会")
    (error,) = failed.value.errors
    assert error.key == "invalid-setting" and error.path == "pelicanconf.py" and error.line > 0
    assert fragment in error.message and "SITE_IDENTITY" in error.message


def test_a_site_needs_a_name():
    with pytest.raises(ContentErrors):
        identity_config({}, "")


# ---- the publish guard: one test per marker ----

CLEAN = {
    "SITENAME": "潍坊学院校友会",
    "SITE_DESCRIPTION": "潍坊学院校友会官方网站",
    "SITE_IDENTITY": {"emblem": "images/identity/emblem.svg", "hero_image": "images/identity/campus.jpg"},
    "FOOTER": {
        "phone": "0536-0000001",
        "email": "xiaoyou@wfu.edu.cn",
        "icp": "鲁ICP备12345678号",
        "police": "鲁公网安备 37070000000001号",
    },
    "DONATIONS": {
        "channels": {
            "bank": {"account": "1234 5678 9012 3456 789"},
            "online": ({"image": "images/donate/wechat-pay.png"},),
        }
    },
    "WECHAT": {"qr_image": "images/wechat/official-account.png"},
}


@pytest.fixture
def clean_content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    (root / "news" / "2024").mkdir(parents=True)
    (root / "news" / "2024" / "a.md").write_text("---\ntitle: 返校日\n---\n\n校友返校。\n", encoding="utf-8")
    (root / "images" / "identity").mkdir(parents=True)
    (root / "images" / "identity" / "emblem.svg").write_text(
        "<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8"
    )
    return root


def with_setting(name: str, key: str, value) -> dict:
    settings = {k: (dict(v) if isinstance(v, dict) else v) for k, v in CLEAN.items()}
    settings[name] = dict(settings[name], **{key: value})
    return settings


def keys(errors) -> list[tuple[str, int, str]]:
    return sorted((e.path, e.line > 0, e.key) for e in errors)


def test_clean_site_passes(clean_content):
    assert publish_errors(CLEAN, str(clean_content), "images/identity/emblem.svg") == []


def test_sample_word_in_content_is_refused_at_its_line(clean_content):
    target = clean_content / "news" / "2024" / "a.md"
    target.write_text("---\ntitle: 返校日\nauthor: 张三（示例）\n---\n\n示例正文。\n", encoding="utf-8")
    (error,) = publish_errors(CLEAN, str(clean_content))
    assert (error.path, error.line, error.key) == ("content/news/2024/a.md", 3, "sample-marker")
    assert "共 2 行" in error.message


def test_sample_image_in_content_is_refused(clean_content):
    target = clean_content / "news" / "2024" / "a.md"
    target.write_text("---\ntitle: 返校日\nphoto: images/alumni/sample-01.jpg\n---\n", encoding="utf-8")
    (error,) = publish_errors(CLEAN, str(clean_content))
    assert (error.line, error.key) == (3, "sample-image")


def test_sample_word_in_a_setting_is_refused(clean_content):
    settings = with_setting("FOOTER", "phone", "0536-8785000（示例号码）")
    (error,) = publish_errors(settings, str(clean_content))
    assert (error.path, error.key, error.field) == ("pelicanconf.py", "sample-marker", "FOOTER")
    assert error.line > 0 and "示例号码" in error.message


def test_sample_qr_code_is_refused(clean_content):
    settings = with_setting("WECHAT", "qr_image", "images/wechat/official-account-sample.png")
    assert keys(publish_errors(settings, str(clean_content))) == [("pelicanconf.py", True, "sample-image")]


@pytest.mark.parametrize("account", ["0000 0000 0000 0000 000", "0000-0000", "000000000000"])
def test_placeholder_bank_account_is_refused(clean_content, account):
    settings = dict(CLEAN, DONATIONS={"channels": {"bank": {"account": account}}})
    assert keys(publish_errors(settings, str(clean_content))) == [
        ("pelicanconf.py", True, "placeholder-account")
    ]


def test_placeholder_emblem_is_refused_by_name_and_by_its_label(clean_content):
    (error,) = publish_errors(CLEAN, str(clean_content), "images/identity/emblem-placeholder.svg")
    assert (error.key, error.field) == ("placeholder-emblem", "SITE_IDENTITY")
    (clean_content / "images" / "identity" / "emblem.svg").write_text(
        "<svg><text>占位</text></svg>", encoding="utf-8"
    )
    (error,) = publish_errors(CLEAN, str(clean_content), "images/identity/emblem.svg")
    assert error.key == "placeholder-emblem"


@pytest.mark.parametrize(("key", "error_key"), [("icp", "missing-icp"), ("police", "missing-police-filing")])
def test_empty_filing_numbers_are_refused(clean_content, key, error_key):
    settings = with_setting("FOOTER", key, "  ")
    assert keys(publish_errors(settings, str(clean_content))) == [("pelicanconf.py", True, error_key)]


def test_a_site_without_contact_is_refused(clean_content):
    settings = dict(CLEAN, FOOTER=dict(CLEAN["FOOTER"], phone="", email=""))
    assert keys(publish_errors(settings, str(clean_content))) == [
        ("pelicanconf.py", True, "missing-site-contact")
    ]


def test_placeholder_email_is_refused(clean_content):
    settings = with_setting("FOOTER", "email", "xiaoyou@example.edu.cn")
    assert keys(publish_errors(settings, str(clean_content))) == [
        ("pelicanconf.py", True, "placeholder-contact")
    ]


def test_every_marker_is_reported_at_once(clean_content):
    (clean_content / "news" / "2024" / "a.md").write_text("示例\n", encoding="utf-8")
    settings = dict(CLEAN, FOOTER={"icp": "", "police": ""}, WECHAT={"qr_image": "images/sample-qr.png"})
    found = {e.key for e in publish_errors(settings, str(clean_content), "images/emblem-placeholder.svg")}
    assert found == {
        "sample-marker",
        "sample-image",
        "placeholder-emblem",
        "missing-icp",
        "missing-police-filing",
        "missing-site-contact",
    }


@pytest.mark.parametrize(("value", "staging"), [("", False), ("0", False), ("1", True), (" 1 ", True)])
def test_site_staging_values(value, staging):
    assert staging_requested({"SITE_STAGING": value}) is staging
    assert staging_error({"SITE_STAGING": value}) == []


@pytest.mark.parametrize("value", ["yes", "true", "2"])
def test_a_wrong_site_staging_value_is_an_error_not_a_silent_publish(value):
    with pytest.raises(ValueError):
        staging_requested({"SITE_STAGING": value})
    (error,) = staging_error({"SITE_STAGING": value})
    assert error.key == "invalid-site-staging" and value in error.message


# ---- the home portal's pure helpers ----


def test_spotlight_rotates_by_day_and_is_stable_within_a_day():
    slugs = ["a", "b", "c"]
    day = date(2026, 11, 26)
    picks = [spotlight_slug(slugs, date.fromordinal(day.toordinal() + n)) for n in range(6)]
    assert sorted(set(picks)) == slugs and picks[:3] == picks[3:]
    assert spotlight_slug(slugs, day) == spotlight_slug(slugs, day)
    assert spotlight_slug([], day) == ""


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("山东省", "山东"),
        ("北京市", "北京"),
        ("广西壮族自治区", "广西"),
        ("香港特别行政区", "香港"),
        ("海外", "海外"),
    ],
)
def test_short_province(name, short):
    assert short_province(name) == short
