from django.urls import path

from . import views

app_name = "sms"

urlpatterns = [
    path("sms/", views.SmsListView.as_view(), name="list"),
    path("sms/<int:pk>/resend/", views.SmsResendView.as_view(), name="resend"),
]
