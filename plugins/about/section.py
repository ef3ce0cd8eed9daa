"""关于校友会 as a registered section: 会长致辞 (with photo), 大事记 and the footer's official accounts.

The message body is rendered like every body (sanitised, images measured) and
its ``{filename}`` links resolved in the output phase; the photo is published
only as derivatives without metadata.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

from plugins.common.errors import ContentError
from plugins.common.images import check_image_file
from plugins.common.photos import ProcessedPhoto, decode_errors
from plugins.common.section import (
    Body,
    ImageRef,
    LoadContext,
    Loaded,
    PageSpec,
    RenderContext,
    Route,
    Routes,
    Section,
)

from .model import AboutConfig, Account, Message, Milestone, load_about
from .settings import about_config


@dataclass(frozen=True)
class About:
    """The section's content: the published message (or ``None``) and the timeline, oldest first."""

    message: Message | None
    milestones: tuple[Milestone, ...]


@dataclass
class AboutView:
    """``views.about``: what the pages and the footer show."""

    message: Message | None
    photo: ProcessedPhoto | None
    html: str
    milestones: tuple[Milestone, ...]
    accounts: tuple[Account, ...]
    urls: dict
    content: str = ""  # ``html`` with links resolved, set in the output phase


def load(context: LoadContext) -> Loaded:
    config: AboutConfig = context.config
    root, sizes = context.root, context.sizes
    message, milestones, errors = load_about(root, config, sizes)
    if message and message.photo:
        photo = [(message.path, message.photo_line, message.photo)]
        errors += decode_errors(photo, root, context.cache, config.photo_widths, "照片", sizes.limits)
    for account in config.accounts:
        for error in check_image_file(
            "/" + account.image, 0, "pelicanconf.py", os.path.join(root, "x"), root, sizes
        ):
            message_text = f"ABOUT_ASSOCIATION['accounts']（{account.name}）：{error.message}"
            errors.append(ContentError("pelicanconf.py", 0, error.key, message_text, "ABOUT_ASSOCIATION"))
    if message and message.status != "published":
        message = None
    bodies = (Body.of(message.path, message.source_path, message.body, message.body_line),) if message else ()
    images = tuple(ImageRef(a.image, "pelicanconf.py", 0) for a in config.accounts)  # footer QR codes
    return Loaded(About(message, tuple(milestones)), tuple(errors), bodies=bodies, images=images)


def pages(about: About, routes: Routes) -> Iterable[PageSpec]:
    if about.message:
        yield routes.page("ABOUT_MESSAGE", "about/message", source=about.message.source_path)
    if about.milestones:
        yield routes.page("ABOUT_MILESTONES", "about/milestones")


def views(about: About, render: RenderContext) -> AboutView:
    config: AboutConfig = render.config("about")
    message, photo, html = about.message, None, ""
    if message:
        if message.photo:
            photo = render.photo(message.photo, config.photo_widths)
        html = render.body(message.body, message.source_path, message.path, message.body_line)
    urls = {}
    if message:
        urls["message"] = render.routes.url("ABOUT_MESSAGE")
    if about.milestones:
        urls["milestones"] = render.routes.url("ABOUT_MILESTONES")
    return AboutView(message, photo, html, about.milestones, config.accounts, urls)


def publish(view: AboutView, render: RenderContext) -> None:
    if view.message:
        view.content = render.linked(view.html, view.message.title, "ABOUT_MESSAGE", view.message.source_path)
        render.publish_photos([view.photo])


SECTION = Section(
    name="about",
    setting="ABOUT_ASSOCIATION",
    configure=about_config,
    load=load,
    routes=(
        Route("ABOUT_MESSAGE", "about/message/", "about/message/index.html"),
        Route("ABOUT_MILESTONES", "about/milestones/", "about/milestones/index.html"),
    ),
    pages=pages,
    views=views,
    publish=publish,
)
