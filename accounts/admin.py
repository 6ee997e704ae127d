from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


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
