"""The permissions an insurer's role can hold, grouped by module.

Only these permissions are ever offered in the role form or granted to an
insurer's staff; Django's other model permissions stay with the operator.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Grant:
    app_label: str
    codename: str
    label: str

    @property
    def perm(self) -> str:
        return f"{self.app_label}.{self.codename}"


@dataclass(frozen=True)
class Module:
    key: str
    label: str
    grants: tuple[Grant, ...]


CATALOGUE: tuple[Module, ...] = (
    Module(
        "orders",
        _("Order management"),
        (
            Grant("orders", "view_order", _("View")),
            Grant("orders", "quote_order", _("Quote")),
            Grant("orders", "upload_payment_notice", _("Upload payment notice")),
            Grant("orders", "review_payment", _("Review payment")),
            Grant("orders", "issue_letter", _("Issue letter")),
            Grant("orders", "create_offline_order", _("Add offline order")),
            Grant("orders", "export_orders", _("Export")),
        ),
    ),
    Module(
        "policies",
        _("Policy management"),
        (
            Grant("policies", "view_policy", _("View")),
            Grant(
                "policies",
                "assign_service_organization",
                _("Assign third-party service"),
            ),
        ),
    ),
    Module(
        "accounts",
        _("Account management"),
        (Grant("accounts", "manage_accounts", _("Manage accounts")),),
    ),
    Module(
        "roles",
        _("Role management"),
        (Grant("roles", "manage_roles", _("Manage roles")),),
    ),
    Module(
        "sms",
        _("SMS log"),
        (
            Grant("sms", "view_smsmessage", _("View")),
            Grant("sms", "resend_sms", _("Resend")),
        ),
    ),
)

ALL_GRANTS: tuple[Grant, ...] = tuple(g for m in CATALOGUE for g in m.grants)
ALL_PERMS: frozenset[str] = frozenset(g.perm for g in ALL_GRANTS)
