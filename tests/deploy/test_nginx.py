"""The shipped nginx configuration, loaded by a real nginx on 127.0.0.1 serving a deployed release."""

from __future__ import annotations

import gzip
import http.client
import json
import subprocess
from pathlib import Path

import pytest

from plugins.urls.model import parse_redirects
from tests.conftest import ROOT, SAMPLE_CONTENT
from tests.deploy.conftest import nginx_binary, nginx_starter, run_deploy, settings_file

pytestmark = pytest.mark.servers

IMMUTABLE = "public, max-age=31536000, immutable"


def request(port: int, path: str, headers: dict | None = None) -> http.client.HTTPResponse:
    """One GET without following redirects or adding Accept-Encoding (http.client adds neither)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


@pytest.fixture(scope="module")
def served(deploy_builds, sshd, tmp_path_factory):
    """The first build deployed to the server target, served by nginx from ``current``.

    Once per module (per pytest-xdist worker): the tests using it only send GET requests,
    which change nothing nginx serves (the release is not touched, nginx writes only its
    logs), so each test sees the same freshly deployed release a deploy of its own would
    give; a deploy and an nginx start per test cost about 4 s each.  The deploys that
    change a server are tested in test_server_deploy.py, each with its own.
    """
    folder = tmp_path_factory.mktemp("served")
    srv = folder / "srv"
    settings = settings_file(folder, {"targets": {"web": sshd.target(srv)}})
    result = run_deploy(
        settings, "deploy", "--target", "web", "--output", str(deploy_builds["first"]), env=sshd.env
    )
    assert result.returncode == 0, result.stderr
    with nginx_starter(folder) as start:
        yield start(srv / "current"), srv / "current"


def test_every_redirect_is_a_real_301(served):
    nginx, _ = served
    for redirect in sample_redirects().values():
        response = request(nginx.port, redirect.source)
        assert response.status == 301, redirect.source
        assert response.getheader("Location").endswith(redirect.target), redirect.source
        assert request(nginx.port, redirect.target).status == 200


def sample_redirects() -> dict:
    source = SAMPLE_CONTENT / "redirects.yml"
    redirects, errors = parse_redirects(source.read_text(encoding="utf-8"), "redirects.yml")
    assert redirects and not errors
    return redirects


def gone_urls(root: Path) -> set[str]:
    """The withdrawn articles' URLs, from the generated ``$wfu_gone`` map."""
    conf = (root / "redirects.nginx.conf").read_text(encoding="utf-8")
    block = conf[conf.index("map $uri $wfu_gone {") :]
    return {line.split()[0].strip('"') for line in block.splitlines() if line.strip().endswith(" 1;")}


def test_every_published_url_answers_200_with_its_headers(served):
    """urls.txt also lists the old URLs (their meta-refresh pages stay for object storage): nginx 301s them.

    A withdrawn article's URL (撤稿) stays listed too: nginx answers 410 Gone.
    """
    nginx, root = served
    redirects = sample_redirects()
    gone = gone_urls(root)
    urls = (root / "urls.txt").read_text(encoding="utf-8").split()
    assert (
        len(urls) > 100
        and set(redirects) <= set(urls)
        and gone
        and gone - set(urls) <= {u + "index.html" for u in gone}
    )
    for url in urls:
        if url in redirects:
            assert request(nginx.port, url).status == 301
            continue
        if url in gone:
            assert request(nginx.port, url).status == 410
            continue
        response = request(nginx.port, url)
        assert response.status == 200, url
        kind = response.getheader("Content-Type")
        if url.endswith(".pdf"):  # 校友刊物 issues: binary, no charset
            assert kind == "application/pdf", (url, kind)
        else:
            assert kind.endswith("charset=utf-8"), (url, kind)
        if url.endswith("/") or url.endswith(".html"):
            assert kind == "text/html; charset=utf-8", url
            expected = "no-cache"
        elif url.endswith((".atom.xml", ".rss.xml")):
            expected = "public, max-age=600"
        else:
            expected = "no-cache"  # sitemap.xml, urls.txt, robots.txt
        assert response.getheader("Cache-Control") == expected, url
    # /api/v1/ is a page naming the documents (it was a 403: no index.html, no autoindex)
    api = request(nginx.port, "/api/v1/")
    assert api.status == 200 and "数据接口" in api.body.decode() and "/api/v1/" in urls


def test_a_withdrawn_article_is_410_gone_with_the_notice(served):
    """撤稿: the page answers 410 with the build's notice, under both spellings; its API document is a tombstone."""
    nginx, root = served
    gone = sorted(u for u in gone_urls(root) if u.endswith("/"))
    assert gone == ["/news/2024/withdrawn-meeting/"]
    notice = (root / "410.html").read_bytes()
    assert (root / gone[0].strip("/") / "index.html").read_bytes() == notice  # what object storage serves
    for url in (gone[0], gone[0] + "index.html"):
        response = request(nginx.port, url)
        assert response.status == 410, url
        assert response.body == notice, url
        assert response.getheader("Content-Type") == "text/html; charset=utf-8"
        assert "这篇文章已撤稿" in response.body.decode("utf-8")
    compressed = request(nginx.port, gone[0], {"Accept-Encoding": "gzip"})
    assert compressed.status == 410 and gzip.decompress(compressed.body) == notice
    document = request(nginx.port, "/api/v1/news/2024/withdrawn-meeting.json")
    assert document.status == 200
    assert json.loads(document.body)["withdrawn"] is True and b"body_html" not in document.body
    assert request(nginx.port, "/410.html").status == 200  # the notice itself, like /404.html
    assert request(nginx.port, "/news/2024/").status == 200  # nothing else is gone


