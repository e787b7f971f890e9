from matpunkt.responses.urls_imports import urlpatterns as import_urls
from matpunkt.responses.urls_printing import urlpatterns as printing_urls
from matpunkt.responses.urls_registration import urlpatterns as registration_urls

app_name = "responses"
urlpatterns = [*import_urls, *registration_urls, *printing_urls]
