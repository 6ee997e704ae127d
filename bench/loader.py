"""Generate a province's ten years of orders and COPY them into PostgreSQL.

Imported by ``bench/load_orders.py`` once Django is set up. Rows are built
in memory a chunk at a time and written with COPY; secondary indexes of the
large tables are dropped during the load and rebuilt afterwards, which is
several times faster than maintaining them row by row.
"""

import datetime
import math
import random
import time
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Side, User
from insurers.models import Enterprise, Industry, Insurer, Region
from orders.models import Action, Order, OrderEvent, OrderSource, OrderState, Quote
from policies.models import Policy, ServiceOrganization, next_visit_due
from roles.services import ensure_administrator_role

from . import names
from .copying import MissingGenerator, Table  # noqa: F401 - raised to the CLI

BENCH_PASSWORD = "bench-pass-2026"
STAFF_PER_INSURER = 3
INSURER_COUNT = 20
YEARS = 10
CHUNK_ORDERS = 20_000
ORDERS_PER_ENTERPRISE = 8
SERVICE_ORGANIZATIONS = 40

BIG_TABLES = [Enterprise, User, Order, Quote, OrderEvent, Policy]

ONLINE_PATH = [
    (Action.APPLY, OrderState.AWAITING_QUOTE),
    (Action.QUOTE, OrderState.QUOTED),
    (Action.ACCEPT_QUOTE, OrderState.QUOTE_ACCEPTED),
    (Action.UPLOAD_PAYMENT_NOTICE, OrderState.AWAITING_PAYMENT),
    (Action.SUBMIT_PAYMENT, OrderState.PAYMENT_SUBMITTED),
    (Action.APPROVE_PAYMENT, OrderState.AWAITING_ISSUANCE),
    (Action.ISSUE_LETTER, OrderState.ISSUED),
]
OFFLINE_PATH = [
    (Action.CREATE_OFFLINE, OrderState.OFFLINE_PENDING),
    (Action.SUPPLEMENTARY_ENTRY, OrderState.ISSUED),
]
ONLINE_STEP = {state: index for index, (_a, state) in enumerate(ONLINE_PATH)}
ENTERPRISE_ACTIONS = {Action.APPLY, Action.ACCEPT_QUOTE, Action.SUBMIT_PAYMENT}
ENTERPRISE_ACTIONS |= {Action.DECLINE_QUOTE}

# Final state of an order older than six weeks: most are issued, some were
# cancelled, a few were abandoned half-way and still wait.
SETTLED_ONLINE = {
    OrderState.ISSUED: 85,
    OrderState.CANCELLED: 10,
    OrderState.QUOTED: 2,
    OrderState.AWAITING_PAYMENT: 2,
    OrderState.AWAITING_QUOTE: 1,
}
RECENT_ONLINE = {
    OrderState.AWAITING_QUOTE: 15,
    OrderState.QUOTED: 15,
    OrderState.QUOTE_ACCEPTED: 10,
    OrderState.AWAITING_PAYMENT: 15,
    OrderState.PAYMENT_SUBMITTED: 10,
    OrderState.AWAITING_ISSUANCE: 10,
    OrderState.ISSUED: 20,
    OrderState.CANCELLED: 5,
}
SETTLED_OFFLINE = {OrderState.ISSUED: 90, OrderState.CANCELLED: 5}
SETTLED_OFFLINE[OrderState.OFFLINE_PENDING] = 5
RECENT_OFFLINE = {OrderState.OFFLINE_PENDING: 50, OrderState.ISSUED: 45}
RECENT_OFFLINE[OrderState.CANCELLED] = 5
RECENT_DAYS = 45
OFFLINE_SHARE = 0.25
SERVICE_ITEMS = "隐患排查、安全培训、应急演练"
CENT = Decimal("0.01")


def weighted(choices: dict) -> tuple[list, list]:
    return list(choices), list(choices.values())


