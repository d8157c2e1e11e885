"""Compile a page's fixed queries once per process, then run them with new values.

The read rules (public(), in_force() and their windows) stay written once, on
the models' QuerySets; but compiling what they build (nested window and EXISTS
subqueries) took about half of a small state of play's own CPU time, on every
request, for SQL that differs only in its values. `prepared()` builds the
QuerySet once with marker values, compiles it, notes where each marker lands
among the parameters, and from then on runs that SQL with the request's values
through the same compiler state, so that rows come back as the QuerySet would
give them (related rows, annotations, prefetches).

A QuerySet whose SQL a value could reshape (None, a bool, a list) is never
prepared: callers put whatever decides the shape into the key, and a value
that is not found among the compiled parameters makes prepared() fall back to
running the QuerySet as usual.
"""

import copy
import datetime

from django.db import connections

# {key: (queryset, compiler, sql, params, slots)}, or None when the query
# cannot be prepared (a value not found among its parameters). Keys are few:
# one per query and shape.
_PREPARED = {}

_FIRST_MARKER_INT = -1_946_482_113
_FIRST_MARKER_DAY = datetime.date(1, 1, 2)


def _marker(index, value):
    """Return a value of the same kind as `value` that no real row holds."""
    if isinstance(value, datetime.datetime):
        return None
    if isinstance(value, datetime.date):
        return _FIRST_MARKER_DAY + datetime.timedelta(days=index)
    if isinstance(value, int) and not isinstance(value, bool):
        return _FIRST_MARKER_INT - index
    return None


def _same_kind(param, marker):
    if isinstance(marker, datetime.date):
        return type(param) is datetime.date
    return isinstance(param, int) and not isinstance(param, bool)


def _prepare(build, values):
    markers = [_marker(index, value) for index, value in enumerate(values)]
    queryset = build(*markers)
    compiler = queryset.query.get_compiler(queryset.db)
    sql, params = compiler.as_sql()
    slots = []
    for position, param in enumerate(params):
        for index, marker in enumerate(markers):
            if _same_kind(param, marker) and param == marker:
                # Keep the parameter's own type (psycopg's Int4 for some
                # compared values), given the request's value.
                wrap = type(param) if type(param) not in (int, datetime.date) else None
                slots.append((position, index, wrap))
    if {index for _, index, _ in slots} != set(range(len(values))):
        return None
    return queryset, compiler, sql, tuple(params), tuple(slots)


def prepared(key, build, values):
    """Return list(build(*values)), compiling its SQL once per process per `key`.

    `build` takes the values (ints and dates) positionally and returns a
    QuerySet; `key` names the query and everything else that shapes its SQL.
    Runs the queries build(*values) would (its prefetches included).
    """
    if any(_marker(0, value) is None for value in values):
        return list(build(*values))
    if key not in _PREPARED:
        _PREPARED[key] = _prepare(build, values)
    entry = _PREPARED[key]
    if entry is None:
        return list(build(*values))
    queryset, compiler, sql, params, slots = entry
    bound = list(params)
    for position, index, wrap in slots:
        bound[position] = values[index] if wrap is None else wrap(values[index])
    # A shallow copy per run: the compiled state is shared, read only; the
    # connection is this thread's own.
    run = copy.copy(compiler)
    run.connection = connections[queryset.db]
    run.as_sql = lambda *args, **kwargs: (sql, tuple(bound))
    clone = queryset._chain()
    clone.query.get_compiler = lambda *args, **kwargs: run
    return list(clone)
