"""Insert and delete many rows at once, with their django-simple-history records.

A large document holds some 150,000 rows once history and many-to-many rows are
counted. Building a Django object for each history row (as bulk_create_with_history
does) costs more than the rows themselves, so history is written by the database:
one INSERT ... SELECT per table copies the rows as they stand into the historical
table, including the historical many-to-many tables that bulk helpers leave out.
On PostgreSQL the rows themselves go in with COPY; elsewhere with bulk_create.
"""

from django.db import connection

BATCH_SIZE = 1000
# PostgreSQL takes rows through COPY; set False to use bulk_create there too.
USE_COPY = True


def _copying():
    return USE_COPY and connection.vendor == "postgresql"


def _quote(name):
    return connection.ops.quote_name(name)


def _subquery(queryset):
    """Return SQL and parameters selecting the primary keys of a queryset's rows."""
    # Without its default ordering, which would only add joins.
    return queryset.order_by().values("pk").query.sql_with_params()


def _param(field, value):
    """Return a placeholder and parameter for a value written into field's column."""
    prepared = field.get_db_prep_save(value, connection)
    if connection.vendor == "postgresql":
        # A parameter in a SELECT list has no type PostgreSQL can infer.
        return f"CAST(%s AS {field.db_type(connection)})", prepared
    return "%s", prepared


def insert_rows(model, rows):
    """Insert rows (dicts of attribute name to value); return their primary keys."""
    if not rows:
        return []
    if _copying():
        return _copy_rows(model, rows)
    objs = model._base_manager.bulk_create(
        [model(**row) for row in rows], batch_size=BATCH_SIZE
    )
    return [obj.pk for obj in objs]


def insert_links(field, pairs):
    """Insert many-to-many rows for (object id, target id) pairs."""
    if not pairs:
        return
    through = field.remote_field.through
    source = through._meta.get_field(field.m2m_field_name()).attname
    target = through._meta.get_field(field.m2m_reverse_field_name()).attname
    if _copying():
        _copy(through, [source, target], pairs)
        return
    through._base_manager.bulk_create(
        [through(**{source: left, target: right}) for left, right in pairs],
        batch_size=BATCH_SIZE,
    )


def _copy_rows(model, rows):
    """COPY rows into the model's table under ids taken from its sequence."""
    meta = model._meta
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) "
            "FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(rows)],
        )
        ids = [row[0] for row in cursor.fetchall()]
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    # What bulk_create would fill in: defaults, and now for auto_now fields.
    missing = {}
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            missing[field.attname] = field.pre_save(model(), add=True)
        else:
            missing[field.attname] = field.get_default()
    names = [field.attname for field in fields]
    values = (
        (pk, *[row[name] if name in row else missing[name] for name in names])
        for pk, row in zip(ids, rows, strict=True)
    )
    _copy(model, [meta.pk.attname, *names], values)
    return ids


def _copy(model, names, rows):
    meta = model._meta
    columns = ", ".join(_quote(_field_by_attname(model, name).column) for name in names)
    statement = f"COPY {_quote(meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def _field_by_attname(model, attname):
    for field in model._meta.concrete_fields:
        if field.attname == attname:
            return field
    raise LookupError(f"{model.__name__} has no field {attname}")


def record_history(queryset, *, history_type, user, date, reason):
    """Write a history row of the given type ("+" or "-") for each row of the queryset.

    The rows are copied as they stand now, by the database, in one statement.
    Return how many rows were copied.
    """
    model = queryset.model
    history_model = model.history.model
    history_meta = history_model._meta
    tracked = list(history_model.tracked_fields)
    targets = [history_meta.get_field(field.name).column for field in tracked]
    sources = [
        f"{_quote(model._meta.db_table)}.{_quote(field.column)}" for field in tracked
    ]
    extra = {
        "history_date": date,
        "history_type": history_type,
        "history_change_reason": reason,
        "history_user": user.pk if user is not None else None,
    }
    params = []
    for name, value in extra.items():
        field = history_meta.get_field(name)
        targets.append(field.column)
        placeholder, prepared = _param(field, value)
        sources.append(placeholder)
        params.append(prepared)
    select, select_params = _subquery(queryset)
    statement = (
        f"INSERT INTO {_quote(history_meta.db_table)} "
        f"({', '.join(_quote(column) for column in targets)}) "
        f"SELECT {', '.join(sources)} FROM {_quote(model._meta.db_table)} "
        f"WHERE {_quote(model._meta.pk.column)} IN ({select})"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [*params, *select_params])
        return cursor.rowcount


