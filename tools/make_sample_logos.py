"""Draw the placeholder logos used by the sample alumni enterprises.

No real company's logo is committed as sample content: these are abstract
shapes with the enterprise's initial letter.  Run once:
``python tools/make_sample_logos.py``.
"""

import os

from PIL import Image, ImageDraw

OUT = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "content", "images", "enterprises"
)
LOGOS = [
    ("yunzhi", (11, 74, 130)),
    ("hengyuan", (166, 29, 36)),
    ("lvye", (30, 110, 80)),
    ("mingde", (90, 60, 140)),
    ("haiyun", (20, 110, 150)),
    ("kangning", (160, 100, 20)),
    ("jinxiu", (120, 40, 90)),
    ("zhilian", (60, 90, 60)),
]


def logo(path: str, index: int, colour: tuple[int, int, int], size: int = 480) -> None:
    image = Image.new("RGB", (size, size), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    margin = size // 8
    if index % 3 == 0:
        draw.ellipse([margin, margin, size - margin, size - margin], fill=colour)
    elif index % 3 == 1:
        draw.rounded_rectangle([margin, margin, size - margin, size - margin], radius=size // 6, fill=colour)
    else:
        draw.polygon(
            [(size // 2, margin), (size - margin, size - margin), (margin, size - margin)], fill=colour
        )
    inner = size // 2 - margin // 2
    draw.ellipse([inner, inner, size - inner, size - inner], fill=(255, 255, 255))
    image.save(path, "PNG", optimize=True)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    for i, (name, colour) in enumerate(LOGOS):
        logo(os.path.join(OUT, f"{name}-sample.png"), i, colour)
    print(f"{len(LOGOS)} logos in {OUT}")
