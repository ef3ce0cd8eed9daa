"""``invoke new enterprise`` / ``invoke new job``: drafts the check lists, published once filled in.

The check is the command's own ``main()`` run in this process (:func:`tests.site_errors.check_in_process`).
"""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import ROOT
from tests.site_errors import check_in_process
from wfu.build import load_settings
from wfu.scaffold import new_enterprise, new_job

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def keys(stderr: str) -> list[tuple[str, str]]:
    return sorted(
        (line.split(":")[0], line.rsplit("[", 1)[1].rstrip("]"))
        for line in stderr.splitlines()
        if line.endswith("]")
    )


def test_new_enterprise_lists_what_the_editor_must_still_do(content_copy, capsys):
    settings = load_settings(PATH=str(content_copy))
    path, url = new_enterprise("weifang-seed", settings, NOW)
    assert (
        path == str(content_copy / "enterprises" / "weifang-seed.md") and url == "/enterprises/weifang-seed/"
    )
    result = check_in_process(content_copy, capsys)
    # A draft never blocks: what is left is listed, the check passes.
    assert result.returncode == 0 and "Traceback" not in result.stderr
    where = "content/enterprises/weifang-seed.md"
    assert keys(result.stderr) == [
        (where, "missing-consent"),
        (where, "missing-name"),
        (where, "missing-summary"),
        (where, "placeholder"),
        (where, "placeholder"),
    ]
    assert f"提醒：草稿 {where} 还有 5 处没写完" in result.stderr
    text = (content_copy / "enterprises" / "weifang-seed.md").read_text(encoding="utf-8")
    published = text.replace("status: draft", "status: published")
    (content_copy / "enterprises" / "weifang-seed.md").write_text(published, encoding="utf-8")
    result = check_in_process(content_copy, capsys)
    assert result.returncode == 1 and len(keys(result.stderr)) == 5 and "提醒" not in result.stderr
    text = text.replace("name:   #", "name: 潍坊种业（示例） #").replace(
        "summary:   #", "summary: 种子研发 #"
    )
    text = text.replace("name: 姓名", "name: 王海（示例）").replace("在这里介绍企业", "介绍企业")
    (content_copy / "enterprises" / "weifang-seed.md").write_text(
        text.replace("consent: false", "consent: true").replace("status: draft", "status: published")
    )
    result = check_in_process(content_copy, capsys)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    # Exception, not ScaffoldError: the content-graph branch turns ScaffoldError into ContentErrors.
    with pytest.raises(Exception, match="文件已存在"):
        new_enterprise("weifang-seed", settings, NOW)
    with pytest.raises(Exception, match="企业编号“潍坊种业”无效"):
        new_enterprise("潍坊种业", settings, NOW)


def test_new_job_is_a_valid_draft_once_a_way_to_apply_is_given(content_copy, capsys):
    settings = load_settings(PATH=str(content_copy))
    path, url = new_job("数据分析师", settings, NOW)
    assert path.endswith("content/jobs/shu-ju-fen-xi-shi-2026.md") and url == "/jobs/shu-ju-fen-xi-shi-2026/"
    text = (content_copy / "jobs" / "shu-ju-fen-xi-shi-2026.md").read_text(encoding="utf-8")
    assert "enterprise: haiyun" in text and "published: 2026-11-20" in text and "expires: 2027-01-19" in text
    result = check_in_process(content_copy, capsys)
    where = "content/jobs/shu-ju-fen-xi-shi-2026.md"
    assert result.returncode == 0  # a draft: listed, not blocking
    assert keys(result.stderr) == [(where, "missing-apply"), (where, "placeholder")]
    (content_copy / "jobs" / "shu-ju-fen-xi-shi-2026.md").write_text(
        text.replace("apply_email:   #", "apply_email: hr@haiyun.example.com #")
        .replace("在这里写岗位职责、待遇和工作地点。", "负责销售数据分析。")
        .replace("status: draft", "status: published"),
        encoding="utf-8",
    )
    result = check_in_process(content_copy, capsys)
    assert result.returncode == 0 and result.stderr == "", result.stderr


def test_invoke_new_refuses_an_unknown_kind():
    proc = subprocess.run(
        [sys.executable, "-m", "invoke", "new", "shop", "x"], cwd=ROOT, capture_output=True, text=True
    )
    assert (
        proc.returncode != 0 and "类型可用 news、event、achievement、college、enterprise、job" in proc.stderr
    )
