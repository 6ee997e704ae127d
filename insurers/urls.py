from django.urls import path

from . import views

app_name = "insurers"

urlpatterns = [
    path("", views.LandingView.as_view(), name="landing"),
    path("insurers/", views.PickerView.as_view(), name="picker"),
    path("insurers/<slug:slug>/login/", views.InsurerLoginView.as_view(), name="login"),
    path("insurers/<slug:slug>/logo/", views.logo, name="logo"),
    path("office/", views.HomeView.as_view(), name="home"),
    path("regulator/", views.RegulatorHomeView.as_view(), name="regulator_home"),
]
