"""Draw the sample identity assets: a placeholder emblem and a campus-like photograph.

Both are our own drawings (no copied artwork): the emblem is an abstract ring
with the association's initials and the word 占位 so nobody mistakes it for the
university's real emblem, and the publish guard refuses it by its file name.
Run once: ``.venv/bin/python tools/make_identity_assets.py``; the outputs are
committed under content/images/identity/.
"""

from __future__ import annotations

import math
import os
import random

from PIL import Image, ImageDraw, ImageFilter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.path.join(ROOT, "content", "images", "identity")

EMBLEM = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120" role="img" aria-label="占位标志">
<title>占位标志（请替换为学校授权的标志）</title>
<circle cx="60" cy="60" r="56" fill="#ffffff" stroke="#0b4a82" stroke-width="6"/>
<circle cx="60" cy="60" r="44" fill="none" stroke="#0b4a82" stroke-width="2" stroke-dasharray="4 3"/>
<path d="M30 74 L60 40 L90 74 Z" fill="#0b4a82"/>
<path d="M44 74 L60 56 L76 74 Z" fill="#ffffff"/>
<rect x="30" y="76" width="60" height="5" fill="#a61d24"/>
<text x="60" y="98" text-anchor="middle" font-family="sans-serif" font-size="12" font-weight="700" fill="#0b4a82">占位</text>
</svg>
"""


def draw_campus(width: int = 1600, height: int = 700, seed: int = 14) -> Image.Image:
    """A morning campus: sky, a teaching building with a clock tower, trees and a lawn."""
    rng = random.Random(seed)
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    horizon = int(height * 0.68)
    for y in range(horizon):  # sky: deep blue to warm haze
        t = y / horizon
        draw.line([(0, y), (width, y)], fill=(int(70 + 150 * t), int(120 + 105 * t), int(185 + 50 * t)))
    for y in range(horizon, height):  # lawn
        t = (y - horizon) / (height - horizon)
        draw.line([(0, y), (width, y)], fill=(int(70 - 25 * t), int(135 - 40 * t), int(70 - 25 * t)))
    for _ in range(7):  # soft clouds
        cx, cy = rng.randint(0, width), rng.randint(40, horizon // 2)
        for _ in range(6):
            r = rng.randint(30, 70)
            ox, oy = rng.randint(-80, 80), rng.randint(-15, 15)
            draw.ellipse([cx + ox - r, cy + oy - r // 2, cx + ox + r, cy + oy + r // 2], fill=(245, 247, 250))
    image = image.filter(ImageFilter.GaussianBlur(2))
    draw = ImageDraw.Draw(image)
    # main building: a long block with windows and a central tower
    left, right, top = int(width * 0.22), int(width * 0.78), int(height * 0.38)
    draw.rectangle([left, top, right, horizon], fill=(214, 205, 190))
    draw.rectangle([left, top - 8, right, top], fill=(150, 60, 50))
    tx0, tx1 = width // 2 - 55, width // 2 + 55
    draw.rectangle([tx0, top - 150, tx1, horizon], fill=(222, 214, 200))
    draw.polygon([(tx0 - 10, top - 150), (width // 2, top - 215), (tx1 + 10, top - 150)], fill=(150, 60, 50))
    draw.ellipse(
        [width // 2 - 30, top - 130, width // 2 + 30, top - 70],
        fill=(250, 250, 245),
        outline=(90, 90, 90),
        width=3,
    )
    angle = math.radians(60)
    draw.line(
        [(width // 2, top - 100), (width // 2 + 20 * math.cos(angle), top - 100 - 20 * math.sin(angle))],
        fill=(40, 40, 40),
        width=3,
    )
    for row in range(4):
        y = top + 18 + row * 38
        for x in range(left + 20, right - 20, 42):
            if tx0 - 10 < x < tx1 + 10:
                continue
            draw.rectangle([x, y, x + 24, y + 22], fill=(95, 125, 160))
    draw.rectangle([width // 2 - 30, horizon - 70, width // 2 + 30, horizon], fill=(90, 70, 60))
    # trees along the lawn
    for x in range(-40, width + 40, 95):
        if left + 60 < x < right - 60 and rng.random() < 0.7:
            continue
        h = rng.randint(120, 200)
        base = horizon + rng.randint(5, 30)
        draw.rectangle([x - 6, base - h // 3, x + 6, base], fill=(85, 60, 40))
        shade = rng.randint(0, 30)
        draw.ellipse(
            [x - 55, base - h, x + 55, base - h // 3 + 10], fill=(40 + shade, 105 + shade, 50 + shade)
        )
    # a path to the door
    draw.polygon(
        [
            (width // 2 - 35, horizon),
            (width // 2 + 35, horizon),
            (width // 2 + 160, height),
            (width // 2 - 160, height),
        ],
        fill=(200, 195, 185),
    )
    return image.filter(ImageFilter.GaussianBlur(0.8))


def main() -> None:
    os.makedirs(TARGET, exist_ok=True)
    with open(os.path.join(TARGET, "emblem-placeholder.svg"), "w", encoding="utf-8") as handle:
        handle.write(EMBLEM)
    draw_campus().save(
        os.path.join(TARGET, "campus-sample.jpg"), "JPEG", quality=82, optimize=True, progressive=True
    )
    print(f"written to {os.path.relpath(TARGET, ROOT)}")


if __name__ == "__main__":
    main()
