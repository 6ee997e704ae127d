"""The Aliyun backend with the SDK's client mocked: no network."""

import json
from unittest import mock

import pytest

pytest.importorskip(
    "alibabacloud_dysmsapi20170525",
    reason="the optional extra `aliyun` (Alibaba Cloud SMS SDK) is not installed",
)
# The imports below need the SDK, so they follow the skip above (E402).

from alibabacloud_dysmsapi20170525.models import (  # noqa: E402
    SendSmsResponse,
    SendSmsResponseBody,
)
from django.core.exceptions import ImproperlyConfigured  # noqa: E402
from Tea.exceptions import TeaException  # noqa: E402

from sms.backends import PermanentError, TemporaryError  # noqa: E402
from sms.backends.aliyun import AliyunBackend  # noqa: E402

SECRET = "very-secret-access-key"


@pytest.fixture
def aliyun(settings):
    settings.SMS_ALIYUN_ACCESS_KEY_ID = "LTAI-test-id"
    settings.SMS_ALIYUN_ACCESS_KEY_SECRET = SECRET
    settings.SMS_ALIYUN_SIGN_NAME = "安责险平台"
    settings.SMS_ALIYUN_TEMPLATE_CODES = {"letter_issued": "SMS_100001"}
    settings.SMS_ALIYUN_ENDPOINT = "dysmsapi.aliyuncs.com"
    settings.SMS_PROVIDER_TIMEOUT_SECONDS = 7
    with mock.patch("alibabacloud_dysmsapi20170525.client.Client") as client_class:
        backend = AliyunBackend()
        yield backend, client_class


def send(backend):
    return backend.send(
        message_id=42,
        mobile="13812345678",
        template="letter_issued",
        params={"insurer": "甲财险", "policy_number": "PAQ1"},
        text="【甲财险】……",
    )


def reply(code="OK", message="OK", biz_id="900619867123^0"):
    body = SendSmsResponseBody(code=code, message=message, biz_id=biz_id)
    return SendSmsResponse(status_code=200, body=body)


def test_sends_through_the_sdk_with_the_message_id_as_out_id(aliyun):
    backend, client_class = aliyun
    client_class.return_value.send_sms.return_value = reply()

    result = send(backend)

    assert result.provider_message_id == "900619867123^0"
    config = client_class.call_args.args[0]
    assert config.access_key_id == "LTAI-test-id"
    assert config.endpoint == "dysmsapi.aliyuncs.com"
    assert config.read_timeout == config.connect_timeout == 7000
    request = client_class.return_value.send_sms.call_args.args[0]
    assert request.phone_numbers == "13812345678"
    assert request.sign_name == "安责险平台"
    assert request.template_code == "SMS_100001"
    assert request.out_id == "42"
    assert json.loads(request.template_param) == {
        "insurer": "甲财险",
        "policy_number": "PAQ1",
    }


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("isv.BUSINESS_LIMIT_CONTROL", TemporaryError),
        ("isp.SYSTEM_ERROR", TemporaryError),
        ("isv.MOBILE_NUMBER_ILLEGAL", PermanentError),
        ("isv.SMS_TEMPLATE_ILLEGAL", PermanentError),
    ],
)
def test_a_refusal_in_the_reply_is_classified(aliyun, code, error):
    backend, client_class = aliyun
    client_class.return_value.send_sms.return_value = reply(code=code, message="x")
    with pytest.raises(error, match=code):
        send(backend)


@pytest.mark.parametrize(
    ("exception", "error"),
    [
        (TeaException({"code": None, "message": "timed out"}), TemporaryError),
        (TeaException({"code": "Throttling.User", "message": "slow"}), TemporaryError),
        (
            TeaException({"code": "InvalidAccessKeyId.NotFound", "message": "no"}),
            PermanentError,
        ),
    ],
)
def test_an_sdk_exception_is_classified_without_the_request(aliyun, exception, error):
    backend, client_class = aliyun
    exception.data = {"request": f"AccessKeySecret={SECRET}&PhoneNumbers=13812345678"}
    client_class.return_value.send_sms.side_effect = exception
    with pytest.raises(error) as raised:
        send(backend)
    assert SECRET not in str(raised.value)
    assert "13812345678" not in str(raised.value)


def test_a_template_without_a_code_is_refused(aliyun):
    backend, _client_class = aliyun
    with pytest.raises(PermanentError, match="quote_ready"):
        backend.send(
            message_id=1,
            mobile="13812345678",
            template="quote_ready",
            params={},
            text="",
        )


def test_missing_settings_are_named_not_shown(settings):
    settings.SMS_ALIYUN_ACCESS_KEY_ID = "LTAI-test-id"
    settings.SMS_ALIYUN_ACCESS_KEY_SECRET = ""
    settings.SMS_ALIYUN_SIGN_NAME = ""
    with pytest.raises(ImproperlyConfigured) as raised:
        AliyunBackend()
    assert "SMS_ALIYUN_ACCESS_KEY_SECRET" in str(raised.value)
    assert "LTAI-test-id" not in str(raised.value)
