"""`invoke deploy` to S3-compatible object storage, against a real S3 server (moto_server) on 127.0.0.1."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pytest

from tests.deploy.conftest import S3_ENV, all_objects, baidu_server, new_bucket, run_deploy, settings_file

pytestmark = pytest.mark.servers

MANIFEST = ".deploy/manifest.json"


def expected_keys(output: Path) -> set[str]:
    """What a bucket should hold: every file of the build except precompressed variants and nginx's map."""
    return {
        str(p.relative_to(output))
        for p in output.rglob("*")
        if p.is_file() and p.suffix not in (".gz", ".br") and p.name != "redirects.nginx.conf"
    }


def hashes(output: Path) -> dict[str, str]:
    return {key: hashlib.sha256((output / key).read_bytes()).hexdigest() for key in expected_keys(output)}


def stored(client, bucket_name: str, key: str) -> tuple[dict, bytes]:
    """An object's headers and its content as a browser sees it (gzip undone)."""
    response = client.get_object(Bucket=bucket_name, Key=key)
    body = response["Body"].read()
    if response.get("ContentEncoding") == "gzip":
        body = gzip.decompress(body)
    return response, body


def uploaded(stdout: str) -> list[str]:
    return [line.split("上传 ", 1)[1] for line in stdout.splitlines() if line.startswith("  上传 ")]


@pytest.fixture
def lock_with(tmp_path):
    def make(*urls: str) -> Path:
        path = tmp_path / "urls.lock"
        path.write_text("".join(f"{u}\n" for u in urls), encoding="utf-8")
        return path

    return make


@pytest.fixture(scope="module")
def first_deploy(deploy_builds, s3_server, tmp_path_factory) -> dict:
    """``invoke deploy`` of the first build to a fresh bucket, with Baidu told of the new URLs.

    Once per module (per pytest-xdist worker), for the two tests that only inspect what it
    did: the bucket's objects and Baidu's request (the first test), the order of the uploads
    the command printed, one line after each PUT (the second).  Neither writes to the bucket
    or the stub, so each sees what a deploy of its own would show; an upload of the whole
    fixture site is about 860 PUT requests (about 8 s of CPU, server and client, measured).
    The tests that change a bucket deploy to one of their own.
    """
    folder = tmp_path_factory.mktemp("first-deploy")
    target, client = new_bucket(s3_server)
    lock = folder / "urls.lock"
    lock.write_text("", encoding="utf-8")
    with baidu_server() as stub:
        settings = settings_file(
            folder,
            {
                "targets": {"oss": target},
                "baidu": {"token_env": "WFU_TEST_BAIDU", "endpoint": stub.endpoint},
            },
        )
        result = run_deploy(settings, "deploy", "--target", "oss", "--output", str(deploy_builds["first"]),
                            "--lock", str(lock), env={**S3_ENV, "WFU_TEST_BAIDU": "secret-token-123"})  # fmt: skip
    return {"target": target, "client": client, "result": result, "baidu": list(stub.requests)}


