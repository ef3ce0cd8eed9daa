"""Publishing settings: only what differs from pelicanconf.py."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402, F403

SITEURL = os.environ.get("SITEURL", "https://xiaoyou.wfu.edu.cn")
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False

# Every URL ever published; publishing fails if one would break (see docs/编辑指南.md).
URL_LOCK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "urls.lock")

# SEQUENCE of every published event's calendar entry, beside URL_LOCK; `invoke build --publish` updates it.
EVENTS = dict(EVENTS, sequence_lock="events.lock")  # noqa: F405

# Unsafe HTML in a body fails the build instead of being removed with a warning.
PUBLISH = True
