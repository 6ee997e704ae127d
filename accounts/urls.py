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
    path("office/accounts/", views.AccountListView.as_view(), name="list"),
    path("office/accounts/new/", views.AccountCreateView.as_view(), name="create"),
    path(
        "office/accounts/<int:pk>/edit/",
        views.AccountUpdateView.as_view(),
        name="update",
    ),
    path(
        "office/accounts/<int:pk>/delete/",
        views.AccountDeleteView.as_view(),
        name="delete",
    ),
    path("office/accounts/audit/", views.AuditLogView.as_view(), name="audit"),
    path("me/", views.PersonalCenterView.as_view(), name="personal_center"),
    path("me/password/", views.PasswordChangeView.as_view(), name="password"),
]
