"""URLs of the attendance pages; joined into the cases namespace by cases/urls.py."""

urlpatterns = []
