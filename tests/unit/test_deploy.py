"""Pure parts of wfu/deploy: settings, manifest and plan, server commands, Baidu requests."""

from __future__ import annotations

import pytest

from wfu.deploy import manifest as mf
from wfu.deploy.baidu import submit
from wfu.deploy.server import (
    ServerState,
    parse_itemized,
    parse_state,
    previous_release,
    releases_to_remove,
    rsync_command,
    switch_script,
)
from wfu.deploy.targets import DeploySettingsError, S3Target, ServerTarget, deploy_config, identity_file

SERVER = {"kind": "server", "host": "xiaoyou.wfu.edu.cn", "user": "deploy", "path": "/srv/wfu-alumni-site"}
BUCKET = {"kind": "s3", "bucket": "wfu-site", "endpoint_url": "https://oss-cn-qingdao.aliyuncs.com"}


def config(**deploy):
    return deploy_config({"DEPLOY": deploy})


def test_defaults_fill_unset_keys():
    deploy = config(default="web", targets={"web": SERVER, "oss": BUCKET})
    web, oss = deploy.target(None), deploy.target("oss")
    assert isinstance(web, ServerTarget) and (web.port, web.keep, web.after_switch) == (22, 5, "")
    assert isinstance(oss, S3Target) and oss.gzip and oss.addressing_style == "virtual"
    assert oss.access_key_env == "WFU_S3_ACCESS_KEY_ID"
    assert deploy.baidu.token_env == "" and deploy.baidu.endpoint == "http://data.zz.baidu.com/urls"


def test_publishconf_deploy_setting_is_valid():
    from wfu.build import PUBLISH_SETTINGS, load_settings

    deploy = deploy_config(load_settings(PUBLISH_SETTINGS))
    assert isinstance(deploy.target(None), ServerTarget)
    assert {type(t) for t in deploy.targets.values()} == {ServerTarget, S3Target}


def test_every_problem_is_reported_at_once():
    bad = {"kind": "server", "host": "a b", "port": 0, "path": "relative/path", "keep": 1, "colour": "red"}
    with pytest.raises(DeploySettingsError) as caught:
        config(
            default="missing", targets={"web": bad, "oss": dict(BUCKET, access_key_env="LTAI5tSECRETVALUE-x")}
        )
    text = "\n".join(caught.value.messages)
    for fragment in ("['host']", "['user']", "['port']", "['path']", "['keep']", "colour", "['access_key_env']",
                     "DEPLOY['default']"):  # fmt: skip
        assert fragment in text
    assert all(m.endswith("]") and "[deploy-" in m for m in caught.value.messages)


@pytest.mark.parametrize(
    "targets",
    [{"Web Site": SERVER}, {"x": {"kind": "ftp"}}, {"x": dict(BUCKET, bucket="Bad_Bucket")},
     {"x": dict(BUCKET, endpoint_url="oss-cn-qingdao.aliyuncs.com")}, {"x": dict(SERVER, path="/srv/a b")},
     {"x": dict(SERVER, path="/srv/$(reboot)")}, {"x": dict(BUCKET, prefix="/site")},
     {"x": dict(BUCKET, prefix="../")}, {"x": dict(BUCKET, prefix="site/../other/")},
     {"x": dict(BUCKET, prefix="site//")}, {"x": dict(BUCKET, prefix="./")}, {"x": dict(BUCKET, prefix="a\nb/")},
     {"x": dict(BUCKET, prefix=7)}, {"x": dict(SERVER, nginx_check="nginx; reboot")},
     {"x": dict(SERVER, nginx_check="nginx")}],
)  # fmt: skip
def test_invalid_targets(targets):
    with pytest.raises(DeploySettingsError):
        config(targets=targets)


def test_unknown_target_and_missing_key_file():
    deploy = config(targets={"web": dict(SERVER, identity_env="WFU_KEY")})
    with pytest.raises(DeploySettingsError, match=r"\[deploy-unknown-target\]"):
        deploy.target("oss")
    with pytest.raises(DeploySettingsError, match=r"\[deploy-no-target\]"):
        deploy.target(None)
    with pytest.raises(DeploySettingsError, match="WFU_KEY.*deploy-secret-missing"):
        identity_file(deploy.target("web"), {})
    with pytest.raises(DeploySettingsError, match=r"\[deploy-secret-missing\]"):
        identity_file(deploy.target("web"), {"WFU_KEY": "/nonexistent/key"})


