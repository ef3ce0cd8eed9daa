"""Draw the placeholder portraits used by the sample achievement profiles.

No real person's photo is ever committed as sample content: these are
abstract silhouettes.  Run once: ``python tools/make_sample_portraits.py``.
"""

import os
import sys

from PIL import Image, ImageDraw

OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "content", "images", "alumni")
PALETTE = [
    ((214, 228, 240), (11, 74, 130)),
    ((240, 222, 214), (166, 29, 36)),
    ((220, 238, 224), (30, 110, 80)),
    ((232, 224, 242), (90, 60, 140)),
    ((245, 236, 214), (160, 100, 20)),
]


def portrait(path: str, index: int, size=(800, 1000)) -> None:
    background, figure = PALETTE[index % len(PALETTE)]
    w, h = size
    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    head_r = w // 6 + (index % 3) * 8
    cx, cy = w // 2, int(h * 0.38)
    draw.ellipse([cx - head_r, cy - head_r, cx + head_r, cy + head_r], fill=figure)
    draw.ellipse([cx - w // 2.6, int(h * 0.62), cx + w // 2.6, int(h * 1.25)], fill=figure)
    draw.rectangle([0, h - 40, w, h], fill=tuple(max(0, c - 30) for c in background))
    image.save(path, "JPEG", quality=80, optimize=True, progressive=True)


if __name__ == "__main__":
    names = sys.argv[1:] or [f"sample-{i:02d}" for i in range(1, 11)]
    os.makedirs(OUT, exist_ok=True)
    for i, name in enumerate(names):
        portrait(os.path.join(OUT, f"{name}.jpg"), i)
    print(f"{len(names)} portraits in {OUT}")
