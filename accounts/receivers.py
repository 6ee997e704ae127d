"""Sign-in history: every attempt on an existing account, from Django's
authentication signals, for the account's personal center."""

from axes.helpers import get_client_ip_address
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from . import services
from .models import User


@receiver(user_logged_in, dispatch_uid="accounts.remember_sign_in")
def remember_sign_in(sender, request, user, **kwargs):
    services.record_sign_in(user=user, ip_address=_ip(request), succeeded=True)


@receiver(user_login_failed, dispatch_uid="accounts.remember_failed_sign_in")
def remember_failed_sign_in(sender, credentials, request=None, **kwargs):
    username = credentials.get("username")
    if not username:
        return
    user = User.objects.filter(username=username).first()
    if user is not None:
        services.record_sign_in(user=user, ip_address=_ip(request), succeeded=False)


def _ip(request) -> str | None:
    if request is None:
        return None
    return get_client_ip_address(request) or None
