"""Querysets compiled to SQL once per process, then run again with other values.

A page that reads a record by its id builds the same statement for every request: only the
values change. Building a queryset with joins and subqueries and compiling it costs the ORM
about a millisecond, more than PostgreSQL takes to answer it, so the qualification page (three
such statements) compiles each of them once, with stand-in values, and afterwards sends the same
SQL with the request's values put in their places. The statement still goes through Django's
cursor (query logging, execute wrappers, the database router) and its rows through the same
converters and model construction as the queryset's own.

Only exact-match values can be stand-ins (``field=value`` in a filter, a value an annotation
compares with): a value that the ORM would rewrite (``__contains``), inline into the SQL text
(a slice) or drop is refused when the statement is compiled, so a mistake shows at once, not as
a wrong page. A list of integers is one parameter, an array: the statement compares with it as
``AnyOf(column, values)`` does (``column = ANY(%s)``), where ``__in`` would take one per value.
"""

import datetime
import operator
from collections.abc import Callable
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.backends.postgresql.base import ServerBindingCursor
from django.db.models import BooleanField, Func
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators
from django.db.models.sql.compiler import SQLCompiler
from django.utils.translation import get_language
from modeltranslation.manager import FallbackValuesListIterable

# Stand-ins: values no real request uses, each distinct so that every parameter is found. The
# integers stay inside PostgreSQL's integer range (Django drops an out-of-range comparison from
# the SQL); the dates are long before any record.
_INT_MARKER = 2_147_480_000
_DATE_MARKER = datetime.date(1901, 1, 1)
# Each integer column type's range: a value outside it matches no row (as in the ORM), rather than
# failing to convert.
_INT_RANGES = {"Int2": (-(2**15), 2**15 - 1), "Int4": (-(2**31), 2**31 - 1), "Int8": (-(2**63), 2**63 - 1)}


def prepared_cursor(alias: str = DEFAULT_DB_ALIAS):
    """A Django cursor (query logging and execute wrappers apply) whose statements psycopg sends with
    server-side binding, so that PostgreSQL can keep them prepared: once a statement has run
    ``prepare_threshold`` times on a connection (settings.DATABASE_PREPARED_STATEMENTS), it is parsed
    and, where PostgreSQL finds a generic plan as good as a fresh one, planned no more. For the
    statements every page of a kind sends with other values; Django's own cursors bind on the
    client and never prepare anything."""
    db = connections[alias]
    db.close_if_health_check_failed()
    db.ensure_connection()
    db.validate_thread_sharing()
    with db.wrap_database_errors:
        cursor = ServerBindingCursor(db.connection)
    return db.make_debug_cursor(cursor) if db.queries_logged else db.make_cursor(cursor)


