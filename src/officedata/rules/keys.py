"""Rule: every foreign key resolves, in plain fields and in list fields such as `sources`.

- A non-empty value of a foreign-key field must exist in the referenced table's key field
  (offices.country → countries.iso2, responses.office_id → offices.office_id, ...).
- Every item of a list field declared in `officedata:listForeignKeys` must exist likewise
  (each report id in `sources` must be a reports.report_id).
"""

from __future__ import annotations

from collections.abc import Iterator

from officedata.failures import Failure
from officedata.rules.base import Context, cell_failure, quoted


def check_foreign_keys(context: Context) -> Iterator[Failure]:
    for resource in context.package.resources:
        if resource.name not in context.tables:
            continue
        table = context.tables[resource.name]
        for fk in resource.schema.foreign_keys:
            target_name = fk.reference_resource or resource.name
            if target_name not in context.tables or len(fk.fields) != 1:
                continue  # the target could not be read; its own failures say why
            field, target_field = fk.fields[0], fk.reference_fields[0]
            known = set(context.tables[target_name].frame[target_field].dropna())
            where = f"{target_name}.{target_field}"
            column = table.frame[field]
            if fk.each_item:
                for row, items in column.dropna().items():
                    for item in items:
                        if item and item not in known:
                            yield cell_failure(
                                table,
                                row,
                                field,
                                "foreign-key",
                                f"{quoted(item)} is not a known {where}",
                            )
            else:
                present = column.dropna()
                for row, value in present[~present.isin(known)].items():
                    yield cell_failure(
                        table, row, field, "foreign-key", f"{quoted(value)} is not a known {where}"
                    )
