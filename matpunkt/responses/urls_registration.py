from django.urls import path

from matpunkt.responses.views import registration

urlpatterns = [
    path("registrera/", registration.registration_start, name="registration_start"),
]
