"""The roles the dataset's own logic gives to schema fields, in one place.

Rules, stats, the map and the exporters that know what an office *is* (it has a place, a status,
a first report) name fields only through these roles, so a field renamed in a schema and its CSV
is one edit here, and a rule whose field is missing is told so (see `validation/registry.py`)
instead of crashing. Values with a meaning of their own (which reliabilities count as reliable,
which precisions need a city) are flagged in the schemas' categories, read by `flagged_values`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from officedata.schema.model import Field


@dataclass(frozen=True)
class Roles:
    """A table's name and, for each role, the field that plays it."""

    table: str

    def ref(self, role: str) -> str:
        """'table.field' for a role, as rules declare what they need."""
        return f"{self.table}.{getattr(self, role)}"

    def refs(self, *roles: str) -> tuple[str, ...]:
        return tuple(self.ref(role) for role in roles)

    def all_refs(self) -> tuple[str, ...]:
        return self.refs(*(f.name for f in fields(self) if f.name != "table"))


@dataclass(frozen=True)
class OfficeRoles(Roles):
    table: str = "offices"
    id: str = "office_id"
    country: str = "country"
    city: str = "city"
    bureau: str = "operating_bureau"
    first_report: str = "first_reported_in"
    status: str = "status"
    status_date: str = "status_date"
    precision: str = "location_precision"
    latitude: str = "latitude"
    longitude: str = "longitude"
    geonames_id: str = "geonames_id"
    disputed: str = "disputed"
    sources: str = "sources"


@dataclass(frozen=True)
class CountryRoles(Roles):
    table: str = "countries"
    iso2: str = "iso2"
    iso3: str = "iso3"
    name: str = "name"
    kind: str = "kind"
    count: str = "stations_reported"
    count_source: str = "stations_reported_source"


@dataclass(frozen=True)
class ReportRoles(Roles):
    table: str = "reports"
    id: str = "report_id"
    title: str = "title"
    published: str = "published"
    url: str = "url"
    reliability: str = "reliability"
    stations_claimed: str = "stations_claimed"
    countries_claimed: str = "countries_claimed"


@dataclass(frozen=True)
class ResponseRoles(Roles):
    table: str = "responses"
    id: str = "response_id"
    country: str = "country"
    date: str = "date"
    action: str = "action"
    offices: str = "office_ids"


OFFICES = OfficeRoles()
COUNTRIES = CountryRoles()
REPORTS = ReportRoles()
RESPONSES = ResponseRoles()

# Country kinds (countries.kind): the vocabulary the rules and the map reason about.
HOST, OPERATOR, SUPRANATIONAL = "host", "operator", "supranational"
# A place known only by its country (offices.location_precision).
COUNTRY_PRECISION = "country"

# Flags a schema puts on a category to give its value a meaning the code relies on.
RELIABLE_FLAG = "officedata:reliable"  # reports.reliability: a source that counts as reliable
NEEDS_CITY_FLAG = "officedata:needsCity"  # offices.location_precision: a city must be named


def flagged_values(spec: Field, flag: str) -> tuple[str, ...]:
    """The values of an enum field whose category carries `flag: true`, in schema order."""
    return tuple(value for value, flags in spec.category_flags.items() if flags.get(flag) is True)
