"""The outbox for the platform operator: read-only, numbers masked."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import SmsMessage


@admin.register(SmsMessage)
class SmsMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "insurer", "masked_mobile", "template", "status"]
    list_filter = ["status", "template"]
    list_select_related = ["insurer"]
    date_hierarchy = "created_at"
    fields = [
        "insurer",
        "masked_mobile",
        "template",
        "text",
        "status",
        "attempts",
        "next_attempt_at",
        "claimed_at",
        "sent_at",
        "provider_message_id",
        "last_error",
    ]
    readonly_fields = fields

    @admin.display(description=_("mobile"))
    def masked_mobile(self, message):
        return message.masked_mobile

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
