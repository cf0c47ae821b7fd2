"""How to cite a release: CITATION.cff (Citation File Format 1.2.0, `type: dataset`) and the
one-line citation shown in the Excel README sheet, both from the descriptor alone.

Nothing is invented: authors come from the descriptor's `contributors`, the licence from its
`licenses`, the date from `release_date`. The YAML is written by hand with JSON-quoted scalars
(valid YAML), so no YAML library is needed and the bytes are stable.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from officedata.schema.model import Package

CFF_VERSION = "1.2.0"
# A homepage on one of these is the repository itself (CFF's `repository-code`). No address is
# ever made up: without a `homepage` in the descriptor, CITATION.cff has no url at all.
CODE_HOSTS = frozenset({"github.com", "gitlab.com", "codeberg.org"})
CITE_MESSAGE = "If you use this dataset, please cite it using the metadata from this file."


def is_web_address(text: str) -> bool:
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def authors(package: Package) -> list[dict[str, str]]:
    """CFF authors: persons (given/family names) or entities (name) from `contributors`."""
    result = []
    for contributor in package.descriptor.get("contributors", []):
        if not isinstance(contributor, dict):
            continue
        given, family = contributor.get("givenName"), contributor.get("familyName")
        if isinstance(given, str) and isinstance(family, str):
            result.append({"given-names": given, "family-names": family})
        elif isinstance(contributor.get("title"), str):
            result.append({"name": contributor["title"]})
    return result or [{"name": f"{package.name} contributors"}]


def licence(package: Package) -> str | None:
    for entry in package.descriptor.get("licenses", []):
        if isinstance(entry, dict) and isinstance(entry.get("name"), str):
            return entry["name"]
    return None


def _author_text(entry: dict[str, str]) -> str:
    return entry.get("name") or f"{entry['family-names']}, {entry['given-names']}"


def how_to_cite(package: Package, released: datetime) -> str:
    names = "; ".join(_author_text(a) for a in authors(package))
    licence_text = f" Licence: {licence(package)}." if licence(package) else ""
    return (
        f"{names} ({released.year}). {package.title} (version {package.version}) "
        f"[Data set].{licence_text}"
    )


# Characters a JSON string may hold raw that YAML does not take raw in a double-quoted scalar:
# DEL and C1 controls (not printable to YAML), NEL, LS and PS (line breaks to YAML, which would
# fold them into spaces), the byte order mark, non-characters and lone surrogates.
_NOT_YAML_PRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def _scalar(value: Any) -> str:
    """A YAML double-quoted scalar: JSON's escapes (which YAML shares) for quotes, backslashes
    and C0 controls, and \\uXXXX for every other character YAML would not read back as is."""
    text = json.dumps(value, ensure_ascii=False)
    return _NOT_YAML_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def citation_cff(package: Package, released: datetime, repository: str | None = None) -> str:
    """CITATION.cff for the release. `repository` is the address of the repository the release
    is built from, when the builder knows it (the release workflow passes GitHub's own)."""
    lines = [
        f"cff-version: {CFF_VERSION}",
        f"message: {_scalar(CITE_MESSAGE)}",
        "type: dataset",
        f"title: {_scalar(package.title or package.name)}",
    ]
    description = package.descriptor.get("description")
    if isinstance(description, str) and description:
        lines.append(f"abstract: {_scalar(description)}")
    lines.append("authors:")
    for entry in authors(package):
        first = True
        for key, value in entry.items():
            lines.append(f"  {'- ' if first else '  '}{key}: {_scalar(value)}")
            first = False
    lines.append(f"version: {_scalar(package.version)}")
    lines.append(f"date-released: {_scalar(released.date().isoformat())}")
    if licence(package):
        lines.append(f"license: {_scalar(licence(package))}")
    homepage = package.descriptor.get("homepage")
    if isinstance(homepage, str) and is_web_address(homepage):
        lines.append(f"url: {_scalar(homepage)}")
        if repository is None and urlsplit(homepage).hostname in CODE_HOSTS:
            repository = homepage  # the homepage is the code's repository
    elif repository is not None:
        lines.append(f"url: {_scalar(repository)}")
    if repository is not None:
        lines.append(f"repository-code: {_scalar(repository)}")
    keywords = [k for k in package.descriptor.get("keywords", []) if isinstance(k, str)]
    if keywords:
        lines.append("keywords:")
        lines.extend(f"  - {_scalar(keyword)}" for keyword in keywords)
    return "\n".join(lines) + "\n"
