"""校友影像 as a registered section: albums, their pages and the photos they publish.

Photos are decoded when the graph loads (a broken one is an error at its
``path:line``) and published only as derivatives without metadata.
"""

from __future__ import annotations

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

from .model import Album, AlbumPhoto, AlbumsConfig, load_albums
from .settings import albums_config


@dataclass(frozen=True)
class PhotoView:
    meta: AlbumPhoto
    photo: ProcessedPhoto


@dataclass(frozen=True)
class AlbumView:
    meta: Album
    url: str
    photos: tuple[PhotoView, ...]

    @property
    def cover(self) -> PhotoView:
        return self.photos[0]


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
    albums, errors = load_albums(context.root, config, context.sizes)
    photos = [(a.path, p.line, p.src) for a in albums for p in a.photos]
    errors += decode_errors(
        photos, context.root, context.cache, config.photo_widths, "照片", context.sizes.limits
    )
    return Loaded(tuple(a for a in albums if a.status == "published"), tuple(errors))


def pages(albums: tuple[Album, ...], routes: Routes) -> Iterable[PageSpec]:
    return archive_pages(albums, routes, "ALBUMS", "ALBUM", "albums", "album")


def views(albums: tuple[Album, ...], render: RenderContext) -> AlbumsView:
    config: AlbumsConfig = render.config("albums")
    made = tuple(
        AlbumView(
            album,
            render.routes.url("ALBUM", id=album.id),
            tuple(PhotoView(p, render.photo(p.src, config.photo_widths)) for p in album.photos),
        )
        for album in albums
    )
    return AlbumsView(render.routes.url("ALBUMS"), made, {a.meta.id: a for a in made})


def publish(view: AlbumsView, render: RenderContext) -> None:
    render.publish_photos(p.photo for album in view.albums for p in album.photos)


SECTION = Section(
    name="albums",
    setting="ALBUMS",
    configure=albums_config,
    load=load,
    routes=(
        Route("ALBUMS", "albums/", "albums/index.html"),
        Route("ALBUM", "albums/{id}/", "albums/{id}/index.html"),
    ),
    pages=pages,
    views=views,
    publish=publish,
)

__all__ = ["SECTION"]
