"""URLs of the entitlements pages; joined into the cases namespace by cases/urls.py."""

urlpatterns = []
