from django.contrib import admin

from .models import Enterprise, Industry, Insurer, Region, RuleSet


@admin.register(Insurer)
class InsurerAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "slug", "is_active", "display_order"]
    list_editable = ["is_active", "display_order"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["short_name"]}


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "display_order"]
    search_fields = ["name", "code"]


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ["name", "credit_code", "industry", "region", "employee_count"]
    list_filter = ["industry", "region"]
    search_fields = ["name", "credit_code"]
    list_select_related = ["industry", "region"]
    show_full_result_count = False


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "region",
        "effective_from",
        "min_death_limit_per_person",
        "max_prevention_share",
        "max_period_months",
        "max_commission_share",
    ]
    list_filter = ["region"]
    list_select_related = ["region"]
