"""WeChat: landing-page metadata (Open Graph, JSON-LD, QR code) and the 公众号 export."""

from pelican import signals

from .generator import get_generators


def register():
    signals.get_generators.connect(get_generators)
