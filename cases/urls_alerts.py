"""URLs of the alerts pages; joined into the cases namespace by cases/urls.py."""

urlpatterns = []
