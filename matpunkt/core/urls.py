from django.urls import path

from matpunkt.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("halsa/", views.health, name="health"),
    path("sprak/", views.choose_language, name="choose_language"),
]
