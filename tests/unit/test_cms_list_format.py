"""The web editor's list format (plugins/cms/list-format.js) run in Node.js on our data files.

Decap cannot edit a top-level YAML list (decap-cms issue #531); the format shows the
list as ``items`` and writes it back as the same list.  Here every data file of the
fixture site goes through read-then-write unchanged in meaning, keeps its opening
comment and stays a list; a record the editor emptied a field of is written without it,
in the registry's field order.  Outside CI a missing Node.js or npm package skips;
under CI=true it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
import yaml

from plugins.cms.generator import HERE, JS_YAML, ROOT
from plugins.cms.model import data_key_order
from plugins.cms.settings import cms_config
from tests.conftest import SAMPLE_CONTENT

JS_YAML_FILE = os.path.normpath(os.path.join(ROOT, cms_config(None).vendor, JS_YAML))
RUNNER = """
const fs = require("fs");
globalThis.window = globalThis;
globalThis.jsyaml = require(process.argv[1]);
const formats = {};
globalThis.CMS = { registerCustomFormat: (name, ext, f) => { formats[name] = f; } };
eval(fs.readFileSync(process.argv[2], "utf8"));
const job = JSON.parse(fs.readFileSync(0, "utf8"));
window.WFU_LIST_KEYS = job.keys;
const f = formats["wfu-list"];
const out = {};
for (const [name, text] of Object.entries(job.read)) out[name] = f.toFile(f.fromFile(text));
for (const [name, data] of Object.entries(job.write)) out[name] = f.toFile(data);
const refused = [];
for (const text of job.refuse) { try { f.fromFile(text); } catch (e) { refused.push(e.message); } }
out.__refused = refused;
process.stdout.write(JSON.stringify(out));
"""


def run_format(read: dict[str, str], write: dict[str, object] | None = None, refuse=()) -> dict:
    node = shutil.which("node")
    if not node or not os.path.isfile(JS_YAML_FILE):
        reason = "Node.js or the web editor's npm packages are missing (npm ci --prefix tools/cms)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true: {reason}")
        pytest.skip(reason)
    job = {"keys": data_key_order(), "read": read, "write": write or {}, "refuse": list(refuse)}
    done = subprocess.run(
        [node, "-e", RUNNER, JS_YAML_FILE, os.path.join(HERE, "list-format.js")],
        input=json.dumps(job),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout)


DATA_FILES = sorted(
    [*(SAMPLE_CONTENT / "data").glob("*.yml"), *(SAMPLE_CONTENT / "donors" / "gifts").glob("*.yml")]
)


def test_every_data_file_reads_and_writes_back_unchanged_in_meaning():
    texts = {str(p.relative_to(SAMPLE_CONTENT)): p.read_text(encoding="utf-8") for p in DATA_FILES}
    assert "donors/gifts/2024.yml" in texts and "data/associations.yml" in texts
    out = run_format(texts)
    for name, text in texts.items():
        written = out[name]
        assert isinstance(yaml.safe_load(written), list), name
        assert yaml.safe_load(written) == yaml.safe_load(text), name
        header = [line for line in text.splitlines() if line.startswith("#")][:1]
        assert written.splitlines()[: len(header)] == header, name  # the opening comment is kept


def test_the_loader_reads_what_the_format_writes(tmp_path):
    """Money stays exact text for the loader (888.88, never 888.879…), dates stay dates."""
    from plugins.common.yamlio import load_yaml

    text = (SAMPLE_CONTENT / "donors" / "gifts" / "2024.yml").read_text(encoding="utf-8")
    written = run_format({"gifts": text})["gifts"]
    assert "amount: 888.88\n" in written and "date: 2024-02-07\n" in written
    assert load_yaml(written, "gifts.yml") == load_yaml(text, "gifts.yml")


def test_emptied_fields_are_left_out_in_the_registry_order():
    record = {
        "show_amount": True,
        "date": "2025-01-02",
        "college": "",
        "class_year": None,
        "kind": "money",
        "donor": "张三",
        "anonymous": False,
        "story": "",
        "amount": 100,
        "donor_type": "friend",
        "project": "library",
    }
    out = run_format({}, {"one": {"items": [record], "__header": "# 说明\n\n"}, "none": {"items": []}})
    assert out["one"] == (
        "# 说明\n\n- donor: 张三\n  donor_type: friend\n  project: library\n  kind: money\n"
        "  amount: 100\n  date: 2025-01-02\n  anonymous: false\n  show_amount: true\n"
    )
    assert out["none"] == "[]\n"  # an emptied file is still a list


def test_a_file_that_is_not_a_list_is_refused_not_overwritten():
    out = run_format({}, refuse=["name: x\n", "- a\n"])
    assert len(out["__refused"]) == 1 and "不是以“- ”开头的列表" in out["__refused"][0]
