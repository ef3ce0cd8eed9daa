"""tools/golden.py on small built trees: what is masked, what is compared, what a failure says."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import brotli
import cbor2
import pytest

from tools import golden

BUILD_INFO = (
    '{\n "build_id": "20261206T091014Z-9596d4",\n "publish": true,\n "staging": true,\n'
    ' "siteurl": "https://xiaoyou.wfu.edu.cn",\n "built_at": "2026-12-06T09:10:14Z"\n}\n'
)
SITEMAP = (
    "<url><loc>https://x/</loc><lastmod>{now}</lastmod></url>\n"
    "<url><loc>https://x/news/</loc><lastmod>{now}</lastmod></url>\n"
    "<url><loc>https://x/news/2026/a/</loc><lastmod>2026-11-20T10:00:00+08:00</lastmod></url>\n"
)


@pytest.mark.parametrize(
    ("rel", "text", "expected"),
    [
        (
            "build-info.json",
            BUILD_INFO,
            BUILD_INFO.replace("20261206T091014Z-9596d4", "{build id}").replace(
                "2026-12-06T09:10:14Z", "{build time}"
            ),
        ),
        # The build's clock reading (naive, "-00:00") is masked; an article's own date is compared.
        (
            "sitemap.xml",
            SITEMAP.format(now="2026-12-06T17:10:43-00:00"),
            SITEMAP.format(now="{build time}"),
        ),
        # Masks apply to their file only: the same text elsewhere is compared as it is.
        ("news/sitemap.xml", SITEMAP.format(now="2026-12-06T17:10:43-00:00"), None),
        ("api/build-info.json", BUILD_INFO, None),
    ],
)
def test_masks(rel, text, expected):
    assert golden.mask_text(rel, text.encode()) == (expected or text).encode()


def test_a_sitemap_mask_that_would_hide_a_real_date_fails():
    """The naive lastmod values are one clock reading; two different ones mean a real date was masked."""
    text = SITEMAP.format(now="2026-12-06T17:10:43-00:00") + (
        "<url><loc>https://x/a/</loc><lastmod>2024-05-01T09:00:00-00:00</lastmod></url>\n"
    )
    with pytest.raises(golden.GoldenError, match="one clock reading"):
        golden.mask_text("sitemap.xml", text.encode())


def pagefind(value) -> bytes:
    return gzip.compress(golden.PAGEFIND_HEADER + cbor2.dumps(value), mtime=0)


def make_site(root: Path, order: int = 0, **changes: bytes) -> Path:
    """A small published site: pages, a precompressed copy, an image, a theme copy, a Pagefind bundle.

    ``order`` writes the Pagefind filter map as Pagefind does, in a different order each run,
    under a file name hashed from those bytes.
    """
    values = [["新闻", [1, 2]], ["校友会", [3]]]
    if order:
        values.reverse()
    filter_name = ("zh-cn_7d40993", "zh-cn_3253537")[order]
    meta_name = ("zh-cn_5beade91cb4a3", "zh-cn_cb64759b1d33d")[order]
    page = "<html><body>" + "校友" * 400 + "</body></html>\n"
    files = {
        "index.html": page.encode(),
        "index.html.gz": gzip.compress(page.encode(), mtime=0),
        "index.html.br": brotli.compress(page.encode()),
        "build-info.json": BUILD_INFO.replace("9596d4", f"00000{order}").encode(),
        "api/v1/index.json": json.dumps({"generated": golden.DAY}).encode(),
        "photos/a-320.jpg": b"\xff\xd8\xff\xe0 not really a jpeg",
        "theme/css/site.css": b"body { color: #222 }\n",
        "pagefind/2019/fragment/zh-cn_04c23d5.pf_fragment": gzip.compress(
            golden.PAGEFIND_HEADER + b'{"url":"/news/"}', mtime=order
        ),
        f"pagefind/2019/filter/{filter_name}.pf_filter": pagefind(["section", values]),
        f"pagefind/2019/pagefind.{meta_name}.pf_meta": pagefind(
            ["1.5.2", [["zh-cn_04c23d5", 10]], [["section", filter_name]], [], ["title"]]
        ),
        "pagefind/2019/pagefind-entry.json": (
            f'{{"version":"1.5.2","languages":{{"zh-cn":{{"hash":"{meta_name}","page_count":3}}}}}}'
        ).encode(),
        "pagefind/2019/pagefind.js": b"export const x = 1;\n",
        **changes,
    }
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


def test_two_builds_that_differ_only_in_volatile_bytes_compare_equal(tmp_path):
    """Build id, Pagefind's filter order and hashed names, gzip headers of its fragments."""
    one = golden.snapshot(make_site(tmp_path / "one"))
    two = golden.snapshot(make_site(tmp_path / "two", order=1))
    assert not golden.compare(two, one)
    assert one.manifest["index.html.gz"] == "gzip of index.html"
    assert one.manifest["index.html.br"] == "brotli of index.html"
    assert one.manifest["photos/a-320.jpg"].startswith("sha256=")
    assert one.manifest["theme/css/site.css"].startswith("sha256=")  # a copy of theme/static/
    assert one.manifest["pagefind/2019/pagefind.js"].startswith("sha256=")  # the pinned package's
    assert one.manifest["pagefind/2019/filter/zh-cn_{section}.pf_filter"] == (
        'pagefind filter ["section",[["新闻",[1,2]],["校友会",[3]]]]'  # by value, whatever the order written
    )
    assert b'"hash":"zh-cn_{meta}"' in one.texts["pagefind/2019/pagefind-entry.json"]
    assert set(one.texts) == {
        "index.html",
        "build-info.json",
        "api/v1/index.json",
        "pagefind/2019/pagefind-entry.json",
    }
    assert len(one.keys()) == len(golden.output_files(tmp_path / "one"))  # nothing left out


