from django.contrib import admin

from .models import ServiceOrganization


@admin.register(ServiceOrganization)
class ServiceOrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "region", "contact_name", "is_active"]
    list_filter = ["region", "is_active"]
    search_fields = ["name", "code"]
    list_select_related = ["region"]
