from django.urls import path

from .views import enterprise

app_name = "orders"

urlpatterns = [
    path(
        "enterprise/", enterprise.EnterpriseHomeView.as_view(), name="enterprise_home"
    ),
]
