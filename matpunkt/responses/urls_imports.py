from django.urls import path

from matpunkt.responses.views import imports

urlpatterns = [
    path("importera/", imports.import_page, name="import"),
]
