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
            _("Policy management"), "policies:list", "shield", "policies.view_policy"
        ),
    ),
    Side.ENTERPRISE: (NavItem(_("Home"), "orders:enterprise_home", "house"),),
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