def test_first_deploy_uploads_every_file_with_types_and_cache_headers(deploy_builds, first_deploy):
    target, client, result = first_deploy["target"], first_deploy["client"], first_deploy["result"]
    first = deploy_builds["first"]
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    keys = set(all_objects(client, target["bucket"]))
    assert keys == expected_keys(first) | {MANIFEST}
    assert f"新增 {len(expected_keys(first))} 个文件" in result.stdout
    assert "secret-token-123" not in result.stdout + result.stderr

    for key in keys - {MANIFEST}:
        response, body = stored(client, target["bucket"], key)
        assert body == (first / key).read_bytes(), key
        if key.endswith(".html"):
            assert response["ContentType"] == "text/html; charset=utf-8", key
            assert response["CacheControl"] == "no-cache", key
        if key.startswith(("photos/", "covers/")):
            assert response["CacheControl"] == "public, max-age=31536000, immutable", key
            assert response["ContentType"] in ("image/jpeg", "image/webp", "image/png"), key
            assert "ContentEncoding" not in response, key
    css = next(k for k in keys if k.startswith("theme/css/site.") and k.count(".") == 2)
    response, _ = stored(client, target["bucket"], css)
    assert response["ContentType"] == "text/css; charset=utf-8"
    assert response["CacheControl"] == "public, max-age=31536000, immutable"
    assert response["ContentEncoding"] == "gzip"
    response, _ = stored(client, target["bucket"], "news/feed.atom.xml")
    assert (response["ContentType"], response["CacheControl"]) == (
        "application/atom+xml; charset=utf-8",
        "public, max-age=600",
    )
    response, _ = stored(client, target["bucket"], "index.html")
    assert response["ContentEncoding"] == "gzip"  # the build's .gz body, decompressed above to the page
    raw = client.get_object(Bucket=target["bucket"], Key="index.html")["Body"].read()
    assert raw == (first / "index.html.gz").read_bytes()
    for key in ("sitemap.xml", "urls.txt"):
        response, _ = stored(client, target["bucket"], key)
        assert response["CacheControl"] == "no-cache" and response["ContentType"].endswith("charset=utf-8")

    # Baidu got every URL once (all are new on a first deploy), absolute, with the site and the token.
    assert len(first_deploy["baidu"]) == 1
    request = first_deploy["baidu"][0]
    assert (
        "site=https%3A%2F%2Fxiaoyou.wfu.edu.cn" in request["path"]
        and "token=secret-token-123" in request["path"]
    )
    urls = (first / "urls.txt").read_text().split()
    assert request["body"].splitlines() == ["https://xiaoyou.wfu.edu.cn" + u for u in urls]
    assert request["type"] == "text/plain"


def test_upload_order_assets_first_pages_then_feeds_sitemap_last(deploy_builds, first_deploy):
    """The order of the PUTs of a first deploy: the command prints a line after each (wfu/deploy/s3.py)."""
    result = first_deploy["result"]
    assert result.returncode == 0, result.stderr
    order = uploaded(result.stdout)
    assert sorted(order) == sorted(expected_keys(deploy_builds["first"]))  # every upload, each once
    first_page = min(i for i, p in enumerate(order) if p.endswith(".html"))
    # Before the first page: only files no page has referred to yet (images, PDFs, styles, the index).
    early = [
        p
        for p in order[:first_page]
        if not p.startswith("pagefind/")
        and p.endswith((".html", ".json", ".ics", ".atom.xml", ".rss.xml"))
        or p in ("sitemap.xml", "urls.txt", "robots.txt")
    ]
    assert early == []
    index = [p for p in order[:first_page] if p.startswith("pagefind/")]
    assert index and index[-1].startswith("pagefind/shards.json")  # the shard list after its shards
    assert all(not p.startswith(("photos/", "covers/")) for p in order[first_page:])
    first_feed = min(i for i, p in enumerate(order) if p.endswith((".atom.xml", ".rss.xml")))
    assert all(not p.endswith(".html") for p in order[first_feed:])
    assert set(order[-3:]) == {"sitemap.xml", "urls.txt", "robots.txt"}


def test_second_deploy_uploads_only_changes_deletes_stale_keeps_locked(
    deploy_builds, bucket, baidu_stub, tmp_path, lock_with
):
    target, client = bucket
    first, second = deploy_builds["first"], deploy_builds["second"]
    removed = deploy_builds["removed_url"]
    settings = settings_file(
        tmp_path,
        {
            "targets": {"oss": target},
            "baidu": {"token_env": "WFU_TEST_BAIDU", "endpoint": baidu_stub.endpoint},
        },
    )
    env = {**S3_ENV, "WFU_TEST_BAIDU": "t0k3n"}
    lock = lock_with(removed)
    assert (
        run_deploy(
            settings, "deploy", "--target", "oss", "--output", str(first), "--lock", str(lock), env=env
        ).returncode
        == 0
    )

    result = run_deploy(
        settings, "deploy", "--target", "oss", "--output", str(second), "--lock", str(lock), env=env
    )
    assert result.returncode == 0, result.stderr
    before, after = hashes(first), hashes(second)
    changed = {k for k in after if before.get(k) != after[k]}
    assert 0 < len(changed) < len(after) / 2  # an edit re-uploads the pages that show it, not the site
    assert set(uploaded(result.stdout)) == changed
    assert deploy_builds["edited_url"].lstrip("/") + "index.html" in changed

    keys = set(all_objects(client, target["bucket"]))
    gone = set(before) - set(after)
    locked_key = removed.lstrip("/") + "index.html"
    assert locked_key in gone and locked_key in keys  # locked: kept although the build no longer has it
    assert gone - {locked_key}, "the removed article should leave other stale files"
    assert not (gone - {locked_key}) & keys  # every other stale object deleted
    assert f"删除 {len(gone - {locked_key})} 个文件" in result.stdout
    manifest = json.loads(client.get_object(Bucket=target["bucket"], Key=MANIFEST)["Body"].read())
    assert manifest["build_id"] == json.loads((second / "build-info.json").read_text())["build_id"]
    assert len(baidu_stub.requests) == 1  # no new URL in the second build: nothing submitted

    again = run_deploy(
        settings, "deploy", "--target", "oss", "--output", str(second), "--lock", str(lock), env=env
    )
    assert again.returncode == 0, again.stderr
    assert (
        uploaded(again.stdout) == [] and "新增 0 个文件" in again.stdout and "更新 0 个文件" in again.stdout
    )


