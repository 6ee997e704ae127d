"""factory_boy factories; related rows always stay in one tenant."""

from .accounts import (
    EnterpriseAccountFactory,
    InsurerStaffFactory,
    RegulatorAccountFactory,
    ServiceAccountFactory,
)
from .insurers import (
    EnterpriseFactory,
    IndustryFactory,
    InsurerFactory,
    RegionFactory,
)
from .orders import OrderEventFactory, OrderFactory, QuoteFactory
from .policies import (
    ActivePolicyFactory,
    HazardFactory,
    PolicyFactory,
    ServiceOrganizationFactory,
    ServiceVisitFactory,
)
from .sms import SmsMessageFactory

__all__ = [
    "ActivePolicyFactory",
    "EnterpriseAccountFactory",
    "EnterpriseFactory",
    "HazardFactory",
    "IndustryFactory",
    "InsurerFactory",
    "InsurerStaffFactory",
    "OrderEventFactory",
    "OrderFactory",
    "PolicyFactory",
    "QuoteFactory",
    "RegionFactory",
    "RegulatorAccountFactory",
    "ServiceAccountFactory",
    "ServiceOrganizationFactory",
    "ServiceVisitFactory",
    "SmsMessageFactory",
]
