"""URLs of the courses pages; joined into the cases namespace by cases/urls.py."""

urlpatterns = []
