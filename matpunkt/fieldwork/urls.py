from django.urls import path

from matpunkt.fieldwork import views

app_name = "fieldwork"
urlpatterns = [
    path("utdelning/", views.distribution_list, name="distribution_list"),
]