def test_assets_photos_and_covers_are_immutable(served):
    nginx, root = served
    css = next((root / "theme" / "css").glob("site.??????????.css")).relative_to(root)
    photo = next((root / "photos").iterdir()).relative_to(root)
    cover = next((root / "covers").iterdir()).relative_to(root)
    for path in (css, photo, cover):
        response = request(nginx.port, f"/{path}")
        assert response.status == 200 and response.getheader("Cache-Control") == IMMUTABLE, path
        assert response.body == (root / path).read_bytes()
    assert request(nginx.port, f"/{css}").getheader("Content-Type") == "text/css; charset=utf-8"
    plain_css = request(nginx.port, "/theme/css/site.css")
    assert plain_css.getheader("Cache-Control") == "no-cache"  # unfingerprinted name: must revalidate
    wechat = request(nginx.port, "/wechat/")
    assert wechat.getheader("X-Robots-Tag") == "noindex, nofollow"


def test_search_shards_cache_their_hashed_chunks_and_revalidate_the_rest(served):
    nginx, root = served
    fragment = next((root / "pagefind").glob("*/fragment/*.pf_fragment")).relative_to(root)
    chunk = next((root / "pagefind").glob("*/index/*.pf_index")).relative_to(root)
    entry = next((root / "pagefind").glob("*/pagefind-entry.json")).relative_to(root)
    for path, expected in ((fragment, IMMUTABLE), (chunk, IMMUTABLE), (entry, "no-cache")):
        response = request(nginx.port, f"/{path}")
        assert response.status == 200 and response.getheader("Cache-Control") == expected, path
    shards = request(nginx.port, "/pagefind/shards.json")
    assert shards.status == 200 and shards.getheader("Cache-Control") == "no-cache"


def test_api_documents_are_json_revalidated_and_not_indexed(served):
    nginx, root = served
    documents = sorted((root / "api").rglob("*.json"))
    assert documents
    for path in documents:
        response = request(nginx.port, f"/{path.relative_to(root)}")
        assert response.status == 200, path
        assert response.getheader("Content-Type") == "application/json; charset=utf-8", path
        assert response.getheader("Cache-Control") == "no-cache", path
        assert response.getheader("X-Robots-Tag") == "noindex", path
        assert response.body == path.read_bytes()


def test_missing_page_gets_the_404_page(served):
    nginx, root = served
    response = request(nginx.port, "/news/2099/no-such-article/")
    assert response.status == 404
    assert response.body == (root / "404.html").read_bytes()
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert request(nginx.port, "/redirects.nginx.conf").status == 404


def test_gzip_static_serves_the_build_s_gz_file(served):
    nginx, root = served
    compressed = request(nginx.port, "/", {"Accept-Encoding": "gzip"})
    assert compressed.status == 200
    assert compressed.getheader("Content-Encoding") == "gzip"
    assert compressed.body == (root / "index.html.gz").read_bytes()  # the file itself, not recompressed
    assert gzip.decompress(compressed.body) == (root / "index.html").read_bytes()
    assert "Accept-Encoding" in (compressed.getheader("Vary") or "")
    plain = request(nginx.port, "/")
    assert plain.getheader("Content-Encoding") is None and plain.body == (root / "index.html").read_bytes()


def nginx_test(config: str, folder: Path) -> subprocess.CompletedProcess:
    path = folder / "nginx.conf"
    path.write_text(config)
    return subprocess.run([nginx_binary(), "-t", "-c", str(path), "-e", str(folder / "error.log")],
                          capture_output=True, text=True)  # fmt: skip


def wrapper(folder: Path, server: str, port: int) -> str:
    return (
        (
            f"pid {folder}/nginx.pid;\nerror_log {folder}/error.log;\nevents {{}}\n"
            f"http {{\n include /etc/nginx/mime.types;\n access_log off;\n{server}\n}}\n"
        )
        .replace("listen 80;", f"listen 127.0.0.1:{port};")
        .replace("listen [::]:80;", "")
    )


def test_shipped_server_file_loads_and_the_old_placement_does_not(deploy_builds, tmp_path):
    """deploy/nginx/wfu-alumni-site.conf (map at http level) loads; the map inside server {} is refused."""
    srv = tmp_path / "srv" / "wfu-alumni-site"
    (srv / "nginx").mkdir(parents=True)
    (srv / "current").symlink_to(deploy_builds["first"])
    (srv / "nginx" / "site.conf").write_text((ROOT / "deploy" / "nginx" / "site.conf").read_text())
    shipped = (
        (ROOT / "deploy" / "nginx" / "wfu-alumni-site.conf")
        .read_text()
        .replace("/srv/wfu-alumni-site", str(srv))
    )
    result = nginx_test(wrapper(tmp_path, shipped, 18080), tmp_path)
    assert result.returncode == 0, result.stderr

    old_docs = f"server {{\n listen 127.0.0.1:18080;\n root {srv}/current;\n include {srv}/current/redirects.nginx.conf;\n}}"
    result = nginx_test(wrapper(tmp_path, old_docs, 18080), tmp_path)
    # The generated file starts with map_hash_bucket_size (needed before the map): refused there too.
    assert result.returncode != 0 and "directive is not allowed here" in result.stderr
