"""Submit new URLs to Baidu's link-submission API (普通收录 API 提交) after a deploy.

Optional: only when the environment variable named in ``DEPLOY['baidu']``
holds a token.  Baidu accepts at most 2,000 URLs per request and a daily
quota; the answer says how many were accepted and how many remain today.
A dry run prints the requests (token hidden) and sends nothing.  A failed
submission never fails the deploy: the site is already live.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence

BATCH = 2000


def absolute_urls(siteurl: str, urls: Sequence[str]) -> list[str]:
    return [siteurl.rstrip("/") + url for url in urls]


def request_url(endpoint: str, siteurl: str, token: str) -> str:
    return f"{endpoint}?{urllib.parse.urlencode({'site': siteurl, 'token': token})}"


def submit(
    endpoint: str,
    siteurl: str,
    token: str,
    urls: Sequence[str],
    dry_run: bool,
    log: Callable[[str], None] = print,
    timeout: float = 20,
) -> list[dict]:
    """POST the absolute URLs in batches; return Baidu's answers (empty for a dry run)."""
    answers = []
    full = absolute_urls(siteurl, urls)
    for start in range(0, len(full), BATCH):
        batch = full[start : start + BATCH]
        body = "\n".join(batch).encode("utf-8")
        if dry_run:
            log(f"（演练，未发送）POST {request_url(endpoint, siteurl, '***')}")
            log(f"  Content-Type: text/plain，{len(batch)} 个网址：")
            for url in batch:
                log(f"  {url}")
            continue
        request = urllib.request.Request(
            request_url(endpoint, siteurl, token),
            data=body,
            method="POST",
            headers={"Content-Type": "text/plain"},
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (configured endpoint)
                answer = json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            try:
                answer = json.loads(exc.read().decode("utf-8"))
            except ValueError:
                answer = {"error": exc.code, "message": exc.reason}
        except (urllib.error.URLError, OSError, ValueError) as exc:
            answer = {"error": "network", "message": str(exc)}
        answers.append(answer)
        if "success" in answer:
            log(f"百度收录提交：成功 {answer['success']} 个，今日剩余额度 {answer.get('remain', '?')}")
        else:
            log(
                f"百度收录提交失败（网站已发布，不受影响）：{answer.get('error')} {answer.get('message', '')}"
            )
    return answers