@pytest.mark.parametrize(
    ("path", "kind", "content_type", "cache"),
    [
        ("index.html", "page", "text/html; charset=utf-8", "no-cache"),
        ("news/2024/x/index.html", "page", "text/html; charset=utf-8", "no-cache"),
        ("theme/css/site.46814b6b11.css", "asset", "text/css; charset=utf-8", mf.IMMUTABLE),
        ("theme/css/site.css", "asset", "text/css; charset=utf-8", "no-cache"),
        ("theme/js/wechat-copy.1ebed23fee.js", "asset", "text/javascript; charset=utf-8", mf.IMMUTABLE),
        ("photos/0413d963ec986275-320.webp", "asset", "image/webp", mf.IMMUTABLE),
        ("covers/063fcf5b0b02a0f6-900x383.jpg", "asset", "image/jpeg", mf.IMMUTABLE),
        ("wechat/images/914b93775a026b2b-q85.jpg", "asset", "image/jpeg", mf.IMMUTABLE),
        ("images/news/campus-spring.jpg", "asset", "image/jpeg", mf.STATIC_CACHE),
        ("news/feed.atom.xml", "feed", "application/atom+xml; charset=utf-8", mf.FEED_CACHE),
        ("news/feed.rss.xml", "feed", "application/rss+xml; charset=utf-8", mf.FEED_CACHE),
        ("wechat/2024/x/meta.json", "page", "application/json; charset=utf-8", "no-cache"),
        ("associations/map.svg", "asset", "image/svg+xml; charset=utf-8", mf.STATIC_CACHE),
        ("sitemap.xml", "index", "application/xml; charset=utf-8", "no-cache"),
        ("urls.txt", "index", "text/plain; charset=utf-8", "no-cache"),
        ("albums/a/video-1.mp4", "asset", "video/mp4", mf.STATIC_CACHE),
        ("albums/a/video-1.zh-Hans.vtt", "asset", "text/vtt; charset=utf-8", mf.STATIC_CACHE),
    ],
)
def test_kind_type_and_cache_per_file(path, kind, content_type, cache):
    assert (mf.kind_of(path), mf.content_type(path), mf.cache_control(path)) == (kind, content_type, cache)


def entry(path: str, digest: str = "a") -> mf.Entry:
    return mf.Entry(path, digest, 1, mf.kind_of(path), mf.content_type(path), mf.cache_control(path), "")


def test_plan_uploads_changes_in_order_and_never_deletes_locked():
    local = {
        p: entry(p)
        for p in ("sitemap.xml", "news/a/index.html", "photos/1.webp", "news/feed.atom.xml", "same.html")
    }
    local["news/a/index.html"] = entry("news/a/index.html", "new")
    remote = {
        p: mf._stored(entry(p))
        for p in ("news/a/index.html", "same.html", "news/old/index.html", "news/gone/index.html")
    }
    steps = mf.plan(local, remote, ["/news/old/", "/sitemap.xml"])
    assert steps.uploads == ("photos/1.webp", "news/feed.atom.xml", "sitemap.xml", "news/a/index.html")
    assert steps.added == ("photos/1.webp", "news/feed.atom.xml", "sitemap.xml")
    assert steps.updated == ("news/a/index.html",)
    assert steps.deleted == ("news/gone/index.html",)
    assert steps.kept_locked == ("news/old/index.html",)
    assert steps.unchanged == 1


def test_headers_changing_means_upload_again():
    local = {"a.html": entry("a.html")}
    remote = {"a.html": dict(mf._stored(entry("a.html")), cache_control="public, max-age=600")}
    assert mf.plan(local, remote, []).updated == ("a.html",)


def test_manifest_round_trip_and_unknown_versions():
    data = mf.manifest_json({"a.html": entry("a.html")}, "20260101T000000Z-abcdef", ["/a.html"])
    parsed = mf.parse_manifest(data)
    assert parsed["files"]["a.html"]["sha256"] == "a" and parsed["urls"] == ["/a.html"]
    assert mf.parse_manifest(b'{"version": 99, "files": {"x": {}}}')["files"] == {}
    assert mf.parse_manifest(b"\xff garbage")["files"] == {}


