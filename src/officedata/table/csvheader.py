"""The header check: a CSV's header must list the schema's fields exactly, in order."""

from __future__ import annotations

from officedata.failures import Failure


def _fail(file: str, rule: str, message: str, line: int, column: int) -> Failure:
    return Failure(file=file, line=line, column=column, rule=rule, message=message)


_ORDER_NAMES_SHOWN = 50  # an out-of-order message lists at most this many of the schema's names
_UNEXPECTED_SHOWN = 20  # unexpected header columns named one by one; the rest are counted


def check_header(shown: str, header: list[str], expected: list[str]) -> list[Failure]:
    """The header must list the schema's fields exactly, in order; say what differs, by column.

    Linear in the number of columns (names are looked up in sets and dicts, never searched).
    """
    if header == expected:
        return []
    failures = []
    expected_at = {name: position for position, name in enumerate(expected, start=1)}
    present = set(header)
    missing = {name for name in expected if name not in present}
    unexpected = 0
    for position, name in enumerate(header, start=1):
        if name in expected_at:
            continue
        unexpected += 1
        if unexpected > _UNEXPECTED_SHOWN:
            continue
        hint = ""
        if not name.strip():
            hint = " (an empty column name: a trailing comma in the header?)"
        elif position <= len(expected) and expected[position - 1] in missing:
            hint = f" (renamed? the schema has '{expected[position - 1]}' here)"
        failures.append(_fail(shown, "header", f"unexpected column '{name}'{hint}", 1, position))
    if unexpected > _UNEXPECTED_SHOWN:
        # A flood of surplus columns is one mistake (a wrong file, a pasted row): name the first
        # few and count the rest, so the report stays readable and small.
        failures.append(
            _fail(
                shown,
                "header",
                f"and {unexpected - _UNEXPECTED_SHOWN:,} more unexpected columns: the header has "
                f"{len(header):,} columns, the schema {len(expected):,}",
                1,
                len(header),
            )
        )
    for name in expected:
        if name in missing:
            position = expected_at[name]
            failures.append(
                _fail(
                    shown,
                    "header",
                    f"missing column '{name}' (the schema has it as column {position})",
                    1,
                    position,
                )
            )
    seen: set[str] = set()
    for position, name in enumerate(header, start=1):
        if name in seen:
            failures.append(
                _fail(shown, "header", f"column '{name}' appears more than once", 1, position)
            )
        seen.add(name)
    if not failures:
        position = next(i for i, (a, b) in enumerate(zip(header, expected, strict=False)) if a != b)
        order = ", ".join(expected[:_ORDER_NAMES_SHOWN])
        if len(expected) > _ORDER_NAMES_SHOWN:
            order += f", … ({len(expected):,} columns)"
        failures.append(
            _fail(
                shown,
                "header",
                f"columns are out of order: column {position + 1} is '{header[position]}' "
                f"but the schema has '{expected[position]}'; the schema's order is: {order}",
                1,
                position + 1,
            )
        )
    return failures
