from django.urls import path

from matpunkt.organisations import views

app_name = "organisations"
urlpatterns = [
    path("insatser/", views.insats_list, name="insats_list"),
]