@pytest.mark.parametrize(
    ("changes", "differing"),
    [
        ({"index.html": b"<html>changed</html>\n"}, ["index.html"]),  # its .gz and .br are now stale too
        ({"index.html.gz": gzip.compress(b"old page", mtime=0)}, ["index.html.gz"]),
        ({"photos/a-320.jpg": b"\xff\xd8\xff\xe0 another"}, ["photos/a-320.jpg"]),
        ({"theme/css/site.css": b"body { color: red }\n"}, ["theme/css/site.css"]),
        ({"build-info.json": BUILD_INFO.replace("true", "false", 1).encode()}, ["build-info.json"]),
        (
            {"pagefind/2019/fragment/zh-cn_04c23d5.pf_fragment": pagefind("other")},
            ["pagefind/2019/fragment/zh-cn_04c23d5.pf_fragment"],
        ),
        (
            {"pagefind/2019/filter/zh-cn_7d40993.pf_filter": pagefind(["section", [["新闻", [1]]]])},
            ["pagefind/2019/filter/zh-cn_{section}.pf_filter"],
        ),
        # The entry names a metadata file that is not there: the hash is not masked.
        (
            {"pagefind/2019/pagefind-entry.json": b'{"languages":{"zh-cn":{"hash":"zh-cn_0000000"}}}'},
            ["pagefind/2019/pagefind-entry.json"],
        ),
    ],
)
def test_every_real_difference_is_reported(tmp_path, changes, differing):
    before = golden.snapshot(make_site(tmp_path / "before"))
    after = golden.snapshot(make_site(tmp_path / "after", **changes))
    report = golden.compare(after, before)
    if "index.html" in changes:
        differing = ["index.html", "index.html.br", "index.html.gz"]
    assert report.differing == differing and not report.missing and not report.extra


def test_a_stale_precompressed_copy_is_named(tmp_path):
    site = make_site(tmp_path / "site", **{"index.html.gz": gzip.compress(b"old page", mtime=0)})
    assert (
        golden.snapshot(site).manifest["index.html.gz"].startswith("gzip, NOT the built index.html: sha256=")
    )