@pytest.mark.parametrize(
    ("url", "path"), [("/", "index.html"), ("/news/x/", "news/x/index.html"), ("/feed.xml", "feed.xml")]
)
def test_url_to_path(url, path):
    assert mf.url_to_path(url) == path


def test_summary_cuts_long_lists():
    lines = mf.summary([f"p{i}" for i in range(50)], [], ["old"], limit=3)
    assert lines[0] == "新增 50 个文件" and "  …… 另有 47 个" in lines and "删除 1 个文件" in lines


TARGET = deploy_config({"DEPLOY": {"targets": {"web": dict(SERVER, port=2222, known_hosts="/k")}}}).target(
    "web"
)


def test_rsync_links_to_the_current_release():
    command = rsync_command(TARGET, "/key", "/out/", "20260102T000000Z-bbbbbb", "20260101T000000Z-aaaaaa")
    # Absolute: Debian 12's rsync discards updates against a relative ../<id> basis (issue 20).
    assert "--link-dest=/srv/wfu-alumni-site/releases/20260101T000000Z-aaaaaa" in command
    assert "--checksum" in command and not any(arg.startswith("--link-dest=..") for arg in command)
    assert command[-2:] == [
        "/out/",
        "deploy@xiaoyou.wfu.edu.cn:/srv/wfu-alumni-site/releases/20260102T000000Z-bbbbbb.partial/",
    ]
    ssh = command[command.index("-e") + 1]
    assert "-p 2222" in ssh and "UserKnownHostsFile=/k" in ssh and "-i /key" in ssh and "BatchMode=yes" in ssh


def test_switch_is_a_symlink_then_a_rename():
    script = switch_script(TARGET, "20260102T000000Z-bbbbbb")
    assert "mv -T releases/20260102T000000Z-bbbbbb.partial releases/20260102T000000Z-bbbbbb" in script
    assert "ln -sfn releases/20260102T000000Z-bbbbbb .current-20260102T000000Z-bbbbbb" in script
    assert script.index("ln -sfn") < script.index("mv -T .current-20260102T000000Z-bbbbbb current")


def test_itemized_rsync_output():
    out = "\n".join([
        ">f+++++++++ news/new/index.html",
        ">fcs....... index.html",
        ">f..t...... unchanged-time-only.html",
        "cd+++++++++ news/new/",
        "*deleting   news/old/index.html",
        "*deleting   news/old/",
        ".d..t...... ./",
    ])  # fmt: skip
    added, updated, deleted = parse_itemized(out)
    assert added == ["news/new/index.html"]
    assert updated == ["index.html", "unchanged-time-only.html"]
    assert deleted == ["news/old/index.html"]


def test_state_pruning_and_rollback_choice():
    state = parse_state(
        "current=releases/20260103T000000Z-cccccc\n20260101T000000Z-aaaaaa\n20260103T000000Z-cccccc\n20260102T000000Z-bbbbbb\n"
    )
    assert state.current == "20260103T000000Z-cccccc"
    assert previous_release(state) == "20260102T000000Z-bbbbbb"
    assert previous_release(ServerState("20260101T000000Z-aaaaaa", state.releases)) is None
    assert previous_release(parse_state("")) is None
    assert releases_to_remove(state.releases, state.current, keep=2) == ["20260101T000000Z-aaaaaa"]
    # After a rollback the current release is older than others: it is never removed.
    assert "20260101T000000Z-aaaaaa" not in releases_to_remove(
        state.releases, "20260101T000000Z-aaaaaa", keep=2
    )


def test_baidu_dry_run_prints_and_sends_nothing(monkeypatch):
    def no_network(*_args, **_kwargs):
        raise AssertionError("a dry run must not open a connection")

    monkeypatch.setattr("urllib.request.urlopen", no_network)
    lines: list[str] = []
    answers = submit(
        "http://data.zz.baidu.com/urls",
        "https://xiaoyou.wfu.edu.cn",
        "s3cr3t",
        ["/news/a/"],
        True,
        lines.append,
    )
    assert answers == []
    assert (
        lines[0]
        == "（演练，未发送）POST http://data.zz.baidu.com/urls?site=https%3A%2F%2Fxiaoyou.wfu.edu.cn&token=%2A%2A%2A"
    )
    assert "https://xiaoyou.wfu.edu.cn/news/a/" in lines[-1] and not any("s3cr3t" in line for line in lines)


