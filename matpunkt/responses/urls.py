app_name = "responses"
urlpatterns = []
