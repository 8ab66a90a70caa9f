"""URLs of the goal matrix (web, XLSX, PDF); joined into the goals namespace by goals/urls.py."""

from django.urls import path

from goals.views import matrix

urlpatterns = [
    path("<int:pk>/matrix/", matrix.goal_matrix, name="goal_matrix"),
    path("<int:pk>/matrix.xlsx", matrix.goal_matrix_xlsx, name="goal_matrix_xlsx"),
    path("<int:pk>/matrix.pdf", matrix.goal_matrix_pdf, name="goal_matrix_pdf"),
]
