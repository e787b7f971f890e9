from django.urls import path

from matpunkt.responses.views import printing

_scope = "skriv-ut/<int:insats_id>/<str:period_label>/<str:group>/<str:variant>/"
urlpatterns = [
    path("skriv-ut/", printing.print_start, name="print_start"),
    path(_scope, printing.print_scope, name="print_scope"),
    path(f"{_scope}blanka.pdf", printing.print_blank, name="print_blank"),
    path(f"{_scope}koder.pdf", printing.print_codes, name="print_codes"),
]
