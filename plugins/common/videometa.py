"""What an MP4 says about itself: its metadata as FFmpeg reads it, and which keys are only technical.

Shared by the video intake (:mod:`plugins.common.videosafety`, which publishes
remuxed copies without metadata) and the output scan
(:mod:`plugins.common.privacy`, which reads every built MP4 back): in a module
of its own so that neither imports the other.  Pure: no Pelican import.
"""

from __future__ import annotations

import io

# Metadata keys the published copy may have: container brands and per-stream technical labels.
TECHNICAL_KEYS = frozenset(
    {"major_brand", "minor_version", "compatible_brands", "handler_name", "vendor_id", "language"}
)


def video_metadata(raw: bytes) -> dict[str, str]:
    """Every metadata entry of an MP4 as FFmpeg reads it (``format:key``, ``stream0:key`` …).

    XMP is exported too.  ``ValueError`` if the bytes are not a readable video.
    """
    import av

    try:
        with av.open(io.BytesIO(raw), options={"export_xmp": "1"}, metadata_errors="replace") as container:
            found = {f"format:{k}": str(v) for k, v in container.metadata.items()}
            for stream in container.streams:
                found.update({f"stream{stream.index}:{k}": str(v) for k, v in stream.metadata.items()})
                if stream.type not in ("video", "audio"):
                    found[f"stream{stream.index}:type"] = stream.type  # a data or subtitle track
    except Exception as exc:
        if isinstance(exc, (KeyboardInterrupt, MemoryError)):
            raise
        raise ValueError(f"unreadable video: {type(exc).__name__}") from exc
    return found


def unexpected_metadata(found: dict[str, str]) -> list[str]:
    """The keys of :func:`video_metadata` that a published copy must not have."""
    return sorted(key for key in found if key.split(":", 1)[1] not in TECHNICAL_KEYS)
