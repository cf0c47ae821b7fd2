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

from officedata.failures import Failure
from officedata.schema.domain import COUNTRIES as C
from officedata.schema.domain import HOST, SUPRANATIONAL
from officedata.schema.domain import OFFICES as O
from officedata.validation.registry import rule
from officedata.validation.rules.base import Context, cell_failure, map_keys, quoted


@rule("iso-3166", needs=C.refs("iso2", "iso3", "kind"))
def check_country_codes(context: Context) -> Iterator[Failure]:
    """Host and operator rows carry a real ISO 3166-1 alpha-2 code and its alpha-3; a
    supranational row carries a code that is not a country's, and no alpha-3."""
    if not context.has(C.table):
        return
    import pycountry

    countries = context.tables[C.table]
    frame = countries.frame
    for row in frame.index:
        iso2, iso3, kind = frame.at[row, C.iso2], frame.at[row, C.iso3], frame.at[row, C.kind]
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
    countries = context.tables[C.table].frame
    kinds = countries[C.kind].set_axis(countries[C.iso2])
    kinds = kinds[~kinds.index.duplicated()]
    offices = context.tables[O.table]
    codes = offices.frame[O.country].dropna()
    kind_of = map_keys(codes, kinds)
    for row in codes.index[(kind_of.notna() & (kind_of != HOST)).fillna(False)]:
        code = codes[row]
        yield cell_failure(
            offices,
            row,
            O.country,
            "host-country",
            f"{quoted(code)} is a country of kind {quoted(kinds[code])}; "
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
    countries = context.tables[C.table]
    frame = countries.frame
    count, source = frame[C.count].notna(), frame[C.count_source].notna()
    for row in frame.index[count & ~source]:
        yield cell_failure(
            countries,
            row,
            C.count_source,
            "count-source",
            "stations_reported is given without the report that states it",
        )
    for row in frame.index[source & ~count]:
        yield cell_failure(
            countries,
            row,
            C.count,
            "count-source",
            "stations_reported_source is given without a count",
        )
    if not context.has(O.table):
        return
    offices = context.tables[O.table].frame
    _, lists = context.package.headline
    from_lists = offices[O.first_report].isin(lists)
    listed_all = offices[O.country].value_counts()
    listed_from_lists = offices.loc[from_lists, O.country].value_counts()
    for row in frame.index[count]:
        claimed = int(frame.at[row, C.count])
        code, source = frame.at[row, C.iso2], frame.at[row, C.count_source]
        every = int(listed_all.get(code, 0))
        if isinstance(source, str) and source in lists:
            # A count from the reference lists is compared with the stations they named;
            # stations first reported elsewhere are extra, not a gap.
            have = int(listed_from_lists.get(code, 0))
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
                f"{listed}, {claimed} reported by {quoted(source)}",
                severity="warning",
            )
