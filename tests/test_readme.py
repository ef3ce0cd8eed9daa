"""README's first two commands are the ones CI runs and they name real files."""

import re
import sys

from tests.conftest import ROOT


def test_readme_starts_with_the_two_commands_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)\n```", readme, re.DOTALL)
    assert block and readme.index(block.group(0)) < 200
    build_cmd, test_cmd = block.group(1).splitlines()
    assert build_cmd == "python3 tools/bootstrap.py build"
    assert test_cmd == "python3 tools/bootstrap.py --dev test"
    assert (ROOT / "tools" / "bootstrap.py").is_file()
    ci = (ROOT / ".ci" / "run").read_text()
    assert test_cmd in ci.splitlines()
    assert "apt-get install" in ci and "chromium" in ci


def test_requirements_are_pinned():
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / name).read_text().splitlines():
            line = line.strip()
            if line and not line.startswith(("#", "-r")):
                assert "==" in line, f"{name}: {line} is not pinned"


def error_keys() -> set[str]:
    """Every error key the plugins can produce: literal ones and FieldChecker-made ones."""
    keys: set[str] = set()
    literal = re.compile(
        r'"((?:missing|invalid|unknown|image|duplicate|broken|link|external|not|wrong|yaml|unclosed|front|id|private'
        r"|personal|unsafe|too|file|build|disk|output|no-previous|path|redirect)-[a-z0-9-]+|symlink)\""
    )
    for path in [*(ROOT / "plugins").rglob("*.py"), *(ROOT / "wfu").rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        keys |= set(literal.findall(text))
        dash = lambda name: name.replace("_", "-")  # noqa: E731
        keys |= {f"invalid-{dash(n)}" for n in re.findall(r'\.(?:boolean|text_list)\("(\w+)"', text)}
        for name in re.findall(r'\.identifier\("(\w+)"', text):
            keys |= {f"invalid-{dash(name)}", f"unknown-{dash(name)}"}
        for line in text.splitlines():
            match = re.search(r'\.required\("(\w+)"', line)
            if match and "key=" not in line:
                keys.add(f"missing-{dash(match[1])}")
    return keys


def test_editor_guide_documents_every_error_key():
    guide = (ROOT / "docs" / "编辑指南.md").read_text(encoding="utf-8")
    keys = error_keys()
    assert {
        "invalid-featured",
        "unknown-college",
        "missing-alumnus",
        "invalid-honours",
        "private-contact",
    } <= keys
    assert len(keys) >= 45
    for key in sorted(keys):
        assert f"`{key}`" in guide, f"docs/编辑指南.md does not explain [{key}]"


def test_bootstrap_uses_only_the_standard_library():
    """It must run on a bare python3, before anything is installed."""
    import ast
    import sys

    tree = ast.parse((ROOT / "tools" / "bootstrap.py").read_text(encoding="utf-8"))
    imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert imported - {"__future__"} <= set(sys.stdlib_module_names)


def test_task_help_works_for_tasks_with_positional_arguments():
    import subprocess

    for task in ("new", "wechat", "withdraw", "build", "serve"):
        result = subprocess.run(
            [sys.executable, "-m", "invoke", task, "--help"], cwd=ROOT, capture_output=True, text=True
        )
        assert result.returncode == 0 and "Usage:" in result.stdout, (task, result.stderr)
    unknown = subprocess.run(
        [sys.executable, "-m", "invoke", "new", "shop", "x"], cwd=ROOT, capture_output=True, text=True
    )
    assert unknown.returncode != 0 and "类型可用" in unknown.stderr


def test_tasks_speak_chinese_to_editors():
    """`invoke --list` and a task called without its arguments: Chinese, never Invoke's English."""
    import re
    import subprocess

    listed = subprocess.run(
        [sys.executable, "-m", "invoke", "--list"], cwd=ROOT, capture_output=True, text=True
    )
    assert listed.returncode == 0
    described = [line for line in listed.stdout.splitlines()[2:] if line.strip()]
    assert len(described) >= 15 and all(re.search(r"[\u4e00-\u9fff]", line) for line in described), described
    for task in ("new", "wechat", "withdraw", "import"):
        result = subprocess.run(
            [sys.executable, "-m", "invoke", task], cwd=ROOT, capture_output=True, text=True
        )
        assert result.returncode == 1 and result.stderr.startswith("用法：invoke "), (task, result.stderr)
        assert "positional" not in result.stderr and "Traceback" not in result.stderr