def test_baidu_failure_is_reported_not_raised():
    lines: list[str] = []
    answers = submit("http://127.0.0.1:9/urls", "https://x.cn", "t", ["/a/"], False, lines.append, timeout=2)
    assert answers[0]["error"] == "network" and "网站已发布" in lines[-1]


def test_release_tree_verification_reports_every_unsafe_entry(tmp_path):
    import os

    from wfu.deploy.report import DeployFailed
    from wfu.deploy.verify import tree_problems, verify_release

    site = tmp_path / "release"
    (site / "news" / "a").mkdir(parents=True)
    (site / "news" / "a" / "index.html").write_text("ok")
    (site / "images").mkdir()
    (site / "images" / "校友 合影 'a'.jpg").write_bytes(b"x")  # spaces, quotes, Chinese: allowed
    (site / ".hidden-link").symlink_to("/etc/passwd")  # hidden: never uploaded, so not checked
    (site / "passwd.txt").symlink_to("/etc/passwd")
    (site / "linked").symlink_to(site / "news")
    (site / "news" / "evil\nname.html").write_text("x")
    (site / "news" / "zero\u200bwidth.html").write_text("x")
    (site / "news" / b"latin1-\xe9.html".decode("utf-8", "surrogateescape")).write_text("x")
    os.mkfifo(site / "pipe")
    problems = tree_problems(str(site))
    assert [(p.split(": ", 1)[0].removeprefix(str(site) + "/"), p.rsplit("[", 1)[1]) for p in problems] == [
        ("linked", "deploy-unsafe-file]"),
        ("news/evil\\nname.html", "deploy-unsafe-name]"),
        ("news/latin1-\\udce9.html", "deploy-unsafe-name]"),
        ("news/zero\\u200bwidth.html", "deploy-unsafe-name]"),
        ("passwd.txt", "deploy-unsafe-file]"),
        ("pipe", "deploy-unsafe-file]"),
    ]
    assert all("\n" not in p for p in problems)
    with pytest.raises(DeployFailed, match=r"共 6 个问题"):
        verify_release(str(site))
    # The output symlink that wfu.releases switches is followed once, at the root only.
    (tmp_path / "output").symlink_to(site / "news")
    assert len(tree_problems(str(tmp_path / "output"))) == 3


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [("", ""), (None, ""), ("site", "site/"), ("site/", "site/"), ("a/b.c/", "a/b.c/"), ("../", None),
     ("site/../x/", None), ("./", None), ("a//", None), ("/site/", None), ("a b/", None), (".hidden/", None)],
)  # fmt: skip
def test_s3_prefix_is_normalised(raw, normalised):
    from wfu.deploy.targets import normalise_prefix

    assert normalise_prefix(raw) == normalised


def test_nginx_check_script_loads_the_uploaded_map(tmp_path):
    """The script deploy runs over ssh, run here by bash against Debian's nginx."""
    import subprocess

    from tests.deploy.conftest import nginx_binary
    from wfu.deploy.server import PARTIAL, nginx_check_script

    binary = nginx_binary()
    target = deploy_config(
        {"DEPLOY": {"targets": {"web": dict(SERVER, path=str(tmp_path), nginx_check=binary)}}}
    )
    script = nginx_check_script(target.target("web"), "r1")
    release = tmp_path / "releases" / f"r1{PARTIAL}"
    release.mkdir(parents=True)
    (release / "redirects.nginx.conf").write_text(
        'map $uri $wfu_redirect {\n    default "";\n    "/a/" "/b/";\n}\n'
    )
    assert subprocess.run(["bash", "-c", script], capture_output=True, text=True).returncode == 0
    (release / "redirects.nginx.conf").write_text("map $uri $wfu_redirect {\n    /a;b/ /c/;\n}\n")
    failed = subprocess.run(["bash", "-c", script], capture_output=True, text=True)
    assert failed.returncode != 0 and "test failed" in failed.stderr
