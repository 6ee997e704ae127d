from django.urls import path

from .views import service

app_name = "policies"

urlpatterns = [
    path("service/", service.ServiceHomeView.as_view(), name="service_home"),
]
