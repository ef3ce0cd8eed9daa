"""Publishing settings: only what differs from pelicanconf.py."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402, F403

SITEURL = os.environ.get("SITEURL", SITE_PUBLIC_URL)  # noqa: F405
SITE_PUBLIC_URL = SITEURL
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
