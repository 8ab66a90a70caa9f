"""The companion booklet's pages, a tab of the case (under /cases/, see ewg/urls.py)."""

from django.urls import path

from booklets import views

app_name = "booklets"

urlpatterns = [
    path("<int:pk>/booklet/", views.case_booklet, name="case_booklet"),
    path("<int:pk>/booklet/consent/", views.booklet_consent, name="booklet_consent"),
    path("<int:pk>/booklet/edit/", views.booklet_edit, name="booklet_edit"),
    path("<int:pk>/booklet/<int:number>/pdf/", views.booklet_download, name="booklet_download"),
]
