"""The messages the platform sends, keyed by template code.

Source strings are English; recipients read the Chinese translation, so
every text is rendered in ``settings.SMS_LANGUAGE``. The placeholders of a
text are the parameters its template requires (an Aliyun template declares
the same variables).
"""

import re

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

PLACEHOLDER_RE = re.compile(r"%\((\w+)\)s")


class SmsTemplate(models.TextChoices):
    LETTER_ISSUED = "letter_issued", _("Letter issued notice")
    QUOTE_READY = "quote_ready", _("Quote confirmation request")
    PAYMENT_NOTICE = "payment_notice", _("Payment notice reminder")
    PAYMENT_REJECTED = "payment_rejected", _("Payment rejection notice")
    ORGANIZATION_ASSIGNED = "organization_assigned", _("Service assignment notice")


TEXTS = {
    SmsTemplate.LETTER_ISSUED: _(
        "[%(insurer)s] The letter of your work-safety liability insurance has "
        "been issued, policy number %(policy_number)s. Sign in to the "
        "enterprise side to download the e-policy."
    ),
    SmsTemplate.QUOTE_READY: _(
        "[%(insurer)s] Your order %(order_number)s has been quoted. Sign in "
        "to the enterprise side to confirm the quote."
    ),
    SmsTemplate.PAYMENT_NOTICE: _(
        "[%(insurer)s] The payment notice of your order %(order_number)s has "
        "been uploaded. Please pay as the notice says."
    ),
    SmsTemplate.PAYMENT_REJECTED: _(
        "[%(insurer)s] The payment of your order %(order_number)s was "
        "rejected: %(reason)s. Sign in to the enterprise side to upload the "
        "proof of payment again."
    ),
    SmsTemplate.ORGANIZATION_ASSIGNED: _(
        "[%(insurer)s] Your organization has been assigned the "
        "accident-prevention service of policy %(policy_number)s "
        "(%(enterprise)s). Sign in to the service organization side to see it."
    ),
}


def required_params(template: str) -> frozenset[str]:
    """Return the parameter names the text of ``template`` uses."""
    with translation.override("en"):
        return frozenset(PLACEHOLDER_RE.findall(str(TEXTS[template])))


def render(template: str, params: dict) -> str:
    """Return the text of ``template`` filled with ``params``, in the
    language recipients read."""
    with translation.override(settings.SMS_LANGUAGE):
        return str(TEXTS[template]) % params
