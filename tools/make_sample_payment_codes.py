"""Draw the sample Alipay collection code (content/images/donate/alipay-sample.png).

It is a real QR code whose text says it is a sample, so scanning it pays nobody;
the publish guard refuses 示例 images, and the foundation's official code replaces it.
Run: .venv/bin/python tools/make_sample_payment_codes.py
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import segno
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
TEXT = "示例收款码：请替换为潍坊学院教育发展基金会的官方支付宝收款码"


def main() -> None:
    buffer = io.BytesIO()
    segno.make(TEXT, error="m", mask=0).save(buffer, kind="png", scale=8, border=3, dark="#1677ff")
    image = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    target = ROOT / "content" / "images" / "donate" / "alipay-sample.png"
    image.save(target, optimize=True)  # PIL writes no metadata unless asked
    shutil.copyfile(
        target, ROOT / "tests" / "fixtures" / "content" / "images" / "donate" / "alipay-sample.png"
    )


if __name__ == "__main__":
    main()
