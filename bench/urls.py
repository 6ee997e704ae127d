"""The project's URLs plus the two references of the benchmark."""

from django.urls import path

from config.urls import urlpatterns as project_urlpatterns

from .reference import bench_admin, reference_list

urlpatterns = [
    path("bench-admin/", bench_admin.urls),
    path("bench/reference/<int:insurer_id>/", reference_list, name="bench_reference"),
    *project_urlpatterns,
]
