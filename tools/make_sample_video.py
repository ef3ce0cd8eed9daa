"""Make the sample video of 校友影像 (H.264 MP4, its poster and its Chinese captions) with PyAV.

    python tools/make_sample_video.py content
    python tools/make_sample_video.py tests/fixtures/content --phone-metadata

Writes ``files/videos/campus-sample.mp4`` (a few seconds of a drawn title card,
well under 200 KB), ``files/videos/campus-sample.vtt`` and
``images/albums/campus-sample-poster.jpg`` under the given content folder.
``--phone-metadata`` adds what a phone writes (a GPS position in ``©xyz``, a
creation time, a title): the fixture's copy proves that the build strips it.
:func:`write_video` is also what the tests use to craft MP4 files.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from pathlib import Path

FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
# What a phone's camera app writes (the build must strip all of it).
PHONE_METADATA = {
    "location": "+36.7100+119.1000/",
    "creation_time": "2025-05-01T10:00:00Z",
    "title": "IMG_0421",
    "comment": "Apple iPhone 15",
}
CAPTIONS = """WEBVTT

00:00.000 --> 00:02.000
潍坊学院校友会（示例视频）

00:02.000 --> 00:04.000
欢迎校友常回母校看看
"""


def write_video(
    path: Path,
    metadata: Mapping[str, str] | None = None,
    seconds: float = 1.0,
    size: tuple[int, int] = (64, 36),
    fps: int = 10,
    draw: Callable | None = None,
    codec: str = "libx264",
    container: str = "mp4",
) -> None:
    """An MP4 of ``seconds`` of drawn frames (``draw(image, index)``), with ``metadata`` as a phone writes it.

    The ``mp4`` muxer writes a location as a 3GPP ``loci`` box; ``container="mov"``
    writes it as QuickTime's ``©xyz`` (what iPhones and many Android phones do).
    """
    import av
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(path), "w", format=container) as out:
        for key, value in (metadata or {}).items():
            out.metadata[key] = value
        stream = out.add_stream(codec, rate=fps)
        stream.width, stream.height = size
        stream.pix_fmt = "yuv420p"
        if codec == "libx264":
            stream.options = {"crf": "30", "preset": "veryslow", "tune": "stillimage"}
        for index in range(round(seconds * fps)):
            image = Image.new("RGB", size, (20, 60 + index * 3 % 120, 120))
            if draw:
                draw(image, index)
            for packet in stream.encode(av.VideoFrame.from_image(image)):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)


def _title_card(image, index: int) -> None:
    from PIL import ImageDraw, ImageFont

    canvas = ImageDraw.Draw(image)
    width, height = image.size
    font = ImageFont.truetype(FONT, height // 9)
    text = "潍坊学院校友会" if index < 20 else "欢迎校友常回母校看看"
    canvas.text((width / 2, height / 2), text, fill="white", font=font, anchor="mm")
    canvas.rectangle((0, height - 8, width * (index + 1) / 40, height), fill=(240, 180, 60))


def make_sample(content: Path, phone_metadata: bool = False) -> None:
    from PIL import Image

    videos = content / "files" / "videos"
    write_video(
        videos / "campus-sample.mp4",
        PHONE_METADATA if phone_metadata else None,
        seconds=4,
        size=(640, 360),
        draw=_title_card,
    )
    (videos / "campus-sample.vtt").write_text(CAPTIONS, encoding="utf-8")
    poster = Image.new("RGB", (640, 360), (20, 60, 120))
    _title_card(poster, 0)
    (content / "images" / "albums").mkdir(parents=True, exist_ok=True)
    poster.save(content / "images" / "albums" / "campus-sample-poster.jpg", quality=85)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("--phone-metadata", action="store_true")
    args = parser.parse_args()
    make_sample(args.content, args.phone_metadata)


if __name__ == "__main__":
    main()
