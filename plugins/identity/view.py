"""What templates receive as ``views.identity``: computed once from the graph's config.

Pure: no Pelican import.  The palette CSS is wrapped in ``Markup`` here so it
stays intact when Jinja autoescaping is switched on.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from plugins.common.photos import Derivative, ProcessedPhoto

from .palette import Palette, derive_palette
from .settings import IdentityConfig


@dataclass(frozen=True)
class IdentityView:
    config: IdentityConfig
    palette: Palette
    hero: ProcessedPhoto | None  # derivatives of the campus photograph, if one is set
    year: int  # the build year, for the copyright line
    publish: bool
    staging: bool  # a staging publish: noindex and a visible 测试版 banner

    @property
    def css(self) -> Markup:
        return Markup(self.palette.css())  # only hex colours and fixed names: nothing to escape

    @property
    def noindex(self) -> bool:
        return self.staging

    @property
    def name(self) -> str:
        return self.config.name

    @property
    def hero_largest(self) -> Derivative | None:
        return self.hero.largest if self.hero else None


def identity_view(
    config: IdentityConfig, hero: ProcessedPhoto | None, year: int, publish: bool, staging: bool
) -> IdentityView:
    return IdentityView(config, derive_palette(config.brand, config.accent), hero, year, publish, staging)
