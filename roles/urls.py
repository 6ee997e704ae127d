from django.urls import path

from . import views

app_name = "roles"

urlpatterns = [
    path("office/roles/", views.RoleListView.as_view(), name="list"),
    path("office/roles/new/", views.RoleCreateView.as_view(), name="create"),
    path("office/roles/<int:pk>/edit/", views.RoleUpdateView.as_view(), name="update"),
    path(
        "office/roles/<int:pk>/delete/", views.RoleDeleteView.as_view(), name="delete"
    ),
]
