"""Self-registration of an enterprise and its one enterprise-side account."""

import logging

from django.contrib.auth import password_validation
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import Side, User
from insurers.models import Enterprise

logger = logging.getLogger(__name__)


class RegistrationRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def register_enterprise(*, enterprise_values: dict, username: str, password: str):
    """Create the enterprise and its account; one account per credit code.

    A code already known to the platform (registered, or entered by an
    insurer for an offline order) is refused: its account is opened by the
    platform operator after checking who asks.
    """
    code = enterprise_values["credit_code"]
    if Enterprise.objects.filter(credit_code=code).exists():
        raise RegistrationRefused(_("This credit code is already registered."))
    if User.objects.filter(username__iexact=username).exists():
        raise RegistrationRefused(_("This username is taken; choose another."))

    try:
        with transaction.atomic():
            enterprise = Enterprise.objects.create(**enterprise_values)
            user = User(
                username=username,
                side=Side.ENTERPRISE,
                enterprise=enterprise,
                real_name=enterprise.contact_name,
                mobile=enterprise.contact_mobile,
            )
            password_validation.validate_password(password, user)
            user.set_password(password)
            user.save()
    except IntegrityError as error:
        raise RegistrationRefused(
            _("This credit code or username was registered meanwhile.")
        ) from error

    logger.info("Enterprise %s registered with account %s", enterprise.pk, user.pk)
    return user
