"""Video safety: what a self-hosted video must be before it is published, and the copy that is.

A phone's MP4 carries its own metadata: the place it was shot (``©xyz`` in
the user data box, Apple's ``com.apple.quicktime.location.ISO6709``), the
creation time, the device's make and model, sometimes a GPS data track
(dashcams, action cameras) or XMP.  None of that may reach readers, so a video
is published only as a copy *remuxed* by FFmpeg's libraries (PyAV): the
compressed video and audio packets are copied unchanged (no re-encoding, no
quality loss) into a new MP4 that has no global or stream metadata, zero
creation times (``+bitexact``), only the video and audio streams, and its index
in front (``+faststart``) so that a phone can start playing before the whole
file has arrived.

Every video needs captions: a WebVTT file in Chinese, read by ``webvtt-py``
and scanned for personal data like every text (errors point at the caption
file's own lines).  The output scan (:mod:`plugins.common.privacy`) reads the
published MP4's metadata back (:mod:`plugins.common.videometa`) and refuses any
key that is not a technical label.

Pure: no Pelican import.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import astuple

from .cache import cache_key, code_hash, file_digest, file_stamp, json_memo, stable_repr
from .dates import clock_today
from .errors import ContentError
from .limits import DEFAULT_LIMITS, Limits
from .privacy import PrivacyPolicy
from .privacyerrors import personal_data_errors
from .versions import library_version

VIDEO_EXTENSIONS = (".mp4",)
CAPTIONS_EXTENSIONS = (".vtt",)
# What every phone browser and WeChat's in-app browser plays in an MP4.
VIDEO_CODECS = frozenset({"h264"})
AUDIO_CODECS = frozenset({"aac", "mp3"})
CAPTIONS_LANGUAGE = "zh-Hans"
_MUXER_OPTIONS = {"movflags": "+faststart", "fflags": "+bitexact"}
_HAN = re.compile(r"[\u4e00-\u9fff]")
PUBLISHED_FILE_MODE = 0o644


VIDEO_CACHE_FOLDER = "videos"  # below the build's cache root, beside the published copies


def video_problems(
    source: str, limits: Limits = DEFAULT_LIMITS, cache: str | None = None
) -> list[tuple[str, str]]:
    """``(key, message)`` for every reason ``source`` cannot be published; [] when it can.

    Every packet is read (not decoded), so a truncated upload is found now,
    not when the copy is written.  That reading is a pure function of the
    bytes, the limits, this code and PyAV's version: with ``cache`` (the build's
    cache root) ``invoke check`` does it once per video, not on every check.
    """
    size = os.path.getsize(source)
    if size > limits.video_bytes:
        return _video_problems(source, limits)
    stamp = file_stamp(source)
    key = cache_key(file_digest(source), stable_repr(limits), code_hash(__name__), library_version("av"))
    found = json_memo(
        cache,
        VIDEO_CACHE_FOLDER,
        f"check-{key}",
        lambda: _video_problems(source, limits),
        unchanged=lambda: file_stamp(source) == stamp,
    )
    return [(str(k), str(m)) for k, m in found]


def _video_problems(source: str, limits: Limits) -> list[tuple[str, str]]:
    import av

    size = os.path.getsize(source)
    if size > limits.video_bytes:
        return [
            (
                "file-too-large",
                f"视频太大（{size / 1024 / 1024:.0f} MB，最多 {limits.video_bytes // (1024 * 1024)} MB）："
                "请剪短或用较低的清晰度（如 720p）重新导出",
            )
        ]
    export = "请用剪映、格式工厂或手机相册的“导出”重新导出为 MP4（H.264 编码）"
    try:
        with av.open(source, metadata_errors="ignore") as container:
            if "mp4" not in container.format.name.split(","):
                return [("video-unreadable", f"文件不是 MP4 视频：{export}")]
            videos = list(container.streams.video)
            audios = list(container.streams.audio)
            if not videos:
                return [("video-unreadable", f"文件中没有视频画面：{export}")]
            codecs = {s.codec_context.name for s in videos} | {s.codec_context.name for s in audios}
            if {s.codec_context.name for s in videos} - VIDEO_CODECS or {
                s.codec_context.name for s in audios
            } - AUDIO_CODECS:
                return [
                    (
                        "video-codec",
                        f"视频编码（{'、'.join(sorted(codecs))}）手机浏览器不一定能播放：{export}",
                    )
                ]
            for _packet in container.demux(videos + audios):
                pass
    except Exception as exc:  # any failure of the demuxer on these untrusted bytes is the editor's file
        if isinstance(exc, (KeyboardInterrupt, MemoryError)):
            raise
        return [("video-unreadable", f"视频已损坏或不完整，无法读取（{type(exc).__name__}）：{export}")]
    return []


def strip_video_metadata(source: str, target: str) -> None:
    """Write ``target``: the video and audio packets of ``source`` in a new MP4 without metadata."""
    import av

    folder = os.path.dirname(target) or "."
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(suffix=".mp4", dir=folder)
    os.close(handle)
    try:
        with av.open(source, metadata_errors="ignore") as inp:
            keep = list(inp.streams.video) + list(inp.streams.audio)
            with av.open(temporary, "w", format="mp4", options=_MUXER_OPTIONS) as out:
                streams = {}
                for stream in keep:
                    copy = out.add_stream_from_template(stream)
                    copy.metadata.clear()  # nothing of the source's labels, language included
                    streams[stream.index] = copy
                for packet in inp.demux(keep):
                    if packet.dts is None:  # the demuxer's flush packet
                        continue
                    packet.stream = streams[packet.stream.index]
                    out.mux(packet)
        os.chmod(temporary, PUBLISHED_FILE_MODE)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def published_video(source: str, cache_dir: str) -> str:
    """The path of ``source``'s published copy in ``cache_dir`` (made if missing or damaged).

    Keyed by the source bytes, this module's code and PyAV's version; an entry
    is used only if it still has the SHA-256 recorded beside it.
    """
    import av

    digest = hashlib.sha256()
    with open(source, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    key = cache_key(code_hash(__name__), av.__version__, digest.digest())
    entry = os.path.join(cache_dir, f"{key}.mp4")
    record = entry + ".sha256"
    if os.path.isfile(entry) and os.path.isfile(record):
        with open(record, encoding="ascii") as handle:
            if handle.read().strip() == _file_sha256(entry):
                return entry
    strip_video_metadata(source, entry)
    with open(record, "w", encoding="ascii") as handle:
        handle.write(_file_sha256(entry))
    return entry


def _file_sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def copy_published(path: str, target: str) -> None:
    """Copy a cached published file to the output (world-readable: nginx runs as another user)."""
    os.makedirs(os.path.dirname(target), exist_ok=True)
    shutil.copyfile(path, target)
    os.chmod(target, PUBLISHED_FILE_MODE)


def captions_errors(
    source: str,
    path: str,
    limits: Limits = DEFAULT_LIMITS,
    policy: PrivacyPolicy | None = None,
    today: datetime.date | None = None,
    cache: str | None = None,
) -> list[ContentError]:
    """Errors of a WebVTT captions file, at its own lines (``path`` is how it is shown).

    With ``cache``, kept under a key of everything they depend on (the file's
    bytes, how it is shown, the limits, the privacy policy, ``today``, this
    code and webvtt-py's version).
    """
    with open(source, "rb") as handle:
        raw = handle.read(limits.captions_bytes + 1)
    today = (
        today or clock_today()
    )  # the day the detector judges by is in the key, never the clock's later day
    key = cache_key(
        raw, path, stable_repr(limits), stable_repr(policy), repr(today), code_hash(__name__),
        library_version("webvtt-py"),
    )  # fmt: skip
    found = json_memo(
        cache,
        VIDEO_CACHE_FOLDER,
        f"captions-{key}",
        lambda: [astuple(e) for e in _captions_errors(source, path, limits, policy, today)],
        unchanged=lambda: _read_head(source, limits.captions_bytes + 1) == raw,
    )
    return [ContentError(*error) for error in found]


def _read_head(source: str, size: int) -> bytes:
    with open(source, "rb") as handle:
        return handle.read(size)


def _captions_errors(
    source: str,
    path: str,
    limits: Limits,
    policy: PrivacyPolicy | None,
    today: datetime.date | None,
) -> list[ContentError]:
    import webvtt
    from webvtt.errors import MalformedFileError

    fix = "字幕文件应为 WebVTT 格式（.vtt，UTF-8 编码）：第一行写 WEBVTT，每条字幕写时间和文字，例如 00:00.000 --> 00:03.000"
    size = os.path.getsize(source)
    if size > limits.captions_bytes:
        return [
            ContentError(
                path,
                0,
                "file-too-large",
                f"字幕文件太大（最多 {limits.captions_bytes // 1024} KB）：请检查内容",
            )
        ]
    with open(source, "rb") as handle:
        raw = handle.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [ContentError(path, 0, "captions-invalid", f"字幕文件不是 UTF-8 编码：{fix}")]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        cues = list(webvtt.from_string(text).captions)
    except MalformedFileError:
        return [ContentError(path, 1, "captions-invalid", f"字幕文件格式不正确：{fix}")]
    words = "".join(cue.text for cue in cues)
    if not words.strip():
        return [ContentError(path, 1, "captions-empty", f"字幕文件中没有字幕文字：{fix}")]
    if not _HAN.search(words):
        return [
            ContentError(
                path, 1, "captions-not-chinese", "字幕应为中文（网站标注为简体中文字幕）：请提供中文字幕"
            )
        ]
    return personal_data_errors(text, path, 1, "字幕", policy, today)
