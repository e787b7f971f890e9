from django.urls import path

from matpunkt.fieldwork import views, views_codes

app_name = "fieldwork"
_list = "utdelning/<int:period_id>/<int:insats_id>/<slug:group>/"
_codes = "koder/<int:period_id>/<int:insats_id>/<slug:group>/"
urlpatterns = [
    path("perioder/", views.period_list, name="period_list"),
    path("perioder/ny/", views.period_create, name="period_create"),
    path("perioder/<int:period_id>/redigera/", views.period_edit, name="period_edit"),
    path("utdelning/", views.distribution_list, name="distribution_list"),
    path(_list, views.distribution_entries, name="distribution_entries"),
    path(f"{_list}lagg-till/", views.distribution_entries_add, name="distribution_entries_add"),
    path(f"{_list}antal-som-galler/", views.distribution_source, name="distribution_source"),
    path(f"{_list}ta-bort-listan/", views.distribution_list_clear, name="distribution_list_clear"),
    path(
        "utdelning/rad/<int:entry_id>/ta-bort/",
        views.distribution_entry_delete,
        name="distribution_entry_delete",
    ),
    path("koder/", views_codes.codes_index, name="codes_index"),
    path(_codes, views_codes.codes_scope, name="codes_scope"),
    path(f"{_codes}skapa/", views_codes.codes_issue, name="codes_issue"),
    path(f"{_codes}koder.csv", views_codes.codes_csv, name="codes_csv"),
    path(f"{_codes}oppen-lank/", views_codes.open_link_create, name="open_link_create"),
    path("koder/qr/<int:entry_id>.svg", views_codes.code_qr, name="code_qr"),
    path("oppen-lank/<int:link_id>/stang/", views_codes.open_link_close, name="open_link_close"),
    path("oppen-lank/<int:link_id>/qr.svg", views_codes.open_link_qr, name="open_link_qr"),
]
