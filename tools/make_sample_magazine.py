"""Print the sample alumni magazine issue (content/files/magazine/2026-1.pdf) and its cover.

Chromium prints a small HTML page to PDF (real, extractable Chinese text, as a
designer's export would be) and photographs its first page as the cover JPEG;
both are copied to the fixture site.  Run: .venv/bin/python tools/make_sample_magazine.py
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
HTML = """<!DOCTYPE html><html lang="zh-CN"><meta charset="utf-8"><style>
body { font-family: "Noto Sans CJK SC", sans-serif; margin: 0; }
.cover { height: 1040px; background: #0b4a82; color: #fff; padding: 80px 60px; box-sizing: border-box; }
.cover h1 { font-size: 64px; margin: 0 0 24px; } .cover p { font-size: 28px; }
.page { padding: 60px; font-size: 18px; line-height: 1.8; page-break-before: always; }
</style>
<section class="cover"><h1>潍院校友</h1><p>2026年第1期（示例刊物）</p><p>潍坊学院校友会 编</p></section>
<section class="page"><h2>目录</h2><ol><li>卷首语：欢迎常回家看看</li><li>校庆日千名校友重返母校</li>
<li>校友风采：把论文写在大地上</li><li>各地校友会动态</li></ol>
<h2>卷首语</h2><p>这是一份示例刊物，用于演示网站的“校友刊物”栏目。正式发布前请替换为真实刊物的 PDF。</p></section>
</html>"""


def main() -> None:
    pdf = ROOT / "content" / "files" / "magazine" / "2026-1.pdf"
    cover = ROOT / "content" / "images" / "magazine" / "2026-1-cover.jpg"
    pdf.parent.mkdir(parents=True, exist_ok=True)
    cover.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        page_file = Path(folder) / "issue.html"
        page_file.write_text(HTML, encoding="utf-8")
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 740, "height": 1040})
        page.goto(page_file.as_uri())
        page.pdf(path=str(pdf), width="740px", height="1040px", print_background=True)
        png = Path(folder) / "cover.png"
        page.screenshot(path=str(png))
        browser.close()
        from PIL import Image

        with Image.open(png) as image:
            image.convert("RGB").save(cover, "JPEG", quality=80)
    for made in (pdf, cover):
        target = ROOT / "tests" / "fixtures" / made.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(made, target)


if __name__ == "__main__":
    main()
