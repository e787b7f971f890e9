from django.urls import path

from matpunkt.fieldwork import views

app_name = "fieldwork"
_list = "utdelning/<int:period_id>/<int:insats_id>/<slug:group>/"
urlpatterns = [
    path("perioder/", views.period_list, name="period_list"),
    path("perioder/ny/", views.period_create, name="period_create"),
    path("perioder/<int:period_id>/redigera/", views.period_edit, name="period_edit"),
    path("utdelning/", views.distribution_list, name="distribution_list"),
    path(_list, views.distribution_entries, name="distribution_entries"),
    path(f"{_list}lagg-till/", views.distribution_entries_add, name="distribution_entries_add"),
    path(f"{_list}ta-bort-listan/", views.distribution_list_clear, name="distribution_list_clear"),
    path(
        "utdelning/rad/<int:entry_id>/ta-bort/",
        views.distribution_entry_delete,
        name="distribution_entry_delete",
    ),
]
