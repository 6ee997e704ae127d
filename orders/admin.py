"""The platform operator's read-only view of orders: every change goes
through the workflow, so nothing here edits an order."""

from django.contrib import admin

from .models import Document, Order, OrderEvent, Quote


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class QuoteInline(ReadOnlyInline):
    model = Quote
    fields = ["version", "status", "premium", "period_start", "period_end"]
    readonly_fields = fields


class DocumentInline(ReadOnlyInline):
    model = Document
    fields = ["kind", "original_name", "size", "page_count", "superseded"]
    readonly_fields = fields


class OrderEventInline(ReadOnlyInline):
    model = OrderEvent
    fields = ["created_at", "actor_name", "action", "from_state", "to_state", "note"]
    readonly_fields = fields


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["number", "insurer", "enterprise", "source", "state", "created_at"]
    list_filter = ["state", "source", "insurer"]
    search_fields = ["number", "enterprise__name", "enterprise__credit_code"]
    list_select_related = ["insurer", "enterprise"]
    show_full_result_count = False
    inlines = [QuoteInline, DocumentInline, OrderEventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
