"""Pelican adapter for albums: derivatives in phase one, /albums/ and each album in phase two."""

from __future__ import annotations

import os
from dataclasses import dataclass

from pelican.generators import Generator

from plugins.common.pelican_content import publish_photos, write_page
from plugins.common.photos import ProcessedPhoto, process_photo


@dataclass(frozen=True)
class PhotoView:
    meta: object  # plugins.albums.model.AlbumPhoto
    photo: ProcessedPhoto


@dataclass(frozen=True)
class AlbumView:
    meta: object  # plugins.albums.model.Album
    url: str
    photos: tuple[PhotoView, ...]

    @property
    def cover(self) -> PhotoView:
        return self.photos[0]


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
            self.albums.append(AlbumView(album, s["ALBUM_URL"].format(id=album.id), photos))
        self.context["albums"] = self.albums

    def generate_output(self, writer):
        if not self.albums:
            return
        publish_photos(self, [p.photo for album in self.albums for p in album.photos])
        write_page(self, writer, "ALBUMS", "albums/index")
        for album in self.albums:
            write_page(self, writer, "ALBUM", "albums/album", {"id": album.meta.id}, album=album)


def get_generators(pelican):
    return AlbumsGenerator
