from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import services
from .models import AuditEntry, Side, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "real_name", "side", "insurer", "is_active"]
    list_filter = ["side", "insurer", "is_active"]
    search_fields = ["username", "real_name", "mobile"]
    list_select_related = ["insurer"]
    raw_id_fields = ["enterprise"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (
            _("Platform"),
            {
                "fields": (
                    "real_name",
                    "mobile",
                    "side",
                    "insurer",
                    "enterprise",
                    "service_organization",
                    "deleted_at",
                )
            },
        ),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (
            _("Platform"),
            {"fields": ("real_name", "mobile", "side", "insurer", "enterprise")},
        ),
    )
    actions = ["grant_administrator_role"]

    def save_model(self, request, obj, form, change):
        """Make an insurer's first account its administrator, as the
        operator sets up a new insurer."""
        with transaction.atomic():
            first = (
                not change
                and obj.side == Side.INSURER
                and not User.objects.for_insurer(obj.insurer).exists()
            )
            super().save_model(request, obj, form, change)
            if first:
                services.grant_administrator_role(account=obj)
        if first:
            messages.info(
                request,
                gettext("%(name)s is the administrator of %(insurer)s.")
                % {"name": obj.display_name, "insurer": obj.insurer},
            )

    @admin.action(description=_("Give the insurer's administrator role"))
    def grant_administrator_role(self, request, queryset):
        accounts = queryset.filter(side=Side.INSURER, deleted_at__isnull=True)
        for account in accounts:
            services.grant_administrator_role(account=account)
        messages.success(
            request,
            gettext("Administrator role given to %(count)s accounts.")
            % {"count": len(accounts)},
        )


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log is written by the services alone."""

    list_display = ["at", "insurer", "actor_name", "action", "target_name"]
    list_filter = ["action", "insurer"]
    search_fields = ["actor_name", "target_name"]
    list_select_related = ["insurer"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
