from django.urls import path

from .views import documents, enterprise

app_name = "orders"

urlpatterns = [
    path(
        "enterprise/", enterprise.EnterpriseHomeView.as_view(), name="enterprise_home"
    ),
    path("documents/<int:pk>/", documents.DocumentView.as_view(), name="document"),
]
