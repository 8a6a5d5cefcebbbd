"""Text in the charts that reads at 4.5:1 at least (WCAG 2.x, GB/T 37668), as the rest of the
page does (issue #27).

Charts write some text in a series' colour (the values beside highlighted bars, the names at
the bump chart's line ends), and a series colour bright enough to tell lines apart is often too
light for text: text takes a darker shade of it. Names on a map's filled regions are black or
white, whichever stands out more from the fill: one of the two always reaches 4.58:1.
"""

from __future__ import annotations

import re

PAGE = "#f5f7fa"  # the page behind every chart (figures leave paper_bgcolor transparent)
WHITE = "#ffffff"
MIN_TEXT = 4.5
_NUMBERS = re.compile(r"[\d.]+")


def rgb(colour: str) -> tuple[float, float, float]:
    """(r, g, b) in 0-255 of "#rgb", "#rrggbb", "rgb(…)" or "rgba(…)" (alpha ignored)."""
    colour = colour.strip().lower()
    if colour == "white":
        return 255.0, 255.0, 255.0
    if colour.startswith("#"):
        h = colour[1:]
        if len(h) == 3:
            h = "".join(c * 2 for c in h)
        return tuple(float(int(h[i:i + 2], 16)) for i in (0, 2, 4))
    r, g, b = (float(n) for n in _NUMBERS.findall(colour)[:3])
    return r, g, b


def luminance(colour: str) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = rgb(colour)
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """The contrast ratio of two colours, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_colour(colour: str, backgrounds=(PAGE, WHITE), ratio: float = MIN_TEXT) -> str:
    """colour, darkened just enough to read at ratio on every background (hex)."""
    r, g, b = rgb(colour)
    for step in range(21):
        keep = 1 - step / 20
        shade = "#" + "".join(f"{round(c * keep):02x}" for c in (r, g, b))
        if all(contrast(shade, bg) >= ratio for bg in backgrounds):
            return shade
    return "#000000"


def on_fill(fill: str) -> str:
    """Black or white text, whichever stands out more from fill."""
    return "#000000" if contrast("#000000", fill) >= contrast(WHITE, fill) else WHITE
