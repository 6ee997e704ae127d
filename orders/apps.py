from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Orders")

    def ready(self):
        from insurers.models import Industry, Region
        from policies.models import ServiceOrganization

        from .choices import forget_choices

        # The filter choices cached per process follow the operator's edits.
        for model in (Industry, Region, ServiceOrganization):
            post_save.connect(forget_choices, sender=model)
            post_delete.connect(forget_choices, sender=model)
