import factory

from orders.models import Order, OrderState

from .accounts import EnterpriseAccountFactory
from .insurers import EnterpriseFactory, InsurerFactory


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
