from django.urls import path

from matpunkt.responses.views import imports

urlpatterns = [
    path("importera/", imports.import_page, name="import"),
    path("importera/mall/<slug:kind>.xlsx", imports.import_template, name="import_template"),
    path("exportera/<slug:kind>.<slug:fmt>", imports.export_data, name="export"),
]
