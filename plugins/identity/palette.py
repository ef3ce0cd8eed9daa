"""The theme's colours, derived from one or two brand colours with WCAG contrast kept.

An editor sets the university's colour once (``SITE_IDENTITY['brand']``); a
colour that is too light for white text or for links is darkened (mixed with
black) until it passes, rather than rejected, so any brand colour gives a
readable site.  The result is written into the page as CSS custom properties;
``site.css`` only ever uses the variables.  Pure: no Pelican import.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

WHITE = "#ffffff"
BLACK = "#000000"
AA = 4.5  # WCAG 2.x AA for body text
AAA = 7.0

LIGHT_BASE = {"bg": WHITE, "text": "#1f2328", "muted": "#555d66", "line": "#dde3ea"}
DARK_BASE = {"bg": "#121417", "text": "#e6e8eb", "muted": "#a9b1ba", "line": "#343a41"}


def _rgb(color: str) -> tuple[int, int, int]:
    value = color.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _hex(rgb: Iterable[float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in rgb)


def luminance(color: str) -> float:
    """WCAG 2.x relative luminance of ``#rrggbb``."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def mix(a: str, b: str, amount: float) -> str:
    """``a`` moved ``amount`` (0–1) of the way towards ``b``."""
    ra, rb = _rgb(a), _rgb(b)
    return _hex(tuple(x + (y - x) * amount for x, y in zip(ra, rb, strict=True)))


def _towards(color: str, target: str, against: tuple[str, ...], ratio: float) -> str:
    """The least mix of ``color`` towards ``target`` that reaches ``ratio`` against every background."""
    for step in range(0, 101):
        candidate = mix(color, target, step / 100)
        if all(contrast(candidate, background) >= ratio for background in against):
            return candidate
    return target


def darken_until(color: str, against: str | tuple[str, ...], ratio: float) -> str:
    return _towards(color, BLACK, (against,) if isinstance(against, str) else against, ratio)


def lighten_until(color: str, against: str | tuple[str, ...], ratio: float) -> str:
    return _towards(color, WHITE, (against,) if isinstance(against, str) else against, ratio)


@dataclass(frozen=True)
class Palette:
    """Custom properties for the light scheme and the dark one (``prefers-color-scheme``)."""

    light: dict[str, str]
    dark: dict[str, str]

    def css(self) -> str:
        def block(values: dict[str, str]) -> str:
            return ";".join(f"--{name}:{value}" for name, value in values.items())

        return (
            f":root{{{block(self.light)}}}@media (prefers-color-scheme: dark){{:root{{{block(self.dark)}}}}}"
        )


def derive_palette(brand: str, accent: str = "") -> Palette:
    """Fills (white text on them) and text colours (on the page) for both schemes.

    ``--brand``/``--brand-dark``/``--accent`` are fills behind white text and keep
    AA (the darker one AAA) in both schemes; ``--link`` and ``--accent-text`` are
    text colours (AA on ``--bg`` and ``--bg-soft``) and ``--heading-accent`` a
    border (3:1), lightened on the dark background instead.
    """
    fill = darken_until(brand, WHITE, AA)
    fill_dark = darken_until(mix(fill, BLACK, 0.3), WHITE, AAA)
    accent_fill = darken_until(accent, WHITE, AA) if accent else fill_dark
    light_soft = _soft(fill, LIGHT_BASE)
    dark_bg = DARK_BASE["bg"]
    dark_soft = mix(dark_bg, fill, 0.18)
    light = {
        **LIGHT_BASE,
        "bg-soft": light_soft,
        "brand": fill,
        "brand-dark": fill_dark,
        "brand-tint": mix(fill, WHITE, 0.55),
        "accent": accent_fill,
        "on-brand": WHITE,
        "link": darken_until(fill, (WHITE, light_soft), AA),
        "accent-text": darken_until(accent_fill, (WHITE, light_soft), AA),
        "heading-accent": accent_fill,
    }
    dark = {
        **DARK_BASE,
        "bg-soft": dark_soft,
        "brand": fill,
        "brand-dark": fill_dark,
        "brand-tint": mix(fill, dark_bg, 0.4),
        "accent": accent_fill,
        "on-brand": WHITE,
        "link": lighten_until(fill, (dark_bg, dark_soft), AA),
        "accent-text": lighten_until(accent_fill, (dark_bg, dark_soft), AA),
        "heading-accent": lighten_until(accent_fill, (dark_bg, dark_soft), 3.0),
    }
    dark["muted"] = lighten_until(dark["muted"], (dark_bg, dark_soft), AA)
    return Palette(light, dark)


def _soft(fill: str, base: dict[str, str]) -> str:
    """A pale tint of the brand for panels; text and muted text keep AA on it."""
    for amount in (0.94, 0.96, 0.98, 1.0):
        soft = mix(fill, WHITE, amount)
        if contrast(base["muted"], soft) >= AA and contrast(base["text"], soft) >= AA:
            return soft
    return WHITE
