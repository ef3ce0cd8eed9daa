"""校友影像 as a registered section: albums, their pages, the photos and videos they publish.

Photos and video posters are decoded when the graph loads (a broken one is an
error at its ``path:line``) and published only as derivatives without
metadata.  Videos are published as copies without metadata (cached by source
bytes, :func:`plugins.common.videosafety.published_video`) with their captions
beside them: content/files/ is never copied as it is.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from plugins.common.photos import ProcessedPhoto, decode_errors
from plugins.common.section import (
    LoadContext,
    Loaded,
    PageSpec,
    RenderContext,
    Route,
    Routes,
    Section,
    archive_pages,
)
from plugins.common.videosafety import CAPTIONS_LANGUAGE, copy_published, published_video

from .model import Album, AlbumPhoto, AlbumsConfig, AlbumVideo, load_albums
from .settings import albums_config


@dataclass(frozen=True)
class PhotoView:
    meta: AlbumPhoto
    photo: ProcessedPhoto


@dataclass(frozen=True)
class VideoView:
    meta: AlbumVideo
    poster: ProcessedPhoto
    url: str
    save_as: str
    captions_url: str
    captions_save_as: str
    captions_language: str = CAPTIONS_LANGUAGE

    @property
    def poster_file(self) -> str:
        """The poster's JPEG at phone width or wider (one URL: ``poster`` has no srcset)."""
        wide = [d for d in self.poster.derivatives if d.width >= 640]
        return (wide[0] if wide else self.poster.largest).jpeg


@dataclass(frozen=True)
class AlbumView:
    meta: Album
    url: str
    photos: tuple[PhotoView, ...]
    videos: tuple[VideoView, ...] = ()

    @property
    def cover(self) -> ProcessedPhoto:
        """The first photo, or the first video's poster in an album of videos."""
        return self.photos[0].photo if self.photos else self.videos[0].poster


@dataclass(frozen=True)
class AlbumsView:
    """``views.albums``: the albums, newest first, and the archive's address."""

    url: str
    albums: tuple[AlbumView, ...]
    items: Mapping[str, AlbumView] = field(default_factory=dict)

    def __iter__(self) -> Iterator[AlbumView]:
        return iter(self.albums)

    def __len__(self) -> int:
        return len(self.albums)


def load(context: LoadContext) -> Loaded:
    config: AlbumsConfig = context.config
    privacy = context.site_config.privacy
    albums, errors = load_albums(context.root, config, context.sizes, privacy, context.today, context.cache)
    photos = [(a.path, p.line, p.src) for a in albums for p in a.photos]
    photos += [(a.path, v.poster_line, v.poster) for a in albums for v in a.videos]
    errors += decode_errors(
        photos, context.root, context.cache, config.photo_widths, "照片", context.sizes.limits
    )
    return Loaded(tuple(a for a in albums if a.status == "published"), tuple(errors))


def pages(albums: tuple[Album, ...], routes: Routes) -> Iterable[PageSpec]:
    return archive_pages(albums, routes, "ALBUMS", "ALBUM", "albums", "album")


def views(albums: tuple[Album, ...], render: RenderContext) -> AlbumsView:
    config: AlbumsConfig = render.config("albums")
    routes = render.routes
    made = tuple(
        AlbumView(
            album,
            routes.url("ALBUM", id=album.id),
            tuple(PhotoView(p, render.photo(p.src, config.photo_widths)) for p in album.photos),
            tuple(
                VideoView(
                    video,
                    render.photo(video.poster, config.photo_widths),
                    routes.url("ALBUM_VIDEO", id=album.id, number=str(number)),
                    routes.save_as("ALBUM_VIDEO", id=album.id, number=str(number)),
                    routes.url("ALBUM_CAPTIONS", id=album.id, number=str(number)),
                    routes.save_as("ALBUM_CAPTIONS", id=album.id, number=str(number)),
                )
                for number, video in enumerate(album.videos, 1)
            ),
        )
        for album in albums
    )
    return AlbumsView(render.routes.url("ALBUMS"), made, {a.meta.id: a for a in made})


def publish(view: AlbumsView, render: RenderContext) -> None:
    render.publish_photos(p.photo for album in view.albums for p in album.photos)
    render.publish_photos(v.poster for album in view.albums for v in album.videos)
    cache = os.path.join(render.settings["PHOTO_CACHE_PATH"], "videos")
    for video in (v for album in view.albums for v in album.videos):
        source = published_video(os.path.join(render.content_root, video.meta.src), cache)
        copy_published(source, os.path.join(render.output_path, video.save_as))
        # Checked when the graph was loaded (WebVTT, Chinese, no personal data): published as written.
        captions = os.path.join(render.content_root, video.meta.captions)
        copy_published(captions, os.path.join(render.output_path, video.captions_save_as))


SECTION = Section(
    name="albums",
    setting="ALBUMS",
    configure=albums_config,
    load=load,
    routes=(
        Route("ALBUMS", "albums/", "albums/index.html"),
        Route("ALBUM", "albums/{id}/", "albums/{id}/index.html"),
        # Videos (published without metadata) and their captions, numbered in the album's order.
        Route("ALBUM_VIDEO", "albums/{id}/video-{number}.mp4", "albums/{id}/video-{number}.mp4"),
        Route(
            "ALBUM_CAPTIONS",
            "albums/{id}/video-{number}.zh-Hans.vtt",
            "albums/{id}/video-{number}.zh-Hans.vtt",
        ),
    ),
    pages=pages,
    views=views,
    publish=publish,
)

__all__ = ["SECTION"]
