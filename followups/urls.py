"""Follow-ups: a tab of the case (under /cases/, like the other tabs) and the page "Meine Aufgaben"."""

from django.urls import path

from followups.views import case_tab, tasks

app_name = "followups"

urlpatterns = [
    path("cases/<int:pk>/followups/", case_tab.case_followups, name="case_followups"),
    path("cases/<int:pk>/followups/<int:followup_pk>/done/", case_tab.followup_done_view, name="followup_done"),
    path(
        "cases/<int:pk>/followups/<int:followup_pk>/reschedule/",
        case_tab.followup_reschedule_view,
        name="followup_reschedule",
    ),
    path("tasks/", tasks.my_tasks, name="my_tasks"),
]
