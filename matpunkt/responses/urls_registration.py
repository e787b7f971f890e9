from django.urls import path

from matpunkt.responses.views import registration

urlpatterns = [
    path("registrera/", registration.registration_start, name="registration_start"),
    path(
        "registrera/<int:insats_id>/<str:period_label>/<str:group>/<str:variant>/",
        registration.registration_entry,
        name="registration_entry",
    ),
    path(
        "registrera/enkat/<int:response_id>/andra/",
        registration.response_edit,
        name="response_edit",
    ),
    path(
        "registrera/enkat/<int:response_id>/ta-bort/",
        registration.response_delete_view,
        name="response_delete",
    ),
]
