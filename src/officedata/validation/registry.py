"""The rules a Table Schema cannot express, registered once by id with the fields they need.

A rule is a function from the `Context` (package, tables, today) to failures, registered with
`@rule("id", needs=...)`. `needs` lists the 'table.field' references (from `schema/domain.py`)
it reads: when a table it needs is there but lacks one of those fields (a schema renamed it),
the rule is not run and a located failure says which field it needs, instead of an internal
error. `rule_catalogue` gives each rule's id, needs and docstring, from which the docs'
catalogue of rules is generated.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from officedata.failures import Failure
from officedata.validation.rules.base import Context

Check = Callable[[Context], Iterable[Failure]]


@dataclass(frozen=True)
class Rule:
    id: str
    check: Check
    needs: tuple[str, ...]

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.check.__doc__ or "")


RULES: dict[str, Rule] = {}


def rule(rule_id: str, *, needs: Iterable[str] = ()) -> Callable[[Check], Check]:
    """Register a cross-table rule under an id; `needs` names the fields it reads."""

    def register(check: Check) -> Check:
        if rule_id in RULES:
            raise ValueError(f"rule id {rule_id!r} is registered twice")
        RULES[rule_id] = Rule(rule_id, check, tuple(needs))
        return check

    return register


def registered_rules() -> list[Rule]:
    """Every rule, in registration order (the rule modules are imported here, once)."""
    from officedata.validation.rules import (  # noqa: F401
        countries,
        dates,
        descriptor,
        geo,
        integrity,
        keys,
        outline,
        status,
    )

    return list(RULES.values())


def missing_fields(context: Context, needed: Rule) -> Iterator[Failure]:
    """A failure for each field the rule reads that a present table's schema does not have."""
    for ref in needed.needs:
        table_name, field_name = ref.split(".", 1)
        table = context.tables.get(table_name)
        if table is None or table.has(field_name):
            continue  # an unreadable table is reported on its own
        yield Failure(
            file=context.schema_file(table_name),
            line=None,
            column=None,
            rule="rule-needs-field",
            message=f"the check '{needed.id}' needs the field '{field_name}' of {table_name}, "
            "which the schema does not define (renamed? officedata's schema/domain.py names "
            "the fields its checks read); the check was not run",
            field=field_name,
        )


def rule_catalogue() -> list[tuple[str, tuple[str, ...], str]]:
    """(id, fields needed, what it checks) for each rule, for the generated docs."""
    return [(r.id, r.needs, r.doc) for r in registered_rules()]
