from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Work-safety liability insurance platform: operation")
admin.site.site_title = _("ePolicy operation")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("insurers.urls")),
    path("", include("accounts.urls")),
    path("", include("orders.urls")),
    path("", include("policies.urls")),
    path("", include("roles.urls")),
    path("", include("sms.urls")),
]
