"""COPY rows of a model into PostgreSQL, with the column list taken from the
model itself so that a field added later is either filled or refused."""

from django.db import connection, models
from psycopg.types.json import Jsonb


class MissingGenerator(Exception):
    """A NOT NULL column that the loader does not know how to fill."""


class Table:
    """The COPY of one model. ``provided`` names the attributes (``attname``,
    so ``insurer_id`` for a foreign key) that generated rows may hold. A
    column a row leaves out is filled with NULL, the field's default or the
    empty string when the field allows it; a NOT NULL column without any of
    these must be provided, and the table refuses to start otherwise."""

    def __init__(self, model, provided: set[str]):
        self.model = model
        fields = list(model._meta.concrete_fields)
        unknown = provided - {field.attname for field in fields}
        if unknown:
            raise MissingGenerator(
                f"{model._meta.label}: the loader generates {sorted(unknown)}, "
                "which the model no longer has."
            )

        self.slots = []
        missing = []
        for field in fields:
            filler = _filler(field)
            if filler is not _NO_FILLER:
                self.slots.append((field.attname, filler))
            elif field.attname in provided:
                self.slots.append((field.attname, None))
            else:
                missing.append(field.attname)
        if missing:
            raise MissingGenerator(
                f"{model._meta.label}: NOT NULL column(s) {missing} have no "
                "generator in bench/loader.py and no default; add one there."
            )
        self.columns = [field.column for field in fields]
        self.names = [name for name, _filler in self.slots]
        self.fillers = [filler for _name, filler in self.slots]
        self.rows = []

    def add(self, row: dict) -> None:
        self.rows.append(tuple(map(row.get, self.names, self.fillers)))

    def flush(self, cursor) -> int:
        """COPY the rows collected so far and return how many."""
        quote = connection.ops.quote_name
        sql = "COPY {} ({}) FROM STDIN".format(
            quote(self.model._meta.db_table),
            ", ".join(quote(column) for column in self.columns),
        )
        with cursor.copy(sql) as copy:
            for row in self.rows:
                copy.write_row(row)
        count = len(self.rows)
        self.rows = []
        return count


_NO_FILLER = object()


def _filler(field):
    if field.null:
        return None
    if field.has_default():
        value = field.get_default()
        return Jsonb(value) if isinstance(value, dict | list) else value
    text = isinstance(field, models.CharField | models.TextField)
    if text and field.blank:
        return ""
    return _NO_FILLER
