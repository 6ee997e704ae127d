"""The two references the order list is measured against: a bare list (the
ceiling of a server-rendered list on this stack) and the Order admin that a
Django shop would write, on an admin site of its own."""

from django.contrib import admin
from django.shortcuts import render

from orders.models import Order

REFERENCE_ROWS = 20


def reference_list(request, insurer_id: int):
    """The first twenty orders of one insurer by date: one query, no count,
    no navigation, no sign-in."""
    orders = (
        Order.objects.for_insurer(insurer_id)
        .select_related("enterprise")
        .order_by("-created_at", "-id")[:REFERENCE_ROWS]
    )
    return render(request, "bench/order_reference.html", {"orders": orders})


class OrderAdmin(admin.ModelAdmin):
    list_display = ["number", "enterprise", "state", "created_at"]
    list_filter = ["state"]
    search_fields = ["enterprise__name", "enterprise__credit_code", "number"]
    list_select_related = ["enterprise"]
    # The admin's default is 100; the targets compare pages of 20 rows.
    list_per_page = 20


bench_admin = admin.AdminSite(name="bench_admin")
bench_admin.register(Order, OrderAdmin)
