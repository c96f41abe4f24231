"""Rows in the order a search ranked them, in SQL (ORDER BY), on SQLite and
PostgreSQL alike."""

from django.db.models import Func, IntegerField


class RankPosition(Func):
    """The position of the row's id in a ranked id list, for ORDER BY; rows
    not in the list sort after it.

    One parameter whatever the list's length: a CASE with a WHEN per id costs
    more to build than the search itself.
    """

    output_field = IntegerField()
    UNRANKED = 2_147_483_647

    def __init__(self, ids: list[int]):
        super().__init__()
        self.ids = [int(pk) for pk in ids]

    def as_sql(self, compiler, connection, **extra):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        column = f"{table}.{connection.ops.quote_name('id')}"
        if connection.vendor == "postgresql":
            return (
                f"coalesce(array_position(%s::bigint[], {column}), {self.UNRANKED})",
                [self.ids],
            )
        return (
            f"coalesce(nullif(instr(%s, ',' || {column} || ','), 0), {self.UNRANKED})",
            ["," + ",".join(map(str, self.ids)) + ","],
        )
