"""Load a province's orders into a dedicated PostgreSQL database, by COPY.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/epolicy_bench DEBUG=1 \\
        .venv/bin/python -m bench.load_orders --orders 1000000 --fresh

Creates 20 insurers with staff accounts (administrator role, password
``bench-pass-2026``), 40 service organizations, one enterprise (with its
account) per eight orders, then the orders with their quotes, timeline
events and, for issued orders, policies. Prints rows per second.
"""

import argparse
import os
import sys
import time


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="empty the tenant tables first (the database must be a bench one)",
    )
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("The loader needs PostgreSQL: set DATABASE_URL.")
    database = connection.settings_dict["NAME"]
    if "bench" not in database:
        sys.exit(f"Refusing to load into {database!r}: use a database named *bench*.")

    from . import loader

    return run(loader, args, database)


def run(loader, args, database) -> int:
    from django.db import connection, transaction

    from insurers.models import Insurer

    out = sys.stdout
    try:
        load = loader.Loader(orders=args.orders, seed=args.seed, out=out)
    except loader.MissingGenerator as error:
        sys.exit(f"Cannot load: {error}")

    if args.fresh:
        empty_tenant_tables()
    elif Insurer.objects.filter(slug__startswith="bench-").exists():
        sys.exit("Bench data is already loaded; pass --fresh to replace it.")

    started = time.monotonic()
    indexes = loader.secondary_indexes(loader.BIG_TABLES)
    out.write(f"Loading {args.orders:,} orders into {database}\n")
    with transaction.atomic():
        load.create_insurers()
        load.create_service_organizations()
    loader.drop_indexes(indexes)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            load.create_enterprises(cursor.cursor)
        load.create_orders()
        copied = time.monotonic()
    finally:
        out.write("Rebuilding indexes\n")
        loader.create_indexes(indexes, out)
    loader.reset_sequences(loader.BIG_TABLES)
    loader.vacuum_analyze(loader.BIG_TABLES)
    report(load.counts, started, copied, out)
    return 0


def empty_tenant_tables() -> None:
    from django.db import connection

    tables = [
        "insurers_insurer",
        "insurers_enterprise",
        "policies_serviceorganization",
        "accounts_user",
        "auth_group",
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")


def report(counts: dict, started: float, copied: float, out) -> None:
    finished = time.monotonic()
    total = sum(counts.values())
    out.write("\nRows copied:\n")
    for label, count in counts.items():
        out.write(f"  {label:<24} {count:>10,}\n")
    out.write(
        f"  {'total':<24} {total:>10,}\n\n"
        f"Generating and copying: {copied - started:.0f} s "
        f"({total / (copied - started):,.0f} rows/s)\n"
        f"With indexes and VACUUM ANALYZE: {finished - started:.0f} s "
        f"({total / (finished - started):,.0f} rows/s)\n"
    )


if __name__ == "__main__":
    sys.exit(main())
