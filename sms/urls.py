from django.urls import path

from . import views

app_name = "sms"

urlpatterns = [
    path("office/sms/", views.SmsListView.as_view(), name="list"),
    path("office/sms/<int:pk>/resend/", views.SmsResendView.as_view(), name="resend"),
]
