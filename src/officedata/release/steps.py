"""How the build and export name their steps to whoever watches (the CLI's progress lines).

A `Progress` is called with a short phrase as each step starts; `quiet` ignores them. The
library never prints: `cli/progress.py` decides whether a person is watching.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str], None]


def quiet(step: str) -> None:
    """Progress for nobody."""