def test_an_unreadable_precompressed_copy_is_a_difference(tmp_path):
    site = make_site(tmp_path / "site", **{"index.html.br": b"not brotli"})
    assert golden.snapshot(site).manifest["index.html.br"].startswith("brotli, unreadable: sha256=")


def test_two_files_under_one_golden_name_fail_rather_than_hide_one(tmp_path):
    """Two filter maps of one name would both be stored as zh-cn_{section}.pf_filter."""
    extra = {"pagefind/2019/filter/zh-cn_0123456.pf_filter": pagefind(["section", [["新闻", [1]]]])}
    with pytest.raises(golden.GoldenError, match="two output files map to this golden name"):
        golden.snapshot(make_site(tmp_path / "site", **extra))


def test_the_metadata_names_its_filters_by_name_only_when_they_exist(tmp_path):
    site = make_site(tmp_path / "site")
    (site / "pagefind/2019/filter/zh-cn_7d40993.pf_filter").rename(
        site / "pagefind/2019/filter/zh-cn_1111111.pf_filter"
    )
    good = golden.snapshot(make_site(tmp_path / "good"))
    report = golden.compare(golden.snapshot(site), good)
    assert report.differing == ["pagefind/2019/pagefind.zh-cn_{meta}.pf_meta"]


def test_missing_and_extra_files_and_the_failure_message(tmp_path):
    before = golden.snapshot(make_site(tmp_path / "before", **{"old/index.html": b"gone\n"}))
    long_page = "".join(f"<p>{i}</p>\n" for i in range(200)).encode()
    after_site = make_site(tmp_path / "after", **{"new/index.html": b"new\n"})
    (after_site / "index.html").write_bytes(long_page)
    report = golden.compare(golden.snapshot(after_site), before)
    assert report.missing == ["old/index.html"] and report.extra == ["new/index.html"]
    message = report.format(after_site, lines_per_file=10)
    assert "3 files differ, 1 missing, 1 extra" in message
    assert "--- golden/index.html\n+++ built/index.html" in message
    assert "more diff lines in index.html" in message  # the first lines, not 200
    assert "  old/index.html" in message and "  new/index.html" in message
    assert golden.REGENERATE in message
    assert f"python -m tools.golden --update --from {after_site}" in message


def test_written_golden_output_reads_back_and_drops_what_is_no_longer_built(tmp_path):
    store = tmp_path / "golden"
    golden.write_golden(golden.snapshot(make_site(tmp_path / "one", **{"old.html": b"x\n"})), store)
    assert (store / "files" / "old.html").is_file()
    snap = golden.snapshot(make_site(tmp_path / "two"))
    golden.write_golden(snap, store)
    assert not (store / "files" / "old.html").exists()
    kept = golden.read_golden(store)
    assert kept.texts == snap.texts and kept.manifest == snap.manifest
    assert (store / "MANIFEST.txt").read_text(encoding="utf-8").startswith("# ")


def test_command_line_update_check_and_refusal(tmp_path, capsys):
    site = make_site(tmp_path / "site")
    store = str(tmp_path / "golden")
    assert golden.main(["--update", "--from", str(site), "--golden", store]) == 0
    assert golden.main(["--from", str(site), "--golden", store]) == 0
    assert "matches" in capsys.readouterr().out
    (site / "index.html").write_bytes(b"changed\n")
    assert golden.main(["--from", str(site), "--golden", store]) == 1
    assert "-<html><body>" in capsys.readouterr().out
    # A development build, or one made on another day, is not the golden build: refused, nothing written.
    dev = make_site(tmp_path / "dev", **{"api/v1/index.json": b'{"generated": "2026-12-06"}'})
    assert golden.main(["--update", "--from", str(dev), "--golden", str(tmp_path / "g2")]) == 1
    assert "SITE_TODAY=2026-11-20" in capsys.readouterr().err
    assert not (tmp_path / "g2").exists()