def test_interrupted_deploy_leaves_previous_site_and_a_rerun_finishes(deploy_builds, bucket):
    from botocore.exceptions import EndpointConnectionError

    from wfu.deploy.report import DeployFailed
    from wfu.deploy.s3 import deploy_s3, make_client
    from wfu.deploy.targets import deploy_config

    target_settings, client = bucket
    target = deploy_config({"DEPLOY": {"targets": {"oss": target_settings}}}).target("oss")
    first, second = deploy_builds["first"], deploy_builds["second"]
    first_id = json.loads((first / "build-info.json").read_text())["build_id"]
    second_id = json.loads((second / "build-info.json").read_text())["build_id"]
    s3 = make_client(target, S3_ENV)
    deploy_s3(target, str(first), first_id, [], s3, log=lambda _: None)
    before = all_objects(client, target.bucket)

    def network_drops_after_three(index: int, _path: str) -> None:
        if index == 3:
            raise EndpointConnectionError(endpoint_url=target.endpoint_url)

    with pytest.raises(DeployFailed, match=r"\[deploy-s3-failed\]"):
        deploy_s3(
            target,
            str(second),
            second_id,
            [],
            s3,
            log=lambda _: None,
            before_upload=network_drops_after_three,
        )
    during = all_objects(client, target.bucket)
    from wfu.deploy.manifest import kind_of

    assert set(before) <= set(during)  # nothing deleted
    # only new assets (e.g. the new search index's files) may have arrived: no new page is listed
    assert all(kind_of(key) == "asset" for key in set(during) - set(before))
    changed = [k for k in before if during[k]["ETag"] != before[k]["ETag"]]
    assert len(changed) <= 3
    manifest = json.loads(client.get_object(Bucket=target.bucket, Key=MANIFEST)["Body"].read())
    assert manifest["build_id"] == first_id  # the manifest still describes the served site

    report = deploy_s3(target, str(second), second_id, [], s3, log=lambda _: None)
    assert report.deleted
    manifest = json.loads(client.get_object(Bucket=target.bucket, Key=MANIFEST)["Body"].read())
    assert manifest["build_id"] == second_id
    assert set(all_objects(client, target.bucket)) == expected_keys(second) | {MANIFEST}


def test_dry_run_changes_nothing_and_sends_nothing(deploy_builds, bucket, baidu_stub, tmp_path, lock_with):
    target, client = bucket
    settings = settings_file(
        tmp_path,
        {
            "targets": {"oss": target},
            "baidu": {"token_env": "WFU_TEST_BAIDU", "endpoint": baidu_stub.endpoint},
        },
    )
    result = run_deploy(settings, "deploy", "--dry-run", "--target", "oss", "--output", str(deploy_builds["first"]),
                        "--lock", str(lock_with()), env={**S3_ENV, "WFU_TEST_BAIDU": "t0k3n"})  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert all_objects(client, target["bucket"]) == {}
    assert baidu_stub.requests == []
    assert "演练" in result.stdout and f"POST {baidu_stub.endpoint}?site=" in result.stdout
    assert "t0k3n" not in result.stdout
    assert "https://xiaoyou.wfu.edu.cn/news/" in result.stdout


