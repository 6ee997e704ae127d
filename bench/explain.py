"""Show the SQL of each benchmark scenario, and the plan of the slow ones.

    .venv/bin/python -m bench.explain [--min-ms 5] [--only list_name]

Renders every scenario of http_bench.py in this process (no server), lists
its queries with their time, and runs EXPLAIN (ANALYZE, BUFFERS) on each
query slower than ``--min-ms``: the evidence for an index or a rewrite.
"""

import argparse
import os
import sys
import time


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-ms", type=float, default=5)
    parser.add_argument("--only", nargs="*", default=None)
    args = parser.parse_args(argv)

    from bench import http_bench

    database = os.environ.get("DATABASE_URL", http_bench.DEFAULT_DATABASE)
    os.environ.update(http_bench.environment(database))
    import django

    django.setup()
    http_bench.collect_static()
    data = http_bench.bench_data()
    for scenario in http_bench.build_scenarios(data, base=""):
        if args.only and scenario.key not in args.only:
            continue
        explain(scenario, args.min_ms)
    return 0


def explain(scenario, min_ms: float) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    print(f"\n=== {scenario.label}: {scenario.url or scenario.skipped}")
    if scenario.url is None:
        return
    client = Client(HTTP_HOST="127.0.0.1")
    if scenario.cookie:
        name, _sep, value = scenario.cookie.partition("=")
        client.cookies[name] = value
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(scenario.url)
    total = (time.perf_counter() - started) * 1000
    print(f"HTTP {response.status_code}, {len(captured)} queries, {total:.0f} ms")
    for query in captured.captured_queries:
        milliseconds = float(query["time"]) * 1000
        print(f"  {milliseconds:7.1f} ms  {query['sql'][:160]}")
        select = query["sql"].lstrip().upper().startswith("SELECT")
        if select and milliseconds >= min_ms:
            plan(query["sql"])


def plan(sql: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        for (line,) in cursor.fetchall():
            print("      | " + line)


if __name__ == "__main__":
    sys.exit(main())
