from goals import urls_goals, urls_groups, urls_matrix

app_name = "goals"

urlpatterns = urls_goals.urlpatterns + urls_groups.urlpatterns + urls_matrix.urlpatterns
