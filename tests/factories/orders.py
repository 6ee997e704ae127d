import datetime
import io
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfWriter

from orders.models import Order, OrderEvent, OrderState, Quote, QuoteStatus
from orders.uploads import PDF_OR_IMAGE, validate_upload

from .accounts import EnterpriseAccountFactory
from .insurers import EnterpriseFactory, InsurerFactory


def pdf_bytes(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_upload(name: str = "file.pdf", pages: int = 1) -> SimpleUploadedFile:
    """A small valid PDF upload, validated as a form would."""
    upload = SimpleUploadedFile(name, pdf_bytes(pages), "application/pdf")
    upload.upload_info = validate_upload(upload, allow=PDF_OR_IMAGE)
    return upload


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order

    number = factory.Sequence(lambda n: f"T{n:012d}")
    insurer = factory.SubFactory(InsurerFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    state = OrderState.AWAITING_QUOTE
    headcount = factory.SelfAttribute("enterprise.employee_count")
    created_by = factory.SubFactory(
        EnterpriseAccountFactory, enterprise=factory.SelfAttribute("..enterprise")
    )


class QuoteFactory(factory.django.DjangoModelFactory):
    """A quote that respects the default rules for its order's enterprise."""

    class Meta:
        model = Quote
        skip_postgeneration_save = True

    order = factory.SubFactory(OrderFactory, state=OrderState.QUOTED)
    version = 1
    status = QuoteStatus.SENT
    premium = Decimal("20000.00")
    rate = Decimal("2.5000")
    death_limit_per_person = Decimal("500000.00")
    medical_limit_per_person = Decimal("50000.00")
    headcount = factory.SelfAttribute("order.enterprise.employee_count")
    period_start = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=10)
    )
    period_end = factory.LazyAttribute(
        lambda o: o.period_start + datetime.timedelta(days=364)
    )
    service_items = "隐患排查、安全培训"
    planned_visits = 4
    prevention_budget = Decimal("4000.00")
    valid_until = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=30)
    )
    created_by = factory.SubFactory(
        "tests.factories.accounts.InsurerStaffFactory",
        insurer=factory.SelfAttribute("..order.insurer"),
    )

    @factory.post_generation
    def make_current(obj, create, extracted, **kwargs):
        if create:
            obj.order.current_quote = obj
            obj.order.save(update_fields=["current_quote"])


class OrderEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrderEvent

    order = factory.SubFactory(OrderFactory)
    actor = factory.SelfAttribute("order.created_by")
    actor_name = factory.SelfAttribute("actor.display_name")
    action = "apply"
    from_state = ""
    to_state = OrderState.AWAITING_QUOTE