class Loader:
    """Everything generated so far, and the tables being copied."""

    def __init__(self, *, orders: int, seed: int, out):
        self.order_count = orders
        self.rng = random.Random(seed)
        self.out = out
        self.now = timezone.now().replace(microsecond=0)
        self.start = self.now - datetime.timedelta(days=365 * YEARS + 2)
        self.counts = {}
        # One hash for every account: hashing is slow by design.
        self.password = make_password(BENCH_PASSWORD)
        self.tables = {
            Enterprise: Table(Enterprise, ENTERPRISE_FIELDS),
            User: Table(User, ACCOUNT_FIELDS),
            Order: Table(Order, ORDER_FIELDS),
            Quote: Table(Quote, QUOTE_FIELDS),
            OrderEvent: Table(OrderEvent, EVENT_FIELDS),
            Policy: Table(Policy, POLICY_FIELDS),
        }

    # Reference rows, through the ORM: a few dozen.

    def create_insurers(self) -> None:
        self.insurers = []
        self.staff = {}
        for position, prefix in enumerate(names.INSURER_PREFIXES[:INSURER_COUNT]):
            insurer = Insurer.objects.create(
                name=f"{prefix}财产保险股份有限公司",
                short_name=f"{prefix}财险",
                slug=f"bench-{position + 1:02d}",
                display_order=position,
            )
            role = ensure_administrator_role(insurer=insurer)
            self.staff[insurer.pk] = [
                self.create_staff(insurer, role, number)
                for number in range(1, STAFF_PER_INSURER + 1)
            ]
            self.insurers.append(insurer)
        # Market shares fall off like a real market's: the largest insurer
        # holds about a quarter of the orders.
        self.insurer_weights = [1 / (rank + 1) ** 0.9 for rank in range(INSURER_COUNT)]

    def create_staff(self, insurer, role, number: int) -> tuple[int, str]:
        user = User(
            username=f"{insurer.slug}-staff{number}",
            real_name=names.person_name(self.rng),
            mobile=names.mobile(self.rng),
            side=Side.INSURER,
            insurer=insurer,
        )
        user.password = self.password
        user.save()
        user.groups.add(role.group)
        return user.pk, user.real_name

    def create_service_organizations(self) -> None:
        regions = list(Region.objects.all())
        self.organizations = {}
        for number in range(1, SERVICE_ORGANIZATIONS + 1):
            region = regions[number % len(regions)]
            organization = ServiceOrganization.objects.create(
                name=names.place_name(region.name)
                + names.brand(self.rng)
                + self.rng.choice(names.SERVICE_WORDS)
                + "有限公司",
                code=f"BENCH-SO-{number:03d}",
                region=region,
                contact_name=names.person_name(self.rng),
                contact_mobile=names.mobile(self.rng),
            )
            self.organizations.setdefault(region.pk, []).append(organization.pk)

    # Enterprises and their accounts, by COPY.

    def create_enterprises(self, cursor) -> None:
        industries = {row.code: row for row in Industry.objects.all()}
        regions = {row.code: row for row in Region.objects.all()}
        industry_codes, industry_weights = weighted(
            {c: w for c, w in names.INDUSTRY_WEIGHTS.items() if c in industries}
        )
        region_codes, region_weights = weighted(
            {c: w for c, w in names.REGION_WEIGHTS.items() if c in regions}
        )
        count = max(50, self.order_count // ORDERS_PER_ENTERPRISE)
        first_id = _next_id(Enterprise)
        first_account = _next_id(User)
        password = self.password
        self.enterprises = []
        rng = self.rng
        for serial in range(count):
            industry = industries[rng.choices(industry_codes, industry_weights)[0]]
            region = regions[rng.choices(region_codes, region_weights)[0]]
            pk, account_pk = first_id + serial, first_account + serial
            contact = names.person_name(rng)
            joined = self.start - datetime.timedelta(days=rng.randrange(1, 365))
            code = names.credit_code(serial + 1, region.code, rng)
            name = names.enterprise_name(
                rng,
                place=names.place_name(region.name),
                industry_code=industry.code,
                brand_name=names.brand(rng),
            )
            employees = max(3, min(5000, int(rng.lognormvariate(4.1, 0.9))))
            mobile = names.mobile(rng)
            self.tables[Enterprise].add(
                {
                    "id": pk,
                    "name": name,
                    "credit_code": code,
                    "industry_id": industry.pk,
                    "region_id": region.pk,
                    "address": names.address(rng, region.name),
                    "contact_name": contact,
                    "contact_mobile": mobile,
                    "employee_count": employees,
                    "created_at": joined,
                }
            )
            self.tables[User].add(
                {
                    "id": account_pk,
                    "password": password,
                    "username": f"ent-{code}",
                    "real_name": contact,
                    "mobile": mobile,
                    "side": Side.ENTERPRISE,
                    "enterprise_id": pk,
                    "date_joined": joined,
                    "is_superuser": False,
                    "is_staff": False,
                    "is_active": True,
                }
            )
            home = rng.choices(self.insurers, self.insurer_weights)[0].pk
            self.enterprises.append(
                (pk, account_pk, contact, employees, region.pk, home)
            )
        self.flush(cursor, Enterprise, User)

    # Orders, quotes, events and policies, by COPY in chunks.

    def create_orders(self) -> None:
        rng = self.rng
        span = (self.now - self.start).total_seconds()
        # Orders grow with the number of insured enterprises: the density of
        # creation times rises linearly over the ten years.
        offsets = sorted(
            span * math.sqrt(rng.random()) for _ in range(self.order_count)
        )
        self.next_ids = {
            model: _next_id(model) for model in (Order, Quote, OrderEvent, Policy)
        }
        for begin in range(0, self.order_count, CHUNK_ORDERS):
            with transaction.atomic(), connection.cursor() as cursor:
                # The rows are consistent by construction: skip the foreign
                # key triggers, which would cost more than the COPY itself.
                cursor.execute("SET LOCAL session_replication_role = replica")
                for offset in offsets[begin : begin + CHUNK_ORDERS]:
                    self.create_order(self.start + datetime.timedelta(seconds=offset))
                self.flush(cursor.cursor, Order, Quote, OrderEvent, Policy)
            done = min(begin + CHUNK_ORDERS, self.order_count)
            self.out.write(f"  {done:>9,} orders\n")
            self.out.flush()

    def create_order(self, created_at: datetime.datetime) -> None:
        rng = self.rng
        enterprise = rng.choice(self.enterprises)
        ent_pk, account_pk, contact, employees, region_pk, home = enterprise
        insurer_pk = home
        if rng.random() < 0.15:
            insurer_pk = rng.choices(self.insurers, self.insurer_weights)[0].pk
        staff = self.staff[insurer_pk]
        offline = rng.random() < OFFLINE_SHARE
        age_days = (self.now - created_at).days
        state = self.pick_state(age_days, offline)
        order = {
            "id": self.take_id(Order),
            "insurer_id": insurer_pk,
            "enterprise_id": ent_pk,
            "source": OrderSource.OFFLINE if offline else OrderSource.ONLINE,
            "state": state,
            "headcount": max(1, int(employees * rng.uniform(0.9, 1.05))),
            "created_at": created_at,
        }
        order["number"] = f"TB{created_at:%Y%m%d}{order['id']:08d}"
        terms = self.terms(order["headcount"])
        context = Context(order, terms, staff, (account_pk, contact), created_at)
        steps = self.steps(state, offline)
        for action, to_state in steps:
            self.apply_step(context, action, to_state)
        order["version"] = len(steps) - 1
        order["created_by_id"] = staff[0][0] if offline else account_pk
        order["updated_at"] = context.clock
        self.tables[Order].add(order)
        if state == OrderState.ISSUED:
            self.create_policy(context, region_pk)

    def pick_state(self, age_days: int, offline: bool) -> str:
        if age_days > RECENT_DAYS:
            table = SETTLED_OFFLINE if offline else SETTLED_ONLINE
        else:
            table = RECENT_OFFLINE if offline else RECENT_ONLINE
        states, weights = weighted(table)
        return self.rng.choices(states, weights)[0]

    def steps(self, state: str, offline: bool) -> list[tuple[str, str]]:
        """Return the (action, state reached) moves that led to ``state``."""
        rng = self.rng
        if offline:
            if state == OrderState.CANCELLED:
                return [OFFLINE_PATH[0], (Action.CANCEL, OrderState.CANCELLED)]
            return OFFLINE_PATH[: 1 if state == OrderState.OFFLINE_PENDING else 2]
        if state == OrderState.CANCELLED:
            stop = rng.randrange(4)
            path = ONLINE_PATH[: stop + 1] + [(Action.CANCEL, OrderState.CANCELLED)]
        else:
            path = ONLINE_PATH[: ONLINE_STEP[state] + 1]
        # Some enterprises decline the first quote and accept a second one;
        # some proofs of payment are rejected and sent again.
        if len(path) > 2 and rng.random() < 0.06:
            path = (
                path[:2]
                + [
                    (Action.DECLINE_QUOTE, OrderState.AWAITING_QUOTE),
                    (Action.QUOTE, OrderState.QUOTED),
                ]
                + path[2:]
            )
        approve = (Action.APPROVE_PAYMENT, OrderState.AWAITING_ISSUANCE)
        if approve in path and rng.random() < 0.04:
            at = path.index(approve)
            path = (
                path[:at]
                + [
                    (Action.REJECT_PAYMENT, OrderState.AWAITING_PAYMENT),
                    (Action.SUBMIT_PAYMENT, OrderState.PAYMENT_SUBMITTED),
                ]
                + path[at:]
            )
        return path

    def terms(self, headcount: int) -> dict:
        rng = self.rng
        premium = Decimal(headcount * rng.randrange(180, 650)).quantize(CENT)
        death_limit = Decimal(rng.choice((400_000, 500_000, 600_000, 800_000)))
        return {
            "premium": premium,
            "rate": Decimal(rng.randrange(8_000, 30_000)) / 10_000,
            "death_limit": death_limit,
            "medical_limit": Decimal(rng.choice((50_000, 80_000, 100_000))),
            "visits": rng.randrange(2, 7),
            "budget": (premium * Decimal(rng.randrange(10, 22)) / 100).quantize(CENT),
        }

    def apply_step(self, context, action: str, to_state: str) -> None:
        rng = self.rng
        if context.events:
            context.advance(rng, self.now)
        actor_pk, actor_name = (
            context.enterprise_account
            if action in ENTERPRISE_ACTIONS
            else rng.choice(context.staff)
        )
        self.tables[OrderEvent].add(
            {
                "id": self.take_id(OrderEvent),
                "order_id": context.order["id"],
                "actor_id": actor_pk,
                "actor_name": actor_name,
                "created_at": context.clock,
                "action": action,
                "from_state": context.state,
                "to_state": to_state,
                "note": "企业已停业" if action == Action.CANCEL else "",
            }
        )
        context.events += 1
        context.state = to_state
        self.record_on_order(context, action, actor_pk)

    def record_on_order(self, context, action: str, actor_pk: int) -> None:
        """Fill the order fields that ``action`` sets."""
        rng, order, terms, today = self.rng, context.order, context.terms, context.day
        if action == Action.APPLY:
            order["requested_start"] = today + datetime.timedelta(days=30)
            if rng.random() < 0.6:
                order["requested_death_limit"] = terms["death_limit"]
        elif action == Action.QUOTE:
            self.create_quote(context, actor_pk)
        elif action == Action.DECLINE_QUOTE:
            context.quotes[-1]["status"] = "declined"
            context.quotes[-1]["decline_reason"] = "保费高于预算"
        elif action == Action.ACCEPT_QUOTE:
            context.quotes[-1]["status"] = "accepted"
        elif action == Action.UPLOAD_PAYMENT_NOTICE:
            order["amount_due"] = terms["premium"]
            order["payee_account"] = f"3501 0100 {order['insurer_id']:04d} 0088 66"
            order["payment_due_on"] = today + datetime.timedelta(days=15)
        elif action == Action.SUBMIT_PAYMENT:
            order["amount_paid"] = terms["premium"]
            order["payer_account"] = f"6222 {rng.randrange(10**12):012d}"
            order["bank_serial"] = f"{today:%Y%m%d}{rng.randrange(10**12):012d}"
            order["paid_on"] = today
        elif action in (Action.ISSUE_LETTER, Action.SUPPLEMENTARY_ENTRY):
            order["policy_number"] = policy_number(order, today)
            order["issued_on"] = today
            if action == Action.SUPPLEMENTARY_ENTRY:
                order["actual_service_items"] = terms["visits"]
        elif action == Action.CANCEL and context.quotes:
            if context.quotes[-1]["status"] == "sent":
                context.quotes[-1]["status"] = "withdrawn"

    def create_quote(self, context, actor_pk: int) -> None:
        terms, order = context.terms, context.order
        start = context.day + datetime.timedelta(days=30)
        quote = {
            "id": self.take_id(Quote),
            "order_id": order["id"],
            "version": len(context.quotes) + 1,
            "status": "sent",
            "premium": terms["premium"],
            "rate": terms["rate"],
            "death_limit_per_person": terms["death_limit"],
            "medical_limit_per_person": terms["medical_limit"],
            "headcount": order["headcount"],
            "period_start": start,
            "period_end": start + datetime.timedelta(days=364),
            "service_items": SERVICE_ITEMS,
            "planned_visits": terms["visits"],
            "prevention_budget": terms["budget"],
            "valid_until": context.day + datetime.timedelta(days=30),
            "created_by_id": actor_pk,
            "created_at": context.clock,
        }
        if context.quotes and context.quotes[-1]["status"] == "sent":
            context.quotes[-1]["status"] = "withdrawn"
        context.quotes.append(quote)
        order["current_quote_id"] = quote["id"]
        self.tables[Quote].add(quote)

    def create_policy(self, context, region_pk: int) -> None:
        rng, order, terms = self.rng, context.order, context.terms
        start = order["issued_on"] + datetime.timedelta(days=1)
        end = start + datetime.timedelta(days=364)
        policy = {
            "id": self.take_id(Policy),
            "number": order["policy_number"],
            "insurer_id": order["insurer_id"],
            "enterprise_id": order["enterprise_id"],
            "order_id": order["id"],
            "period_start": start,
            "period_end": end,
            "premium": terms["premium"],
            "death_limit_per_person": terms["death_limit"],
            "medical_limit_per_person": terms["medical_limit"],
            "headcount": order["headcount"],
            "service_items": SERVICE_ITEMS,
            "planned_visits": terms["visits"],
            "prevention_budget": terms["budget"],
            "issued_on": order["issued_on"],
            "created_at": context.clock,
            "visits_done": 0,
        }
        local = self.organizations.get(region_pk)
        if local and rng.random() < 0.7:
            policy["service_organization_id"] = rng.choice(local)
            policy["assigned_at"] = context.clock + datetime.timedelta(
                days=rng.randrange(1, 10)
            )
            policy["visits_done"] = self.visits_done(start, end, terms["visits"])
        policy["next_visit_due_on"] = next_visit_due(
            period_start=start,
            period_end=end,
            planned=terms["visits"],
            done=policy["visits_done"],
        )
        self.tables[Policy].add(policy)

    def visits_done(self, start, end, planned: int) -> int:
        today = self.now.date()
        if today < start:
            return 0
        elapsed = min(1.0, (today - start).days / (end - start).days)
        # A few organizations fall behind their plan.
        return min(planned, int(planned * elapsed * self.rng.uniform(0.6, 1.1)))

    # Plumbing.

    def take_id(self, model) -> int:
        pk = self.next_ids[model]
        self.next_ids[model] = pk + 1
        return pk

    def flush(self, cursor, *models) -> None:
        for model in models:
            label = model._meta.label
            self.counts[label] = self.counts.get(label, 0) + self.tables[model].flush(
                cursor
            )


class Context:
    """The order being generated, and where its story has got to."""

    def __init__(self, order, terms, staff, enterprise_account, created_at):
        self.order = order
        self.terms = terms
        self.staff = staff
        self.enterprise_account = enterprise_account
        self.clock = created_at
        self.state = ""
        self.events = 0
        self.quotes = []

    @property
    def day(self) -> datetime.date:
        return (self.clock + LOCAL_OFFSET).date()

    def advance(self, rng, now) -> None:
        """Move the clock on by between an hour and four days."""
        step = datetime.timedelta(seconds=rng.randrange(3_600, 4 * 86_400))
        self.clock = min(now, self.clock + step)


# The local day of an instant, without a time zone lookup per row: China has
# kept UTC+8 all year since 1991.
LOCAL_OFFSET = datetime.timedelta(hours=8)


ENTERPRISE_FIELDS = {
    "id",
    "name",
    "credit_code",
    "industry_id",
    "region_id",
    "address",
    "contact_name",
    "contact_mobile",
    "employee_count",
    "created_at",
}
ACCOUNT_FIELDS = {
    "id",
    "password",
    "username",
    "real_name",
    "mobile",
    "side",
    "enterprise_id",
    "date_joined",
    "is_superuser",
    "is_staff",
    "is_active",
}
ORDER_FIELDS = {
    "id",
    "number",
    "insurer_id",
    "enterprise_id",
    "source",
    "state",
    "version",
    "headcount",
    "requested_death_limit",
    "requested_start",
    "current_quote_id",
    "amount_due",
    "payee_account",
    "payment_due_on",
    "amount_paid",
    "payer_account",
    "bank_serial",
    "paid_on",
    "policy_number",
    "issued_on",
    "actual_service_items",
    "created_by_id",
    "created_at",
    "updated_at",
}
EVENT_FIELDS = {
    "id",
    "order_id",
    "actor_id",
    "actor_name",
    "created_at",
    "action",
    "from_state",
    "to_state",
    "note",
}
QUOTE_FIELDS = {
    "id",
    "order_id",
    "version",
    "status",
    "premium",
    "rate",
    "death_limit_per_person",
    "medical_limit_per_person",
    "headcount",
    "period_start",
    "period_end",
    "service_items",
    "planned_visits",
    "prevention_budget",
    "valid_until",
    "created_by_id",
    "created_at",
}
POLICY_FIELDS = {
    "id",
    "number",
    "insurer_id",
    "enterprise_id",
    "order_id",
    "period_start",
    "period_end",
    "premium",
    "death_limit_per_person",
    "medical_limit_per_person",
    "headcount",
    "service_items",
    "planned_visits",
    "prevention_budget",
    "issued_on",
    "created_at",
    "visits_done",
    "service_organization_id",
    "assigned_at",
    "next_visit_due_on",
}


def policy_number(order: dict, day: datetime.date) -> str:
    return f"AZ{order['insurer_id']:02d}{day:%Y}{order['id']:09d}"


def _next_id(model) -> int:
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608
        return cursor.fetchone()[0]


def secondary_indexes(models) -> list[tuple[str, str]]:
    """Return (name, definition) of the indexes of ``models`` that back no
    constraint: the ones that can be dropped and rebuilt around a load."""
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.indexname, i.indexdef
            FROM pg_indexes i
            JOIN pg_class c ON c.relname = i.indexname
            WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid)
            """,
            [tables],
        )
        return cursor.fetchall()


def drop_indexes(indexes) -> None:
    with connection.cursor() as cursor:
        for name, _definition in indexes:
            cursor.execute("DROP INDEX IF EXISTS " + connection.ops.quote_name(name))


def create_indexes(indexes, out) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for name, definition in indexes:
            started = time.monotonic()
            cursor.execute(definition.replace(" INDEX ", " INDEX IF NOT EXISTS ", 1))
            out.write(f"  index {name}: {time.monotonic() - started:.1f} s\n")


def reset_sequences(models) -> None:
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def vacuum_analyze(models) -> None:
    """ANALYZE for the planner, and VACUUM to set the visibility map that
    index-only scans need: right after COPY no page is marked all-visible,
    so a count would read the whole table until autovacuum passes."""
    with connection.cursor() as cursor:
        for model in models:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"VACUUM (ANALYZE) {table}")
