"""The wheel says what it holds: a licence expression covering the code (MIT) and the data
(CC BY 4.0) with both licence files, Python-version, status, audience and typing classifiers,
`py.typed`, and no made-up project URLs; `dir(officedata)` shows only the public API."""

from __future__ import annotations

import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def test_dir_of_officedata_is_the_public_api() -> None:
    import officedata

    assert dir(officedata) == sorted(officedata.__all__)
    assert "offices" in dir(officedata) and "__version__" in dir(officedata)
    assert not {"Any", "TYPE_CHECKING", "annotations", "_typing"} & set(dir(officedata))


@pytest.mark.slow
@pytest.mark.wheel
def test_the_wheel_metadata_declares_both_licences_and_is_typed(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        (metadata_name,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        metadata = Parser().parsestr(archive.read(metadata_name).decode("utf-8"))
    assert "officedata/py.typed" in names
    assert metadata["License-Expression"] == "MIT AND CC-BY-4.0"
    assert set(metadata.get_all("License-File")) == {"LICENSE", "LICENSE-DATA"}
    assert {n.rsplit("/", 1)[-1] for n in names if "/licenses/" in n} == {"LICENSE", "LICENSE-DATA"}
    classifiers = set(metadata.get_all("Classifier"))
    assert {
        "Intended Audience :: Science/Research",
        "Operating System :: OS Independent",
        "Programming Language :: Python :: 3.11",
        "Typing :: Typed",
    } <= classifiers
    assert any(c.startswith("Development Status :: ") for c in classifiers)
    assert not any(c.startswith("License ::") for c in classifiers)  # the expression says it
    assert metadata["Requires-Python"] == ">=3.11"
    assert metadata.get_all("Project-URL") is None  # the repository's address is not known
