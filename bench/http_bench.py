"""Measure the order and policy lists over HTTP against the two references.

    .venv/bin/python -m bench.http_bench

Needs the data of ``bench.load_orders`` in the database of DATABASE_URL
(default: the local epolicy_bench) and Debian's ``wrk``. Starts gunicorn
(2 workers, DEBUG off, ``bench.settings``), signs in as the staff of the
largest insurer, and for each scenario reads the SQL query count of one
request (``X-Query-Count``), then runs wrk twice: one connection for the
latency of a request (median, p95) and four connections for the throughput
(requests per second). Prints the table and the ratios against the targets
and writes them to bench/RESULTS.md, keeping the notes written around them.
Never fails on a number; a scenario whose page does not exist is skipped.
"""

import argparse
import dataclasses
import datetime
import os
import platform
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "RESULTS.md"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/epolicy_bench"
SECRET_KEY = "bench-only-secret-key-never-used-in-production"  # noqa: S105
STATIC_ROOT = Path(tempfile.gettempdir()) / "epolicy-bench-static"
GUNICORN_LOG = Path(tempfile.gettempdir()) / "epolicy-bench-gunicorn.log"
PORT = 8765
OPERATOR = "bench-operator"
STATE = "payment_submitted"
DEEP_PAGE = 500
PAGE_ROWS = 20
MIN_SAMPLES = 5
PAGE_SIZES = (10, 20, 50, 100)
START = "<!-- figures:start -->"
END = "<!-- figures:end -->"


@dataclasses.dataclass
class Scenario:
    key: str
    label: str
    url: str | None
    cookie: str = ""
    skipped: str = ""
    status: int = 0
    queries: str = ""
    bytes: int = 0
    p50: float | None = None
    p95: float | None = None
    rps: float | None = None
    loaded_p50: float | None = None
    loaded_p95: float | None = None
    errors: int = 0
    sql_ms: float | None = None
    server_ms: float | None = None


def environment(database: str) -> dict:
    """The environment of gunicorn and of this process: production settings
    without HTTPS, against the bench database."""
    return {
        "DATABASE_URL": database,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "0",
        "SECRET_KEY": SECRET_KEY,
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(STATIC_ROOT),
        "LOG_LEVEL": "WARNING",
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10, help="per wrk run")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=PORT)
    parser.add_argument("--no-upload", action="store_true")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)

    os.environ.update(environment(os.environ.get("DATABASE_URL", DEFAULT_DATABASE)))
    import django

    django.setup()
    load_at_start = os.getloadavg()
    collect_static()
    data = bench_data()
    base = f"http://127.0.0.1:{args.port}"
    scenarios = build_scenarios(data, base)
    server = start_gunicorn(args.workers, args.port)
    try:
        wait_for(base)
        for scenario in scenarios:
            run_scenario(scenario, args)
        data["page_sizes"] = queries_by_page_size(scenarios[0])
    finally:
        stop(server)

    uploads = [] if args.no_upload else upload_figures()
    machine = describe_machine(data)
    machine["load_at_start"] = load_at_start
    text = render(scenarios, uploads, machine, data, args)
    print(text)
    if not args.no_write:
        write_results(text)
    return 0


# What to measure.


def bench_data() -> dict:
    """The insurer, accounts, order and search terms the scenarios use."""
    from django.contrib.auth.hashers import make_password
    from django.test import Client

    from accounts.models import Side, User
    from bench.loader import BENCH_PASSWORD
    from insurers.models import Insurer
    from orders.models import Order, OrderState

    insurer = Insurer.objects.filter(slug="bench-01").first()
    if insurer is None:
        sys.exit("No bench data: run python -m bench.load_orders first.")
    staff = User.objects.for_insurer(insurer).order_by("pk").first()
    operator, _created = User.objects.get_or_create(
        username=OPERATOR,
        defaults={
            "side": Side.OPERATOR,
            "is_staff": True,
            "is_superuser": True,
            "password": make_password(BENCH_PASSWORD),
        },
    )
    orders = Order.objects.for_insurer(insurer).select_related("enterprise")
    latest = orders.order_by("-created_at", "-id").first()
    issued = orders.filter(state=OrderState.ISSUED).order_by("-created_at").first()
    # The second and third characters are the brand: 宏远 in 晋江宏远建筑….
    term = latest.enterprise.name[2:4]
    return {
        "insurer": insurer,
        "staff_cookie": session_cookie(Client(), staff),
        "operator_cookie": session_cookie(Client(), operator),
        "term": term,
        "term_matches": orders.filter(enterprise__name__contains=term).count(),
        "credit_code": latest.enterprise.credit_code,
        "order": issued or latest,
        "insurer_orders": orders.count(),
    }


