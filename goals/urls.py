from goals import urls_goals, urls_groups

app_name = "goals"

urlpatterns = urls_goals.urlpatterns + urls_groups.urlpatterns
