"""``invoke screenshots``: full-page screenshots of the key pages at 375 and 1280 px.

Serves a built site on 127.0.0.1 (a free port), drives Debian's chromium
through Playwright (no downloaded browser) and writes JPEG files (quality 60,
small enough to commit) to ``docs/screenshots/``, so a reviewer sees what
readers see without building anything.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import sys
import threading

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
WIDTHS = (375, 1280)
MAX_HEIGHT = 3600  # px: a longer page is cut (the top is what matters)
QUALITY = 60  # JPEG: small enough to commit, text still legible


def pages(output: str) -> list[tuple[str, str]]:
    """(name, path) of each page to photograph; the article and college are the first found."""
    found = [("home", "/")]
    news = sorted(
        os.path.relpath(os.path.join(folder), output)
        for folder, _, files in os.walk(os.path.join(output, "news"))
        if "index.html" in files and os.path.basename(os.path.dirname(folder)).isdigit()
    )
    if news:
        found.append(("article", "/" + news[-1] + "/"))
    colleges = (
        sorted(
            d
            for d in os.listdir(os.path.join(output, "colleges"))
            if os.path.isfile(os.path.join(output, "colleges", d, "index.html"))
        )
        if os.path.isdir(os.path.join(output, "colleges"))
        else []
    )
    if colleges:
        found.append(("college", f"/colleges/{colleges[0]}/"))
    found += [
        ("achievements", "/achievements/"),
        ("map", "/associations/map/"),
        ("donor-wall", "/donate/wall/"),
        ("statistics", "/donate/stats/"),
        ("honours", "/honours/"),
        ("wechat", "/wechat/"),
        ("services", "/services/"),  # issue 24's portal pages
        ("donate-project", "/donate/projects/scholarship/"),
        ("president-message", "/about/message/"),
        ("milestones", "/about/milestones/"),
        ("album", "/albums/homecoming-2026/"),
        ("magazine", "/magazine/2026-1/"),
    ]
    return [
        (name, path)
        for name, path in found
        if os.path.isfile(os.path.join(output, path.strip("/"), "index.html"))
    ]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def take(output: str, target: str, chromium: str, dark: bool = False) -> list[str]:
    from PIL import Image
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=output)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    os.makedirs(target, exist_ok=True)
    written = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            for width in WIDTHS:
                context = browser.new_context(
                    viewport={"width": width, "height": 900},
                    device_scale_factor=1,
                    color_scheme="dark" if dark else "light",
                )
                page = context.new_page()
                for name, path in pages(output):
                    page.goto(base + path, wait_until="load")
                    png = os.path.join(target, f".{name}-{width}.png")
                    page.screenshot(path=png, full_page=True)
                    with Image.open(png) as image:
                        image = image.convert("RGB")
                        if image.height > MAX_HEIGHT:
                            image = image.crop((0, 0, image.width, MAX_HEIGHT))
                        suffix = "-dark" if dark else ""
                        jpeg = os.path.join(target, f"{name}-{width}{suffix}.jpg")
                        image.save(jpeg, "JPEG", quality=QUALITY, optimize=True, progressive=True)
                    os.remove(png)
                    written.append(jpeg)
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wfu.screenshots")
    parser.add_argument("--output", default=os.path.join(ROOT, "output"), help="built site (default output/)")
    parser.add_argument("--target", default=os.path.join(ROOT, "docs", "screenshots"))
    parser.add_argument("--dark", action="store_true", help="dark colour scheme")
    args = parser.parse_args(argv)
    chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("需要 Debian 的 chromium：apt-get install -y chromium", file=sys.stderr)
        return 1
    if not os.path.isfile(os.path.join(args.output, "index.html")):
        print(f"{args.output} 中没有网站：请先运行 invoke build", file=sys.stderr)
        return 1
    for path in take(os.path.abspath(args.output), args.target, chromium, args.dark):
        print(os.path.relpath(path, ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