def record_link_history(field, queryset, *, date):
    """Copy the many-to-many rows of the queryset's objects into their history.

    Each row is linked to its object's "+" history record written at `date`, as
    simple_history does when it records one saved object.
    """
    model = queryset.model
    through = field.remote_field.through
    history_model = model.history.model
    historical_through = getattr(history_model, field.name).model
    source = through._meta.get_field(field.m2m_field_name())
    target = through._meta.get_field(field.m2m_reverse_field_name())
    history_meta = history_model._meta
    history_id = history_meta.get_field("history_id").column
    object_id = history_meta.get_field(model._meta.pk.name).column
    copied = [through._meta.pk, source, target]
    targets = [historical_through._meta.get_field(f.name).column for f in copied]
    targets.append(historical_through._meta.get_field("history").column)
    columns = [f"link.{_quote(f.column)}" for f in copied] + [
        f"record.{_quote(history_id)}"
    ]
    date_field = history_meta.get_field("history_date")
    type_field = history_meta.get_field("history_type")
    date_placeholder, date_param = _param(date_field, date)
    type_placeholder, type_param = _param(type_field, "+")
    select, select_params = _subquery(queryset)
    statement = (
        f"INSERT INTO {_quote(historical_through._meta.db_table)} "
        f"({', '.join(_quote(column) for column in targets)}) "
        f"SELECT {', '.join(columns)} "
        f"FROM {_quote(through._meta.db_table)} link "
        f"JOIN {_quote(history_model._meta.db_table)} record "
        f"ON record.{_quote(object_id)} = link.{_quote(source.column)} "
        f"WHERE record.{_quote(date_field.column)} = {date_placeholder} "
        f"AND record.{_quote(type_field.column)} = {type_placeholder} "
        f"AND link.{_quote(source.column)} IN ({select})"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [date_param, type_param, *select_params])


def analyze(tables):
    """Refresh the planner's statistics of some tables (PostgreSQL only).

    tables maps a model to the names of the fields to analyze (None: all). Tables
    that just took thousands of rows still have the statistics of an empty table,
    and a join planned on those runs as a nested loop over everything.
    """
    if connection.vendor != "postgresql" or not tables:
        return
    targets = []
    for model, names in tables.items():
        target = _quote(model._meta.db_table)
        if names is not None:
            columns = [_quote(model._meta.get_field(name).column) for name in names]
            target += f" ({', '.join(columns)})"
        targets.append(target)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(targets)}")


def flush_gin_pending_lists(models):
    """Move the rows waiting in the tables' GIN pending lists into the indexes.

    PostgreSQL only. New rows enter a GIN index (the search indexes) through a
    pending list that a search must scan row by row; only VACUUM, autoanalyze
    or this function empty it, and a plain ANALYZE does not. After a bulk
    import the list holds every row just written.
    """
    if connection.vendor != "postgresql" or not models:
        return
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT gin_clean_pending_list(index.indexrelid::regclass) "
            "FROM pg_index index "
            "JOIN pg_class relation ON relation.oid = index.indexrelid "
            "JOIN pg_am method ON method.oid = relation.relam "
            "WHERE method.amname = 'gin' "
            "AND index.indrelid = ANY(%s::regclass[])",
            [tables],
        )


def delete_rows(queryset):
    """Delete a queryset's rows in one statement, without signals or cascades."""
    model = queryset.model
    select, params = _subquery(queryset)
    statement = (
        f"DELETE FROM {_quote(model._meta.db_table)} "
        f"WHERE {_quote(model._meta.pk.column)} IN ({select})"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
