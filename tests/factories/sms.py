import factory
from django.utils import timezone

from sms.models import SmsMessage, SmsStatus
from sms.texts import render

from .orders import OrderFactory


class SmsMessageFactory(factory.django.DjangoModelFactory):
    """A letter-issued message about an order of the same insurer."""

    class Meta:
        model = SmsMessage

    order = factory.SubFactory(OrderFactory)
    insurer = factory.SelfAttribute("order.insurer")
    mobile = factory.SelfAttribute("order.enterprise.contact_mobile")
    template = "letter_issued"
    params = factory.LazyAttribute(
        lambda o: {"insurer": o.insurer.short_name, "policy_number": "PAQ0000000001"}
    )
    text = factory.LazyAttribute(lambda o: render(o.template, o.params))
    status = SmsStatus.PENDING
    next_attempt_at = factory.LazyFunction(timezone.now)
