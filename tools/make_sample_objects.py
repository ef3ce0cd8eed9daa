"""Draw the placeholder photos of the sample 校友之家: donated objects and old photos.

No real photograph is committed as sample content: these are simple
drawings, toned like old prints for the memories.  Run once:
``python tools/make_sample_objects.py``.
"""

import os

from PIL import Image, ImageDraw, ImageOps

ROOT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "content", "images")
OBJECTS = ["typewriter", "radio", "globe", "bookcase", "computer", "painting"]
MEMORIES = [
    "library-1985",
    "dorm-1992",
    "sports-1978",
    "lab-2003",
    "gate-1965",
    "concert-1998",
    "graduation-2008",
    "canteen-1988",
]


def object_photo(path: str, index: int, size=(1200, 900)) -> None:
    w, h = size
    image = Image.new("RGB", size, (236, 232, 224))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, int(h * 0.72), w, h], fill=(200, 190, 175))  # a table
    colour = [(60, 60, 70), (120, 70, 40), (30, 90, 140), (140, 100, 60), (200, 200, 195), (150, 40, 40)][
        index
    ]
    cx, cy = w // 2, int(h * 0.5)
    if index % 3 == 0:
        draw.rounded_rectangle([cx - 300, cy - 150, cx + 300, cy + 200], radius=40, fill=colour)
    elif index % 3 == 1:
        draw.ellipse([cx - 220, cy - 260, cx + 220, cy + 180], fill=colour)
        draw.rectangle([cx - 20, cy + 180, cx + 20, int(h * 0.72)], fill=(90, 80, 70))
    else:
        draw.rectangle([cx - 260, cy - 300, cx + 260, cy + 200], fill=colour)
        draw.rectangle([cx - 220, cy - 260, cx + 220, cy + 160], fill=(240, 235, 220))
    image.save(path, "JPEG", quality=82, optimize=True, progressive=True)


def memory_photo(path: str, index: int, size=(1200, 800)) -> None:
    w, h = size
    image = Image.new("L", size, 170)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, int(h * 0.65), w, h], fill=120)  # the ground
    for i in range(3 + index % 3):  # buildings
        x = 80 + i * 330
        top = int(h * (0.25 + 0.05 * ((i + index) % 3)))
        draw.rectangle([x, top, x + 260, int(h * 0.65)], fill=90 + 15 * (i % 3))
        for row in range(top + 30, int(h * 0.6), 70):
            for col in range(x + 25, x + 240, 60):
                draw.rectangle([col, row, col + 30, row + 35], fill=200)
    for i in range(4 + index):  # people
        x = 120 + (i * 137 + index * 53) % (w - 240)
        draw.ellipse([x, int(h * 0.68), x + 36, int(h * 0.68) + 36], fill=40)
        draw.rectangle([x + 4, int(h * 0.68) + 36, x + 32, int(h * 0.68) + 110], fill=40)
    sepia = ImageOps.colorize(image, (50, 35, 20), (245, 230, 200))
    sepia.save(path, "JPEG", quality=80, optimize=True, progressive=True)


if __name__ == "__main__":
    for folder, names, draw in (("gifts", OBJECTS, object_photo), ("memories", MEMORIES, memory_photo)):
        os.makedirs(os.path.join(ROOT, folder), exist_ok=True)
        for i, name in enumerate(names):
            draw(os.path.join(ROOT, folder, f"{name}-sample.jpg"), i)
    print(f"{len(OBJECTS)} object photos and {len(MEMORIES)} memory photos in {ROOT}")
