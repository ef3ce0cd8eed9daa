"""Publishing settings: only what differs from pelicanconf.py."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402, F403

# The real site's address (SITE_PUBLIC_URL, pelicanconf.py).  A staging copy (SITE_STAGING=1,
# docs/编辑指南.md「测试版」) never defaults to it: it uses STAGING_SITEURL, and the build refuses when that
# is empty.  SITEURL in the environment overrides both.  build-info.json records which one was built;
# `invoke deploy` checks it against the target.
PRODUCTION_SITEURL = SITE_PUBLIC_URL  # noqa: F405
STAGING_SITEURL = ""  # the staging copy's own address, e.g. "https://test.xiaoyou.wfu.edu.cn"
_STAGING = os.environ.get("SITE_STAGING", "").strip() == "1"
SITEURL = os.environ.get("SITEURL") or (STAGING_SITEURL if _STAGING else PRODUCTION_SITEURL)
SITE_PUBLIC_URL = SITEURL  # exports, QR codes and calendars point at the site this build is for
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False
PUBLISH = (
    True  # the publish guard runs (plugins/identity/guard.py); build-info.json records it for `invoke deploy`
)
PRECOMPRESS = {"enabled": True}  # .gz/.br beside text files (wfu/precompress.py)

# Every URL ever published; publishing fails if one would break (see docs/编辑指南.md).
URL_LOCK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "urls.lock")

# SEQUENCE of every published event's calendar entry, beside URL_LOCK; `invoke build --publish` updates it.
EVENTS = dict(EVENTS, sequence_lock="events.lock")  # noqa: F405
# Where `invoke deploy` publishes (wfu/deploy/targets.py lists every key and its default).
# Secrets never go here: only the names of the environment variables that hold them.
DEPLOY = {
    "default": "server",
    "targets": {
        # The university's web server: nginx serves /srv/wfu-alumni-site/current (deploy/nginx/).
        "server": {
            "kind": "server",
            "host": "xiaoyou.wfu.edu.cn",
            "user": "deploy",
            "path": "/srv/wfu-alumni-site",
            "keep": 5,
            "after_switch": "sudo -n /usr/sbin/nginx -s reload",  # loads the new redirect map
        },
        # A staging target says so ("staging": True): `invoke deploy` then takes only staging builds,
        # and every other target only real ones.  For example:
        #   "test": {"kind": "server", "host": "test.xiaoyou.wfu.edu.cn", "user": "deploy",
        #            "path": "/srv/wfu-alumni-site-test", "staging": True},
        # Object storage behind a CDN (Aliyun OSS here; Tencent COS, Huawei OBS, MinIO work the same).
        "oss": {
            "kind": "s3",
            "bucket": "wfu-alumni-site",
            "endpoint_url": "https://oss-cn-qingdao.aliyuncs.com",
            "region": "cn-qingdao",
            "access_key_env": "WFU_S3_ACCESS_KEY_ID",
            "secret_key_env": "WFU_S3_SECRET_ACCESS_KEY",
        },
    },
    "baidu": {"token_env": "WFU_BAIDU_TOKEN"},  # optional: submit new URLs to Baidu after a deploy
}

# The web editor on the published site saves through the university's GitLab (or Gitea): an OAuth
# application of that server, the repository and the branch; every change waits for review in a
# merge request (docs/开发说明.md "网页编辑器：学校 GitLab 或 Gitea"). Fill in before publishing:
# CMS = {
#     "backend": {
#         "name": "gitlab",
#         "repo": "xiaoyouhui/wfu-alumni-site",
#         "branch": "main",
#         "base_url": "https://git.wfu.edu.cn",
#         "api_root": "https://git.wfu.edu.cn/api/v4",
#         "auth_type": "pkce",
#         "app_id": "OAuth 应用的 Application ID",
#     },
#     "publish_mode": "editorial_workflow",
# }
