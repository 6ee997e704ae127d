"""factory_boy factories; related rows always stay in one tenant."""

from .accounts import (  # noqa: F401
    EnterpriseAccountFactory,
    InsurerStaffFactory,
    RegulatorAccountFactory,
    ServiceAccountFactory,
)
from .insurers import (  # noqa: F401
    EnterpriseFactory,
    IndustryFactory,
    InsurerFactory,
    RegionFactory,
)
from .orders import OrderEventFactory, OrderFactory, QuoteFactory  # noqa: F401
from .policies import (  # noqa: F401
    ActivePolicyFactory,
    HazardFactory,
    PolicyFactory,
    ServiceOrganizationFactory,
    ServiceVisitFactory,
)
from .sms import SmsMessageFactory  # noqa: F401
