"""The editors' content/: whatever it contains, it must check and build cleanly.

This is the only test that reads content/; every other functional test builds
the fixture site under tests/fixtures/, so adding, editing or removing sample
content never breaks them.  A publish build is included because it enforces
the URL lock: a published URL that disappears without a redirect fails here,
as it would fail the real publication.
"""

import shutil

from tests.conftest import ROOT, run_build


def test_editors_content_checks_and_builds(tmp_path):
    content = ROOT / "content"
    checked = run_build(content, tmp_path / "never", "check")
    assert checked.returncode == 0, checked.stderr
    built = run_build(content, tmp_path / "dev" / "output", "build")
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "dev" / "output" / "index.html").is_file()
    lock = tmp_path / "urls.lock"
    shutil.copyfile(ROOT / "urls.lock", lock)
    published = run_build(content, tmp_path / "pub" / "output", "build", "--publish", "--lock", str(lock))
    assert published.returncode == 0, published.stderr
