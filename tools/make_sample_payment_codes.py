"""Draw the sample Alipay collection code and the sample 视频号/微博 QR codes.

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


SAMPLES = (
    ("donate/alipay-sample.png", TEXT, "#1677ff"),
    ("wechat/channels-sample.png", "示例二维码：请替换为潍坊学院校友会视频号的二维码", "#1f2328"),
    ("wechat/weibo-sample.png", "示例二维码：请替换为潍坊学院校友会官方微博的二维码", "#d52c2b"),
)


def main() -> None:
    for relative, text, colour in SAMPLES:
        buffer = io.BytesIO()
        segno.make(text, error="m", mask=0).save(buffer, kind="png", scale=8, border=3, dark=colour)
        image = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
        target = ROOT / "content" / "images" / relative
        image.save(target, optimize=True)  # PIL writes no metadata unless asked
        shutil.copyfile(target, ROOT / "tests" / "fixtures" / "content" / "images" / relative)


if __name__ == "__main__":
    main()
