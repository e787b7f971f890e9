from django.urls import path

from matpunkt.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("halsa/", views.health, name="health"),
]
