"""Alibaba Cloud SMS (阿里云短信服务) through its official Python SDK.

The SDK is the optional extra ``aliyun`` (``pip install -e ".[aliyun]"``)
and is imported only when this backend is used. Settings, read from the
environment: SMS_ALIYUN_ACCESS_KEY_ID, SMS_ALIYUN_ACCESS_KEY_SECRET,
SMS_ALIYUN_SIGN_NAME, SMS_ALIYUN_TEMPLATE_CODES (``letter_issued=SMS_1,...``:
one approved Aliyun template per outbox template, declaring the same
variables) and SMS_ALIYUN_ENDPOINT.

The message id goes out as OutId. Aliyun returns it in delivery receipts
but does not refuse a second request carrying the same OutId, so it lets an
operator match receipts to rows; it does not make a re-send idempotent.
"""

import json
import logging

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from . import BaseBackend, PermanentError, SendResult, TemporaryError

logger = logging.getLogger(__name__)

# Error codes worth another attempt: rate limits, an empty balance the
# operator can top up, and the provider's own faults. Any other code
# (invalid number, unapproved template or sign, wrong key) is permanent.
TEMPORARY_CODES = frozenset(
    {
        "isv.BUSINESS_LIMIT_CONTROL",
        "isv.AMOUNT_NOT_ENOUGH",
        "isp.SYSTEM_ERROR",
        "ServiceUnavailable",
        "InternalError",
    }
)
TEMPORARY_PREFIXES = ("Throttling", "isp.")


class AliyunBackend(BaseBackend):
    def __init__(self):
        missing = [
            name
            for name in (
                "SMS_ALIYUN_ACCESS_KEY_ID",
                "SMS_ALIYUN_ACCESS_KEY_SECRET",
                "SMS_ALIYUN_SIGN_NAME",
            )
            if not getattr(settings, name)
        ]
        if missing:
            raise ImproperlyConfigured(f"Aliyun SMS needs {', '.join(missing)}.")
        self.client = _client()

    def send(self, *, message_id, mobile, template, params, text):
        from alibabacloud_dysmsapi20170525.models import SendSmsRequest
        from Tea.exceptions import TeaException

        template_code = settings.SMS_ALIYUN_TEMPLATE_CODES.get(template)
        if not template_code:
            raise PermanentError(f"No Aliyun template code for {template}.")
        request = SendSmsRequest(
            phone_numbers=mobile,
            sign_name=settings.SMS_ALIYUN_SIGN_NAME,
            template_code=template_code,
            template_param=json.dumps(params, ensure_ascii=False),
            out_id=str(message_id),
        )
        try:
            response = self.client.send_sms(request)
        except TeaException as exc:
            status = getattr(exc, "status_code", None) or getattr(exc, "statusCode", 0)
            raise _error(exc.code, exc.message, status=status) from exc

        body = response.body
        if body.code != "OK":
            raise _error(body.code, body.message)
        return SendResult(provider_message_id=body.biz_id or "")


def _client():
    from alibabacloud_dysmsapi20170525.client import Client
    from alibabacloud_tea_openapi.models import Config

    timeout_ms = settings.SMS_PROVIDER_TIMEOUT_SECONDS * 1000
    config = Config(
        access_key_id=settings.SMS_ALIYUN_ACCESS_KEY_ID,
        access_key_secret=settings.SMS_ALIYUN_ACCESS_KEY_SECRET,
        endpoint=settings.SMS_ALIYUN_ENDPOINT,
        connect_timeout=timeout_ms,
        read_timeout=timeout_ms,
    )
    return Client(config)


def _error(code, message, *, status=0) -> Exception:
    """Classify an Aliyun error; the text holds its code and message only,
    never the request (which carries the number and the signature)."""
    text = f"Aliyun {code or 'network error'}: {message or ''}".strip()
    temporary = (
        not code
        or code in TEMPORARY_CODES
        or code.startswith(TEMPORARY_PREFIXES)
        or (status or 0) >= 500
    )
    return TemporaryError(text) if temporary else PermanentError(text)
