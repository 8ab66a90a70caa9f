"""URLs of the groups pages; joined into the goals namespace by goals/urls.py."""

urlpatterns = []
