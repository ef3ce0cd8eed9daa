"""Pelican adapter for 会长致辞, 大事记 and the footer's official accounts.

Phase one renders the message body and processes the photo (derivatives
without EXIF); phase two writes ``ABOUT_MESSAGE_*`` and ``ABOUT_MILESTONES_*``
(each only when its content exists) and copies the photo derivatives.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from pelican.generators import Generator

from plugins.common.images import ImageSizes
from plugins.common.markdown_images import BodyRenderer
from plugins.common.pelican_content import publish_photos, trusted_html, write_page
from plugins.common.photos import ProcessedPhoto, process_photo


@dataclass
class AboutView:
    """What templates show: ``context["about"]``."""

    message: object | None  # plugins.about.model.Message
    photo: ProcessedPhoto | None
    html: str
    milestones: tuple
    accounts: tuple
    urls: dict
    content: str = ""  # ``html`` with links resolved, set in the output phase


class AboutGenerator(Generator):
    def generate_context(self):
        s, site = self.settings, self.context["site"]
        config = site.config.about
        message, photo, html = site.about_message, None, ""
        if message:
            if message.photo:
                photo = process_photo(
                    os.path.join(self.path, message.photo), s["PHOTO_CACHE_PATH"], config.photo_widths
                )
            renderer = BodyRenderer.for_site(s, self.path, ImageSizes())
            html = renderer.render(message.body, message.source_path, message.path, message.body_line)
        urls = {}
        if message:
            urls["message"] = s["ABOUT_MESSAGE_URL"]
        if site.milestones:
            urls["milestones"] = s["ABOUT_MILESTONES_URL"]
        self.view = AboutView(message, photo, html, site.milestones, config.accounts, urls)
        self.context["about"] = self.view

    def generate_output(self, writer):
        s, view = self.settings, self.view
        if view.message:
            view.content = trusted_html(
                view.html,
                view.message.title,
                s["ABOUT_MESSAGE_URL"],
                s["ABOUT_MESSAGE_SAVE_AS"],
                s,
                view.message.source_path,
                self.context,
            )
            write_page(self, writer, "ABOUT_MESSAGE", "about/message")
            publish_photos(self, [view.photo])
        if view.milestones:
            write_page(self, writer, "ABOUT_MILESTONES", "about/milestones")


def get_generators(pelican):
    return AboutGenerator
