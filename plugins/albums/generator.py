"""Pelican adapter for albums: derivatives in phase one; /albums/, each album and its videos in phase two.

Videos are written here as copies without metadata (cached by source bytes,
:func:`plugins.common.videosafety.published_video`) with their captions beside
them: content/files/ is never copied as it is.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from pelican.generators import Generator

from plugins.common.pelican_content import publish_photos, write_page
from plugins.common.photos import ProcessedPhoto, process_photo
from plugins.common.videosafety import CAPTIONS_LANGUAGE, copy_published, published_video


@dataclass(frozen=True)
class PhotoView:
    meta: object  # plugins.albums.model.AlbumPhoto
    photo: ProcessedPhoto


@dataclass(frozen=True)
class VideoView:
    meta: object  # plugins.albums.model.AlbumVideo
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
    meta: object  # plugins.albums.model.Album
    url: str
    photos: tuple[PhotoView, ...]
    videos: tuple[VideoView, ...] = ()

    @property
    def cover(self) -> ProcessedPhoto:
        """The first photo, or the first video's poster in an album of videos."""
        return self.photos[0].photo if self.photos else self.videos[0].poster


class AlbumsGenerator(Generator):
    def generate_context(self):
        s, site = self.settings, self.context["site"]
        config = site.config.albums
        self.albums = []
        for album in site.albums:
            photos = tuple(
                PhotoView(
                    p,
                    process_photo(os.path.join(self.path, p.src), s["PHOTO_CACHE_PATH"], config.photo_widths),
                )
                for p in album.photos
            )
            videos = []
            for number, video in enumerate(album.videos, 1):
                slots = {"id": album.id, "number": number}
                videos.append(
                    VideoView(
                        video,
                        process_photo(
                            os.path.join(self.path, video.poster), s["PHOTO_CACHE_PATH"], config.photo_widths
                        ),
                        s["ALBUM_VIDEO_URL"].format(**slots),
                        s["ALBUM_VIDEO_SAVE_AS"].format(**slots),
                        s["ALBUM_CAPTIONS_URL"].format(**slots),
                        s["ALBUM_CAPTIONS_SAVE_AS"].format(**slots),
                    )
                )
            self.albums.append(AlbumView(album, s["ALBUM_URL"].format(id=album.id), photos, tuple(videos)))
        self.context["albums"] = self.albums

    def generate_output(self, writer):
        if not self.albums:
            return
        publish_photos(self, [p.photo for album in self.albums for p in album.photos])
        publish_photos(self, [v.poster for album in self.albums for v in album.videos])
        cache = os.path.join(self.settings["PHOTO_CACHE_PATH"], "videos")
        for video in (v for album in self.albums for v in album.videos):
            source = published_video(os.path.join(self.path, video.meta.src), cache)
            copy_published(source, os.path.join(self.output_path, video.save_as))
            # Checked when the graph was loaded (WebVTT, Chinese, no personal data): published as written.
            copy_published(
                os.path.join(self.path, video.meta.captions),
                os.path.join(self.output_path, video.captions_save_as),
            )
        write_page(self, writer, "ALBUMS", "albums/index")
        for album in self.albums:
            write_page(self, writer, "ALBUM", "albums/album", {"id": album.meta.id}, album=album)


def get_generators(pelican):
    return AlbumsGenerator
