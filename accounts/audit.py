"""The audit log of account and role changes: writing an entry, and reading
its changes back as labelled lines."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from roles.catalogue import CATALOGUE

from .models import AuditEntry

FIELD_LABELS = {
    "username": gettext_lazy("Username"),
    "real_name": gettext_lazy("real name"),
    "mobile": gettext_lazy("mobile"),
    "email": gettext_lazy("email"),
    "is_active": gettext_lazy("active"),
    "roles": gettext_lazy("roles"),
    "name": gettext_lazy("role name"),
    "perms_added": gettext_lazy("Permissions granted"),
    "perms_removed": gettext_lazy("Permissions withdrawn"),
}

PERM_LABELS = {
    grant.perm: (module.label, grant.label)
    for module in CATALOGUE
    for grant in module.grants
}


def record(*, insurer, actor, action, target, changes=None) -> AuditEntry:
    """Write one audit entry; ``actor`` None stands for the operator."""
    return AuditEntry.objects.create(
        insurer=insurer,
        actor=actor,
        actor_name=actor.display_name if actor is not None else "",
        action=action,
        target_id=target.pk,
        target_name=str(target)[:150],
        changes=changes or {},
    )


def describe(entry: AuditEntry) -> list[tuple[str, str]]:
    """Return the entry's changes as (label, text) pairs for display."""
    lines = []
    for field, value in entry.changes.items():
        label = str(FIELD_LABELS.get(field, field))
        if field.startswith("perms_"):
            lines.append((label, "、".join(_perm_text(p) for p in value)))
        else:
            old, new = value
            lines.append((label, f"{_text(old)} → {_text(new)}"))
    return lines


def _perm_text(perm: str) -> str:
    module, grant = PERM_LABELS.get(perm, (perm, ""))
    return f"{module}·{grant}" if grant else str(module)


def _text(value) -> str:
    if value is None or value == "":
        return "—"
    if value is True:
        return _("Yes")
    if value is False:
        return _("No")
    if isinstance(value, list):
        return "、".join(value) or "—"
    return str(value)