class AnyOf(Func):
    """``column = ANY(values)``, a condition for ``filter()``: the values (a list) are one array
    parameter, so a statement compiled with a stand-in list serves lists of any length."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        column, values = self.source_expressions
        column_sql, column_params = compiler.compile(column)
        values_sql, values_params = compiler.compile(values)
        return f"{column_sql} = ANY({values_sql})", [*column_params, *values_params]


def _marker(kind: type, index: int):
    if kind is int:
        return _INT_MARKER + index
    if kind is list:  # of integers, for AnyOf
        return [_INT_MARKER + index]
    if kind is datetime.date:
        return _DATE_MARKER + datetime.timedelta(days=index)
    raise TypeError(f"no stand-in value for {kind.__name__} parameters")


def _is(value, marker) -> bool:
    if isinstance(marker, list):
        return isinstance(value, list) and value == marker
    if isinstance(marker, int):
        return isinstance(value, int) and not isinstance(value, bool) and value == marker
    return type(value) is datetime.date and value == marker


@dataclass
class _Statement:
    alias: str
    sql: str
    params: list
    slots: dict[str, list[int]]  # parameter name -> its positions in ``params``
    compiler: SQLCompiler
    converters: dict
    pick: Callable | None  # values_list rows: the columns in the order asked for
    instances: tuple | None  # model instances: (model, attnames, start, end, related populators, annotations)


class CompiledQuery:
    """``CompiledQuery(Model, build, name=int, ...)``: ``build(name=value, ...)`` returns a queryset
    of ``Model`` (model instances, or ``values_list`` tuples); it is compiled once per process,
    database alias and language, and ``rows(name=value, ...)`` runs it with other values."""

    def __init__(self, model, build: Callable, **kinds: type):
        self.model = model
        self.build = build
        self.kinds = kinds
        self.compiled: dict[tuple[str, str], _Statement] = {}

    def _compile(self, alias: str) -> _Statement:
        markers = {name: _marker(kind, index) for index, (name, kind) in enumerate(self.kinds.items())}
        queryset = self.build(**markers)
        if queryset._prefetch_related_lookups or queryset._known_related_objects:
            raise ValueError("a compiled query cannot prefetch or carry known related objects")
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        slots = {name: [i for i, value in enumerate(params) if _is(value, marker)] for name, marker in markers.items()}
        for name, positions in slots.items():
            marker = markers[name]
            if not positions or str(marker[0] if isinstance(marker, list) else marker) in sql:
                raise ValueError(f"the value of {name!r} is not an exact-match parameter of the statement")
        converters = compiler.get_converters([column[0] for column in compiler.select[: compiler.col_count]])
        pick = instances = None
        iterable = queryset._iterable_class
        if iterable is ModelIterable:
            info = compiler.klass_info
            start, end = info["select_fields"][0], info["select_fields"][-1] + 1
            attnames = [column[0].target.attname for column in compiler.select[start:end]]
            populators = get_related_populators(info, compiler.select, alias)
            instances = (info["model"], attnames, start, end, populators, dict(compiler.annotation_col_map or {}))
        elif iterable in (ValuesListIterable, FallbackValuesListIterable) and len(queryset._fields) > 1:
            if getattr(queryset, "translation_fields", None):
                raise ValueError("ask for the language columns (name_pl, name_en), not the translated field")
            query = queryset.query
            if query.selected:  # the order values_list() selects its columns in (Django 5.2)
                names = list(query.selected)
            else:
                names = [*query.extra_select, *query.values_select, *query.annotation_select]
            # modeltranslation keeps the order asked for aside and selects the columns in another.
            wanted = list(getattr(queryset, "original_fields", None) or queryset._fields)
            wanted += [name for name in query.annotation_select if name not in wanted]
            pick = operator.itemgetter(*[names.index(name) for name in wanted])
        else:
            raise ValueError("a compiled query returns model instances or values_list tuples of several columns")
        return _Statement(alias, sql, list(params), slots, compiler, converters, pick, instances)

    def _statement(self) -> _Statement:
        alias = router.db_for_read(self.model)
        key = (alias, get_language() or "")
        statement = self.compiled.get(key)
        if statement is None:
            statement = self.compiled[key] = self._compile(alias)
        return statement

    def rows(self, **values) -> list:
        """Model instances, or values_list tuples, for ``values``."""
        statement = self._statement()
        params = list(statement.params)
        for name, positions in statement.slots.items():
            value = values[name]
            for position in positions:
                kind = type(statement.params[position])
                if isinstance(value, list | tuple):
                    value = [int(item) for item in value]  # an array parameter (AnyOf)
                elif isinstance(value, int):
                    low, high = _INT_RANGES.get(kind.__name__, (-(2**63), 2**63 - 1))
                    if not low <= value <= high:
                        return []  # no row holds a value its column cannot hold
                    value = kind(value)  # the ORM's integer type (Int4, Int8), as it would send it
                params[position] = value
        with prepared_cursor(statement.alias) as cursor:
            cursor.execute(statement.sql, params)
            rows = cursor.fetchall()
        db = connections[statement.alias]
        if db.queries_logged and db.queries_log and db.queries_log[-1]["sql"] is None:
            # psycopg keeps no text of a statement it ran prepared: the log shows it with its values.
            db.queries_log[-1]["sql"] = db.ops.compose_sql(statement.sql, params)
        if statement.converters:
            rows = list(statement.compiler.apply_converters(rows, statement.converters))
        if statement.pick is not None:
            return [statement.pick(row) for row in rows]
        model, attnames, start, end, populators, annotations = statement.instances
        objects = []
        for row in rows:
            obj = model.from_db(statement.alias, attnames, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            for name, position in annotations.items():
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects

    def first(self, **values):
        found = self.rows(**values)
        return found[0] if found else None