def test_refuses_a_preview_build(sample_site, bucket, tmp_path):
    target, client = bucket
    settings = settings_file(tmp_path, {"targets": {"oss": target}})
    result = run_deploy(settings, "deploy", "--target", "oss", "--output", str(sample_site), env=S3_ENV)
    assert result.returncode == 1
    assert "[deploy-not-publish-build]" in result.stderr and "invoke build --publish" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert all_objects(client, target["bucket"]) == {}


@pytest.mark.parametrize(
    ("env", "key"),
    [({}, "[deploy-secret-missing]"), ({"WFU_TEST_S3_KEY": "x"}, "[deploy-secret-missing]")],
)
def test_missing_credentials_fail_cleanly(deploy_builds, bucket, tmp_path, env, key):
    target, client = bucket
    settings = settings_file(tmp_path, {"targets": {"oss": target}})
    clean = {name: "" for name in S3_ENV} | env
    result = run_deploy(
        settings, "deploy", "--target", "oss", "--output", str(deploy_builds["first"]), env=clean
    )
    assert result.returncode == 1 and key in result.stderr
    assert "Traceback" not in result.stderr
    assert all_objects(client, target["bucket"]) == {}


def test_wrong_settings_are_all_reported(deploy_builds, tmp_path):
    settings = settings_file(
        tmp_path, {"default": "nope", "targets": {"web": {"kind": "server", "host": "bad host", "keep": 1}}}
    )
    result = run_deploy(settings, "deploy", "--output", str(deploy_builds["first"]))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    for fragment in ("['host']", "['user']", "['path']", "['keep']", "DEPLOY['default']"):
        assert fragment in result.stderr


def test_a_key_prefix_keeps_the_site_in_its_folder(deploy_builds, bucket):
    from wfu.deploy.s3 import deploy_s3, make_client
    from wfu.deploy.targets import deploy_config

    target_settings, client = bucket
    target = deploy_config({"DEPLOY": {"targets": {"oss": dict(target_settings, prefix="site/")}}}).target(
        "oss"
    )
    client.put_object(Bucket=target.bucket, Key="other/keep.txt", Body=b"not ours")
    first = deploy_builds["first"]
    deploy_s3(
        target, str(first), "20260101T000000Z-abcdef", [], make_client(target, S3_ENV), log=lambda _: None
    )
    keys = set(all_objects(client, target.bucket))
    assert keys == {f"site/{k}" for k in expected_keys(first)} | {f"site/{MANIFEST}", "other/keep.txt"}
    report = deploy_s3(
        target,
        str(deploy_builds["second"]),
        "20260102T000000Z-abcdef",
        [],
        make_client(target, S3_ENV),
        log=lambda _: None,
    )
    assert report.deleted and "other/keep.txt" in all_objects(
        client, target.bucket
    )  # never touches others' objects


def hostile_copy(output: Path, folder: Path) -> Path:
    """The build with what must never be uploaded: a symlink to a secret, a name with a newline."""
    import shutil

    copy = folder / "hostile" / "output"
    shutil.copytree(output, copy, symlinks=True)
    secret = folder / "secret.txt"
    secret.write_text("server private key", encoding="utf-8")
    (copy / "zz-secret.txt").symlink_to(secret)
    (copy / "news" / "line\nbreak.html").write_text("<p>x</p>", encoding="utf-8")
    return copy


def test_an_unsafe_tree_uploads_nothing(deploy_builds, bucket, tmp_path):
    target, client = bucket
    hostile = hostile_copy(deploy_builds["first"], tmp_path)
    settings = settings_file(tmp_path, {"targets": {"oss": target}})
    result = run_deploy(settings, "deploy", "--target", "oss", "--output", str(hostile), env=S3_ENV)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "zz-secret.txt: 是符号链接" in result.stderr and "[deploy-unsafe-file]" in result.stderr
    assert "news/line\\nbreak.html: " in result.stderr and "[deploy-unsafe-name]" in result.stderr
    assert all_objects(client, target["bucket"]) == {}  # not even the assets uploaded first
