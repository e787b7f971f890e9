from django.urls import path

from matpunkt.responses.survey import comments

app_name = "comments"
urlpatterns = [
    path("", comments.comment_list, name="list"),
    path("<uuid:comment_id>/ta-bort/", comments.comment_delete_view, name="delete"),
]
