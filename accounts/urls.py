from django.urls import path

from . import views
from .models import Side

app_name = "accounts"

urlpatterns = [
    path(
        "enterprise/login/",
        views.SideLoginView.as_view(side=Side.ENTERPRISE),
        name="enterprise_login",
    ),
    path(
        "service/login/",
        views.SideLoginView.as_view(side=Side.SERVICE),
        name="service_login",
    ),
    path(
        "regulator/login/",
        views.SideLoginView.as_view(side=Side.REGULATOR),
        name="regulator_login",
    ),
    path("logout/", views.logout_view, name="logout"),
]
