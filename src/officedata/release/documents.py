"""The documents a release carries: the package's README, licences and changelog, every file
the README links to, and the data dictionary rendered from the package being released.

A release without its licences cannot be reused lawfully, and a README whose links point at
files the release lacks sends its reader nowhere, so `check_documents` refuses the package
(BuildError, each failure at the file or README line in question) before anything is written,
and `copy_documents` copies exactly what was checked. Links are read with markdown-it (the
parser rich uses), so links inside code are not links and images count like links. The data
dictionary (`docs/data-dictionary.md`) is rendered from the package's schemas, never copied,
so it always describes the tables it ships beside; the README's map points at the map drawn for
the release (`pictures/offices-map.png`).
"""

from __future__ import annotations

import mimetypes
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from officedata.errors import BuildError
from officedata.failures import Failure
from officedata.release.descriptor import ShippedFile
from officedata.schema.model import Package

README = "README.md"
# Copied from the package folder; a package without any of them is refused.
REQUIRED = (
    ShippedFile(README, "text/markdown", "About the data and how to use it"),
    ShippedFile("LICENSE", "text/plain", "The licence of the code (MIT)"),
    ShippedFile("LICENSE-DATA", "text/plain", "The licence of the data (CC BY 4.0)"),
    ShippedFile("CHANGELOG.md", "text/markdown", "What changed in each release"),
)
DICTIONARY = ShippedFile(
    "docs/data-dictionary.md", "text/markdown", "Every table and field, from the schemas"
)
# README targets the release holds under another path: the map the README shows is the one the
# pictures exporter draws for this very release, so the release's README points there (and the
# release does not carry a second, possibly older copy under the same file name).
DRAWN_FOR_THE_RELEASE = {"docs/offices-map.png": "pictures/offices-map.png"}
MEDIA_TYPES = {".md": "text/markdown", "": "text/plain"}  # where mimetypes may not know them
RULE = "release-documents"


@dataclass(frozen=True)
class Link:
    line: int  # in the README, from 1
    target: str  # the relative path it points at, without #fragment or ?query


def relative_links(markdown: str) -> list[Link]:
    """Every link and image of the Markdown text that points at a relative path, in order."""
    from markdown_it import MarkdownIt

    found: list[Link] = []
    for block in MarkdownIt("commonmark").parse(markdown):
        line = (block.map[0] + 1) if block.map else 1
        for token in block.children or []:
            attribute = "href" if token.type == "link_open" else "src"
            if token.type not in ("link_open", "image"):
                continue
            address = str(token.attrs.get(attribute, ""))
            parts = urlsplit(address)
            if parts.scheme or parts.netloc or not parts.path:
                continue  # absolute (https:, mailto:) or a link inside the page (#section)
            found.append(Link(line, unquote(parts.path)))
    return found


def linked_documents(package: Package) -> list[ShippedFile]:
    """The files the README links to, other than the required documents and the dictionary,
    in link order, each once. Refuses links that leave the package folder."""
    readme = package.root / README
    if not readme.is_file():
        return []
    listed = {document.path for document in (*REQUIRED, DICTIONARY)} | set(DRAWN_FOR_THE_RELEASE)
    failures, documents = [], []
    for link in relative_links(readme.read_text(encoding="utf-8")):
        path = PurePosixPath(link.target)
        if path.is_absolute() or ".." in path.parts:
            failures.append(
                Failure(
                    README,
                    link.line,
                    None,
                    RULE,
                    f"links to {link.target!r}, outside the "
                    "package folder; a release can only ship files inside it",
                )
            )
            continue
        target = path.as_posix()
        if target in listed:
            continue
        listed.add(target)
        if not (package.root / target).is_file():
            failures.append(
                Failure(
                    README,
                    link.line,
                    None,
                    RULE,
                    f"links to {target}, which the package "
                    "folder lacks; the release would ship a broken link",
                )
            )
            continue
        media_type = mimetypes.guess_type(target)[0] or MEDIA_TYPES.get(path.suffix)
        documents.append(
            ShippedFile(target, media_type or "application/octet-stream", f"Linked from {README}")
        )
    if failures:
        raise BuildError(f"{README} links to files the release cannot ship", failures)
    return documents


def check_documents(package: Package) -> list[ShippedFile]:
    """The documents the release will carry; BuildError when a required one is missing or the
    README links to a file that is not in the package."""
    missing = [
        Failure(
            document.path,
            None,
            None,
            RULE,
            f"{document.path} is missing from the "
            "package folder; a release must carry its README, licences and changelog",
        )
        for document in REQUIRED
        if not (package.root / document.path).is_file()
    ]
    if missing:
        names = ", ".join(failure.file for failure in missing)
        raise BuildError(f"the package lacks {names}; refusing to build", missing)
    return [*REQUIRED, *linked_documents(package), DICTIONARY]


def copy_documents(package: Package, documents: Sequence[ShippedFile], staging: Path) -> None:
    """Copy each checked document into the release, and render the data dictionary there."""
    from officedata.documentation.docs import render_data_dictionary

    for document in documents:
        target = staging / document.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if document == DICTIONARY:
            target.write_text(render_data_dictionary(package), encoding="utf-8", newline="\n")
        elif document.path == README:
            target.write_text(release_readme(package), encoding="utf-8", newline="\n")
        else:
            shutil.copyfile(package.root / document.path, target)


def release_readme(package: Package) -> str:
    """The package's README with its links to files drawn for the release pointed at them."""
    text = (package.root / README).read_text(encoding="utf-8")
    for source, drawn in DRAWN_FOR_THE_RELEASE.items():
        text = text.replace(f"]({source})", f"]({drawn})")
    return text
