"""Several counts in one round trip to the database: the navigation's numbers on every page cost one query together,
not one each."""

from django.db import connections
from django.db.models import QuerySet


def count_all(querysets: list[QuerySet]) -> list[int]:
    """The number of rows of each queryset, in order: SELECT (SELECT count(*) FROM (…)), (SELECT count(*) …)."""
    parts, params, alias = [], [], None
    for index, queryset in enumerate(querysets):
        if queryset.query.is_empty():
            parts.append("0")
            continue
        alias = alias or queryset.db
        sql, query_params = queryset.order_by().values("pk").query.sql_with_params()
        parts.append(f"(SELECT count(*) FROM ({sql}) AS counted_{index})")  # noqa: S608 - the ORM compiled it
        params.extend(query_params)
    if alias is None:
        return [0] * len(querysets)
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return [int(number) for number in cursor.fetchone()]
