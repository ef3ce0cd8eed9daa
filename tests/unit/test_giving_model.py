"""Giving from a phone (issue 24): preset amounts and the DONATIONS keys behind the payment codes."""

from __future__ import annotations

import pytest

from pelicanconf import DONATIONS
from plugins.common.errors import ContentErrors
from plugins.common.settings import SettingsError
from plugins.donations.model import parse_project
from plugins.donations.settings import donations_config, preset_amounts_problem

PROJECT = """---
name: 校友励学助学金
level: school
start: 2020-01-01
{amounts}
---

正文。
"""


@pytest.mark.parametrize("value", [[100], [100, 500, 1000], (50, 200, 1000, 5000, 10000, 20000)])
def test_good_preset_amounts(value):
    assert preset_amounts_problem(value) == ""


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ([], "格式不对"),
        ("100, 500", "格式不对"),
        ([1, 2, 3, 4, 5, 6, 7], "格式不对"),  # more than six chips do not fit a phone
        ([100, 50.5], "整数"),
        ([0, 100], "整数"),
        ([True, 100], "整数"),
        (["100元"], "整数"),
        ([500, 100], "从小到大"),
        ([100, 100], "从小到大"),
    ],
)
def test_bad_preset_amounts_say_what_to_write(value, says):
    problem = preset_amounts_problem(value)
    assert says in problem and "amounts: [100, 500, 1000]" in problem


def test_project_amounts_are_read_and_errors_name_the_line(tmp_path):
    source = str(tmp_path / "fund.md")
    made = parse_project(PROJECT.format(amounts="amounts: [200, 1000]"), "p.md", source, str(tmp_path))
    assert made.amounts == (200, 1000)
    assert parse_project(PROJECT.format(amounts=""), "p.md", source, str(tmp_path)).amounts == ()
    with pytest.raises(ContentErrors) as raised:
        parse_project(PROJECT.format(amounts="amounts: [1000, 200]"), "p.md", source, str(tmp_path))
    (error,) = raised.value.errors
    assert (error.path, error.line, error.key) == ("p.md", 5, "invalid-amounts")


def test_sample_settings_offer_both_payment_codes_and_what_happens_next():
    config = donations_config(DONATIONS)
    labels = [c["label"] for c in config.channels["online"]]
    assert labels == ["微信支付", "支付宝"]
    assert config.preset_amounts == (100, 500, 1000, 5000)
    assert set(config.after_giving) == {"receipt", "certificate", "contact"}


@pytest.mark.parametrize(
    ("user", "says"),
    [
        ({"preset_amounts": (500, 100)}, "'preset_amounts'"),
        ({"after_giving": {"invoice": "x"}}, "'after_giving'"),
        ({"channels": {"online": ({"label": "微信支付"},)}}, "image"),  # a code without its image
        ({"channels": {"online": ({"image": "images/a.png", "url": "https://pay"},)}}, "image"),
    ],
)
def test_giving_setting_errors(user, says):
    with pytest.raises(SettingsError) as raised:
        donations_config(user)
    assert says in raised.value.errors[0].message
