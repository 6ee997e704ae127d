"""The left navigation of each side, filtered by the user's permissions."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Side


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    icon: str
    permission: str | None = None


NAVIGATION: dict[str, tuple[NavItem, ...]] = {
    Side.INSURER: (
        NavItem(_("Home"), "insurers:home", "house"),
        NavItem(
            _("Order management"), "orders:list", "clipboard-check", "orders.view_order"
        ),
        NavItem(
            _("Policy management"), "policies:list", "shield", "policies.view_policy"
        ),
        NavItem(
            _("Account management"),
            "accounts:list",
            "people",
            "accounts.manage_accounts",
        ),
        NavItem(
            _("Role management"), "roles:list", "person-badge", "roles.manage_roles"
        ),
        NavItem(_("SMS log"), "sms:list", "chat-left-text", "sms.view_smsmessage"),
    ),
    Side.ENTERPRISE: (
        NavItem(_("Home"), "orders:enterprise_home", "house"),
        NavItem(_("My orders"), "orders:enterprise_orders", "list-check"),
        NavItem(_("Apply for insurance"), "orders:apply", "plus-square"),
        NavItem(_("Cover and service"), "policies:enterprise_policies", "shield-check"),
    ),
    Side.SERVICE: (
        NavItem(_("Home"), "policies:service_home", "house"),
        NavItem(_("Orders"), "policies:service_policies", "list-check"),
        NavItem(
            _("Inspection management"), "policies:service_visits", "clipboard-check"
        ),
    ),
    Side.REGULATOR: (NavItem(_("Home"), "insurers:regulator_home", "house"),),
}


def items_for(request) -> list[dict]:
    """Return the navigation entries this user may open, the current one
    marked active."""
    user = request.user
    items = []
    for item in NAVIGATION.get(user.side, ()):
        if item.permission and not user.has_perm(item.permission):
            continue
        url = reverse(item.url_name)
        items.append({"label": item.label, "url": url, "icon": item.icon})
    _mark_active(items, request.path)
    return items


def _mark_active(items: list[dict], path: str) -> None:
    best = max(
        (i for i in items if path.startswith(i["url"])),
        key=lambda i: len(i["url"]),
        default=None,
    )
    for item in items:
        item["active"] = item is best
