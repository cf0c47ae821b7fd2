"""Rendering shared by the map and the chart: one fixed style, byte-identical SVG and PNG files.

No pyplot state, a fixed SVG hash salt, no dates or software versions in the files' metadata, and
glyphs drawn as paths, so the same figure gives the same bytes on every machine with the same
matplotlib. Also the figures' common wording: the source and licence line, read from the
descriptor.
"""

from __future__ import annotations

import functools
import io
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from officedata.atomic import write_bytes_atomic
from officedata.schema.model import Package

if TYPE_CHECKING:
    from matplotlib.figure import Figure

P = ParamSpec("P")
R = TypeVar("R")

FORMATS = ("svg", "png")
PNG_DPI = 150
# zlib level for PNG (PIL's own default, said here so it is a choice). Measured at 1e5 offices:
# level 1 saves ~0.4 CPU-s a picture but the chart grows 19 %; level 9 costs ~1 CPU-s more for
# under 2 % smaller files. The release zip stores PNGs as they are, so this is their final size.
PNG_COMPRESS_LEVEL = 6
_RC: dict[str, Any] = {
    "svg.hashsalt": "officedata",  # stable ids inside the SVG
    "svg.fonttype": "path",  # glyphs as paths: no dependence on the viewer's fonts
    "font.family": "DejaVu Sans",  # ships with matplotlib, so every machine draws the same
    "path.simplify": False,
}


def _new_figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=PNG_DPI, facecolor="white")


def _with_rc(draw: Callable[P, R]) -> Callable[P, R]:
    """Run a drawing function under the fixed style, which artists read when they are made."""

    @functools.wraps(draw)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        import matplotlib

        with matplotlib.rc_context(_RC):
            return draw(*args, **kwargs)

    return wrapper


def drawable(text: str) -> bool:
    """Whether the map's font has a glyph for every character of text."""
    from matplotlib import font_manager

    font = font_manager.get_font(font_manager.findfont(_RC["font.family"]))
    return all(font.get_char_index(ord(char)) for char in text if not char.isspace())


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) if len(text) > width else text


def figure_bytes(figure: Figure, fmt: str) -> bytes:
    """The figure as SVG or PNG bytes, identical for identical inputs."""
    import matplotlib

    buffer = io.BytesIO()
    options: dict[str, Any] = {}
    if fmt == "svg":
        metadata = {"Date": None, "Creator": "officedata"}
    elif fmt == "png":
        metadata = {"Software": None}
        options["pil_kwargs"] = {"compress_level": PNG_COMPRESS_LEVEL}
    else:
        raise ValueError(f"unsupported picture format {fmt!r}; use svg or png")
    with matplotlib.rc_context(_RC), warnings.catch_warnings():
        # Missing glyphs are said in the picture's caption (see caption_lines), not on stderr.
        warnings.filterwarnings(
            "ignore", message="Glyph .* missing from font", category=UserWarning
        )
        figure.savefig(buffer, format=fmt, dpi=PNG_DPI, metadata=metadata, **options)
    return buffer.getvalue()


def output_paths(out: Path) -> list[Path]:
    """`x.svg` or `x.png` → that file; no suffix → both `x.svg` and `x.png`; any other suffix
    is refused (a `map.pdf` must not silently become `map.pdf.svg`)."""
    if out.suffix.lower() in (".svg", ".png"):
        return [out]
    if out.suffix:
        from officedata.errors import UsageError

        raise UsageError(
            f"{out}: pictures are written as .svg or .png; give one of those suffixes, or none "
            "for both",
            subject=str(out),
        )
    return [out.with_name(out.name + f".{fmt}") for fmt in FORMATS]


def write_figure(figure: Figure, out: Path) -> list[Path]:
    written = []
    for path in output_paths(out):
        write_bytes_atomic(path, figure_bytes(figure, path.suffix.lower().lstrip(".")))
        written.append(path)
    return written



def licence_name(package: Package) -> str:
    """The data licence as the descriptor names it (title, else name), for captions."""
    licences = package.descriptor.get("licenses")
    first = licences[0] if isinstance(licences, list) and licences else {}
    if not isinstance(first, dict):
        return "see the package's licence"
    return str(first.get("title") or first.get("name") or "see the package's licence")
