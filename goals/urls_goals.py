"""URLs of the goals pages; joined into the goals namespace by goals/urls.py."""

urlpatterns = []