def session_cookie(client, user) -> str:
    from django.conf import settings

    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}"


def build_scenarios(data: dict, base: str) -> list[Scenario]:
    staff, operator = data["staff_cookie"], data["operator_cookie"]
    term, code = data["term"], data["credit_code"]
    deep = max(1, min(DEEP_PAGE, data["insurer_orders"] // PAGE_ROWS))
    orders = url_or_none("orders:list")
    order = url_or_none("orders:detail", data["order"].pk)
    policies = url_or_none("policies:list")
    admin = url_or_none("bench_admin:orders_order_changelist")
    bare = url_or_none("bench_reference", data["insurer"].pk)
    specs = [
        ("list", "订单列表 first page", orders, "", staff),
        ("list_state", f"订单列表 state={STATE}", orders, f"state={STATE}", staff),
        ("list_name", f"订单列表 search name “{term}”", orders, f"q={term}", staff),
        ("list_code", "订单列表 search credit code", orders, f"q={code}", staff),
        ("list_deep", f"订单列表 page {deep}", orders, f"page={deep}", staff),
        ("order", "订单 order page", order, "", staff),
        ("policies", "保单列表 first page", policies, "", staff),
        ("admin", "admin changelist first page", admin, "", operator),
        ("admin_name", f"admin search name “{term}”", admin, f"q={term}", operator),
        ("bare", "bare reference list", bare, "", ""),
    ]
    return [make_scenario(*spec, base=base) for spec in specs]


def url_or_none(name: str, *args) -> str | None:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def make_scenario(key, label, path, query, cookie, *, base: str) -> Scenario:
    from urllib.parse import quote

    if path is None:
        return Scenario(key, label, None, skipped="no such page yet")
    if query:
        name, _sep, value = query.partition("=")
        path = f"{path}?{name}={quote(value)}"
    return Scenario(key, label, base + path, cookie)


# Running.


def collect_static() -> None:
    """DEBUG off serves hashed static names from a manifest: collect them,
    every run, since a stale manifest turns a new asset into an error 500."""
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


def start_gunicorn(workers: int, port: int) -> subprocess.Popen:
    log = GUNICORN_LOG.open("w")
    return subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "config.wsgi:application",
            f"--workers={workers}",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
            "--timeout=120",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_for(base: str) -> None:
    for _attempt in range(100):
        try:
            urllib.request.urlopen(base + "/", timeout=2)  # noqa: S310
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"gunicorn did not answer on {base}; see {GUNICORN_LOG}")


def stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(scenario: Scenario) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(scenario.url)  # noqa: S310
    if scenario.cookie:
        request.add_header("Cookie", scenario.cookie)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), b""


def run_scenario(scenario: Scenario, args) -> None:
    if scenario.skipped:
        print(f"skip  {scenario.label}: {scenario.skipped}", flush=True)
        return
    # Every worker should have compiled the page's templates before anything
    # is timed; requests one after another leave no work queued behind.
    server_times = []
    for _warm in range(args.workers * 2):
        status, headers, body = fetch(scenario)
        server_times.append(
            (float(headers.get("X-Query-Ms", 0)), float(headers.get("X-Server-Ms", 0)))
        )
    # The median request of the warm-up, by server time.
    scenario.sql_ms, scenario.server_ms = sorted(server_times, key=lambda t: t[1])[
        len(server_times) // 2
    ]
    scenario.status, scenario.bytes = status, len(body)
    scenario.queries = headers.get("X-Query-Count", "?")
    if status != 200:
        scenario.skipped = f"answers HTTP {status}"
        print(f"skip  {scenario.label}: {scenario.skipped}", flush=True)
        return
    single = wrk(scenario, connections=1, seconds=args.seconds / 2)
    loaded = wrk(scenario, connections=args.connections, seconds=args.seconds)
    scenario.p50, scenario.p95 = single["p50_us"] / 1000, single["p95_us"] / 1000
    if single["requests"] < MIN_SAMPLES:
        # Slower than wrk's window allows: time a few requests one by one.
        scenario.p50, scenario.p95 = sequential(scenario)
    scenario.rps = loaded["requests"] / (loaded["duration_us"] / 1e6)
    if loaded["requests"]:
        scenario.loaded_p50 = loaded["p50_us"] / 1000
        scenario.loaded_p95 = loaded["p95_us"] / 1000
    scenario.errors = single["errors"] + loaded["errors"]
    print(
        f"done  {scenario.label}: p50 {scenario.p50:.1f} ms, "
        f"{scenario.rps:.0f} req/s, {scenario.queries} queries",
        flush=True,
    )


