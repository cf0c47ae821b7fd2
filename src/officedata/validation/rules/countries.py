"""Rules for countries and their reported counts.

- Host and operator rows carry a real ISO 3166-1 alpha-2 code (per pycountry) and its alpha-3;
  a supranational row (the EU) carries a code that is *not* a country's, and no alpha-3.
- Offices lie in host countries only.
- `stations_reported` and `stations_reported_source` are given together.
- Warning (not an error): the number of offices listed for a country differs from the count a
  report gives, so the coverage gap stays visible. When that report is one of the reference lists
  (`officedata:headline` in the descriptor), only offices first reported in those lists count.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from officedata.failures import Failure
from officedata.schema.domain import COUNTRIES as C
from officedata.schema.domain import HOST, SUPRANATIONAL
from officedata.schema.domain import OFFICES as O
from officedata.validation.registry import rule

if TYPE_CHECKING:
    import pyarrow as pa

from officedata.table.arrow_numpy import string_array
from officedata.validation.rules.base import (
    Context,
    cell_failure,
    first_of_each,
    flags,
    look_up,
    quoted,
    where,
)


@rule("iso-3166", needs=C.refs("iso2", "iso3", "kind"))
def check_country_codes(context: Context) -> Iterator[Failure]:
    """Host and operator rows carry a real ISO 3166-1 alpha-2 code and its alpha-3; a
    supranational row carries a code that is not a country's, and no alpha-3."""
    if not context.has(C.table):
        return
    import pycountry

    countries = context.tables[C.table]
    columns = (countries.column(name).to_pylist() for name in (C.iso2, C.iso3, C.kind))
    for row, (iso2, iso3, kind) in enumerate(zip(*columns, strict=True)):
        if not isinstance(iso2, str) or not isinstance(kind, str):
            continue  # required-field failures already say so
        official = pycountry.countries.get(alpha_2=iso2)
        if kind == SUPRANATIONAL:
            if official is not None:
                yield cell_failure(
                    countries,
                    row,
                    C.iso2,
                    "iso-3166",
                    f"{quoted(iso2)} is the code of {official.name}, not of a supranational body",
                )
            if isinstance(iso3, str):
                yield cell_failure(
                    countries,
                    row,
                    C.iso3,
                    "iso-3166",
                    "a supranational row has no ISO alpha-3 code; leave it empty",
                )
            continue
        if official is None:
            yield cell_failure(
                countries,
                row,
                C.iso2,
                "iso-3166",
                f"{quoted(iso2)} is not an ISO 3166-1 alpha-2 country code",
            )
        elif not isinstance(iso3, str):
            yield cell_failure(
                countries,
                row,
                C.iso3,
                "iso-3166",
                f"iso3 is empty; a {kind} row carries its alpha-3 code ({official.alpha_3})",
            )
        elif iso3 != official.alpha_3:
            yield cell_failure(
                countries,
                row,
                C.iso3,
                "iso-3166",
                f"{quoted(iso3)} does not match {iso2}; ISO 3166-1 gives {official.alpha_3}",
            )


@rule("host-country", needs=(*C.refs("iso2", "kind"), O.ref("country")))
def check_host_countries(context: Context) -> Iterator[Failure]:
    """Offices lie in host countries only (not in the operator or a supranational body)."""
    if not context.has(O.table, C.table):
        return
    import pyarrow.compute as pc

    countries = context.tables[C.table]
    codes_known, kinds = first_of_each(countries.column(C.iso2), countries.column(C.kind))
    kind_by_code = dict(zip(codes_known.to_pylist(), kinds.to_pylist(), strict=True))
    offices = context.tables[O.table]
    codes = offices.column(O.country)
    kind_of = look_up(codes, codes_known, kinds)
    host = string_array([HOST])[0]
    for row in flags(pc.not_equal(kind_of, host)).nonzero()[0].tolist():
        code = offices.value_at(row, O.country)
        yield cell_failure(
            offices,
            row,
            O.country,
            "host-country",
            f"{quoted(code)} is a country of kind {quoted(kind_by_code[code])}; "
            "offices lie in host countries",
        )


@rule(
    "count-source",
    needs=(*C.refs("iso2", "count", "count_source"), *O.refs("country", "first_report")),
)
def check_reported_counts(context: Context) -> Iterator[Failure]:
    """`stations_reported` and `stations_reported_source` are given together. Warning: the
    offices listed for a country differ from the count a report gives (against a reference
    list, only offices first reported in those lists count)."""
    if not context.has(C.table):
        return
    import pyarrow.compute as pc

    countries = context.tables[C.table]
    count = flags(pc.is_valid(countries.column(C.count)))
    source = flags(pc.is_valid(countries.column(C.count_source)))
    for row in (count & ~source).nonzero()[0].tolist():
        yield cell_failure(
            countries,
            row,
            C.count_source,
            "count-source",
            "stations_reported is given without the report that states it",
        )
    for row in (source & ~count).nonzero()[0].tolist():
        yield cell_failure(
            countries,
            row,
            C.count,
            "count-source",
            "stations_reported_source is given without a count",
        )
    if not context.has(O.table):
        return
    offices = context.tables[O.table]
    _, lists = context.package.headline
    office_countries = offices.column(O.country)
    from_lists = flags(pc.is_in(offices.column(O.first_report), value_set=_texts(lists)))
    listed_all = _counts(office_countries)
    listed_from_lists = _counts(where(office_countries, from_lists))
    claims = zip(
        *(countries.column(name).to_pylist() for name in (C.count, C.iso2, C.count_source)),
        strict=True,
    )
    for row, (claimed, code, source_id) in enumerate(claims):
        if claimed is None:
            continue
        every = listed_all.get(code, 0)
        if isinstance(source_id, str) and source_id in lists:
            # A count from the reference lists is compared with the stations they named;
            # stations first reported elsewhere are extra, not a gap.
            have = listed_from_lists.get(code, 0)
            listed = (
                f"{have} offices listed from the reference lists ({every - have} more elsewhere)"
            )
        else:
            have, listed = every, f"{every} offices listed"
        if have != claimed:
            yield cell_failure(
                countries,
                row,
                C.count,
                "coverage",
                f"{listed}, {claimed} reported by {quoted(_shown(source_id))}",
                severity="warning",
            )


def _shown(value: object) -> object:
    """An empty cell as reports have always shown it."""
    from officedata.validation.model import EMPTY_SHOWN

    return EMPTY_SHOWN if value is None else value


def _texts(values: tuple[str, ...]) -> pa.Array:

    return string_array(list(values))


def _counts(codes: pa.ChunkedArray) -> dict[str, int]:
    """How many offices name each country (empty cells not counted)."""
    import pyarrow.compute as pc

    counted = pc.value_counts(codes.drop_null())
    return dict(
        zip(counted.field("values").to_pylist(), counted.field("counts").to_pylist(), strict=True)
    )