def page_size_parameter() -> str | None:
    """The order list's page-size parameter, if its filter form has one."""
    try:
        from orders.forms import OrderFilterForm
    except ImportError:
        return None
    names = ("page_size", "per_page", "size", "paginate_by")
    return next((n for n in names if n in OrderFilterForm.base_fields), None)


def queries_by_page_size(first_page: Scenario) -> dict:
    """X-Query-Count of the order list for 10 to 100 rows a page."""
    name = page_size_parameter()
    if first_page.url is None or name is None:
        return {}
    counts = {}
    for size in PAGE_SIZES:
        probe = dataclasses.replace(first_page, url=f"{first_page.url}?{name}={size}")
        _status, headers, _body = fetch(probe)
        counts[size] = headers.get("X-Query-Count", "?")
    return counts


def sequential(scenario: Scenario) -> tuple[float, float]:
    """Median and slowest of MIN_SAMPLES requests made one after another."""
    times = []
    for _sample in range(MIN_SAMPLES):
        started = time.perf_counter()
        fetch(scenario)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return times[len(times) // 2], times[-1]


def wrk(scenario: Scenario, *, connections: int, seconds: float) -> dict:
    command = [
        "wrk",
        f"--threads={min(connections, 2)}",
        f"--connections={connections}",
        f"--duration={max(1, round(seconds))}s",
        "--timeout=30s",
        f"--script={BENCH / 'wrk_report.lua'}",
    ]
    if scenario.cookie:
        command.append(f"--header=Cookie: {scenario.cookie}")
    command.append(scenario.url)
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(row for row in output.splitlines() if row.startswith("RESULT "))
    return {key: int(value) for key, value in re.findall(r"(\w+)=(\d+)", line)}


def upload_figures() -> list[dict]:
    import json

    child = subprocess.run(
        [sys.executable, "-m", "bench.upload_bench", "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1"},
    )
    if child.returncode:
        print(child.stderr, file=sys.stderr)
        return []
    return json.loads(child.stdout.strip().splitlines()[-1])


# Reporting.


def describe_machine(data: dict) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
        counts = {}
        for table in ("orders_order", "orders_orderevent", "policies_policy"):
            cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 - fixed names
            counts[table] = cursor.fetchone()[0]
        cursor.execute("SELECT COUNT(*) FROM insurers_enterprise")
        counts["insurers_enterprise"] = cursor.fetchone()[0]
    memory = next(
        line.split()[1]
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    git = ["git", "rev-parse", "--short", "HEAD"]
    commit = subprocess.run(git, capture_output=True, text=True, cwd=ROOT).stdout
    commit = commit.strip()
    status = ["git", "status", "--porcelain", "--", "orders", "policies", "insurers"]
    changed = subprocess.run(status, capture_output=True, text=True, cwd=ROOT).stdout
    if changed.strip():
        commit += " plus uncommitted changes in the working tree"
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": int(memory) / 1024 / 1024,
        "postgresql": server,
        "load": os.getloadavg(),
        "commit": commit,
        "counts": counts,
    }


def rate(value) -> str:
    if value is None:
        return "–"
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def ms(value) -> str:
    return "–" if value is None else f"{value:.1f}"


def ratio(numerator, denominator) -> float | None:
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def verdict(value, target: float, *, at_least: bool) -> str:
    if value is None:
        return "not measured"
    met = value >= target if at_least else value <= target
    return "met" if met else "**missed**"


def render(scenarios, uploads, machine, data, args) -> str:
    by_key = {s.key: s for s in scenarios}
    rows = [
        "| scenario | median ms | p95 ms | req/s | queries | SQL / server ms "
        f"| p50 / p95 ms at {args.connections} conn. | status |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for s in scenarios:
        loaded = f"{ms(s.loaded_p50)} / {ms(s.loaded_p95)}" if s.loaded_p50 else "–"
        status = s.skipped or ("ok" if not s.errors else f"{s.errors} errors")
        rows.append(
            f"| {s.label} | {ms(s.p50)} | {ms(s.p95)} | "
            f"{rate(s.rps)} | {s.queries or '–'} | "
            f"{ms(s.sql_ms)} / {ms(s.server_ms)} | {loaded} | {status} |"
        )
    targets = target_rows(by_key, uploads, data.get("page_sizes", {}))
    counts = machine["counts"]
    load = "{:.1f} at the start, {:.1f} at the end".format(
        machine["load_at_start"][0], machine["load"][0]
    )
    return "\n".join(
        [
            START,
            f"Measured {machine['date']} on commit {machine['commit']}: "
            f"{machine['cpus']} CPUs ({machine['cpu']}), "
            f"{machine['memory_gib']:.0f} GiB memory, PostgreSQL "
            f"{machine['postgresql']}; one-minute load average {load} "
            "(the machine is shared with other work).",
            "",
            f"Data: {counts['orders_order']:,} orders, "
            f"{counts['insurers_enterprise']:,} enterprises, "
            f"{counts['orders_orderevent']:,} order events, "
            f"{counts['policies_policy']:,} policies over 20 insurers; "
            f"signed in as staff of {data['insurer'].name} "
            f"({data['insurer_orders']:,} orders). The name search "
            f"“{data['term']}” matches {data['term_matches']} of its orders.",
            "",
            f"gunicorn {args.workers} sync workers, DEBUG off. Median and p95: "
            f"wrk with 1 connection for {max(1, round(args.seconds / 2))} s; "
            f"req/s: wrk with {args.connections} connections for "
            f"{round(args.seconds)} s. A page too slow for {MIN_SAMPLES} requests "
            f"in wrk's window is timed over {MIN_SAMPLES} requests made one "
            "after another (p95 is then the slowest). Queries: X-Query-Count "
            "of one request. SQL / server ms: time spent in SQL and in the "
            "whole Django request, measured inside the worker (median of the "
            f"{args.workers * 2} warm-up requests).",
            "",
            *rows,
            "",
            "| target | measured | verdict |",
            "| --- | --- | --- |",
            *targets,
            END,
        ]
    )


def target_rows(by_key: dict, uploads: list[dict], page_sizes: dict) -> list[str]:
    def p50(key):
        return by_key[key].p50

    first = ratio(p50("admin"), p50("list"))
    search = ratio(p50("admin_name"), p50("list_name"))
    deep = ratio(p50("list_deep"), p50("list"))
    throughput = ratio(by_key["list"].rps, by_key["bare"].rps)
    name_p95 = by_key["list_name"].p95
    lists = [by_key[key] for key in by_key if key.startswith("list")]
    queries = [int(s.queries) for s in lists if s.queries.isdigit()]
    worst = max(queries) if queries else None
    rows = [
        ("first page ≥ 15× faster than the admin (median)", first, 15, True, "×"),
        ("name search ≥ 20× faster than the admin's (median)", search, 20, True, "×"),
        ("name search p95 < 50 ms", name_p95, 50, False, " ms"),
        (
            "first page ≤ 9.7 ms median (the admin's 146 ms in the specification ÷ 15)",
            p50("list"),
            146 / 15,
            False,
            " ms",
        ),
        (
            "name search ≤ 50 ms median (the admin's 1 s in the specification ÷ 20)",
            p50("list_name"),
            50,
            False,
            " ms",
        ),
        ("deep page ≤ 3× the first page (median)", deep, 3, False, "×"),
        ("throughput ≥ 0.8× the bare list", throughput, 0.8, True, "×"),
        ("queries per order-list page ≤ 8 (worst scenario)", worst, 8, False, ""),
    ]
    lines = [
        f"| {name} | {figure(value, unit)} | "
        f"{verdict(value, target, at_least=at_least)} |"
        for name, value, target, at_least, unit in rows
    ]
    if page_sizes:
        counts = ", ".join(f"{size} rows: {n}" for size, n in page_sizes.items())
        constant = len(set(page_sizes.values())) == 1
        lines.append(
            f"| queries constant for 10 to 100 rows a page | {counts} | "
            f"{'met' if constant else '**missed**'} |"
        )
    else:
        lines.append(
            "| queries constant for 10 to 100 rows a page | the list has no "
            "page-size parameter | not measured |"
        )
    for figures in uploads:
        memory = max(figures["rss_increase_mb"], figures["traced_peak_mb"])
        what = f"{figures['kind']} PDF, {figures['pages']} pages"
        lines.append(
            f"| 20 MB upload ({what}) validates < 0.3 s | "
            f"{figures['seconds']:.2f} s | "
            f"{verdict(figures['seconds'], 0.3, at_least=False)} |"
        )
        lines.append(
            f"| 20 MB upload ({what}) peak memory < 40 MB | {memory:.1f} MB | "
            f"{verdict(memory, 40, at_least=False)} |"
        )
    return lines


def figure(value, unit: str) -> str:
    if value is None:
        return "–"
    return f"{value:.2f}{unit}" if isinstance(value, float) else f"{value}{unit}"


def write_results(text: str) -> None:
    """Replace the figures in RESULTS.md, keeping the notes around them."""
    if RESULTS.exists():
        current = RESULTS.read_text()
        if START in current and END in current:
            before = current.split(START)[0]
            after = current.split(END, 1)[1]
            RESULTS.write_text(before + text + after)
            return
    RESULTS.write_text(f"# Benchmark results\n\n{text}\n")


if __name__ == "__main__":
    sys.exit(main())
