from django.urls import path

from cases.views import admin_pages, detail, emergency, lists, person, plan, protocol, referrals, sharing, steering

app_name = "cases"

urlpatterns = [
    path("", lists.case_list, name="case_list"),
    path("new/", lists.intake, name="intake"),
    path("emergency/", emergency.emergency_open_view, name="emergency_open"),
    path("access-log/", admin_pages.access_log, name="access_log"),
    path("referrals/", referrals.referral_inbox, name="referral_inbox"),
    path("referrals/<int:pk>/", referrals.referral_detail, name="referral_detail"),
    path("referrals/<int:pk>/accept/", referrals.referral_accept_view, name="referral_accept"),
    path("referrals/<int:pk>/decline/", referrals.referral_decline_view, name="referral_decline"),
    path("referrals/<int:pk>/withdraw/", referrals.referral_withdraw_view, name="referral_withdraw"),
    path("referrals/<int:pk>/close/", referrals.referral_close_view, name="referral_close"),
    path("obstacles/", admin_pages.obstacle_catalogue, name="obstacle_catalogue"),
    path("obstacles/<int:pk>/toggle/", admin_pages.obstacle_toggle, name="obstacle_toggle"),
    path("<int:pk>/", detail.case_detail, name="case_detail"),
    path("<int:pk>/notes/", detail.case_notes, name="case_notes"),
    path("<int:pk>/phase/", steering.case_phase, name="case_phase"),
    path("<int:pk>/close/", steering.case_closing, name="case_close"),
    path("<int:pk>/reopen/", steering.case_reopening, name="case_reopen"),
    path("<int:pk>/case-manager/", steering.case_manager_change, name="case_manager_change"),
    path("<int:pk>/topics/", plan.case_topics, name="case_topics"),
    path("<int:pk>/person/", person.person_correct_view, name="person_correct"),
    path("<int:pk>/residence/", person.residence_add, name="residence_add"),
    path("<int:pk>/benefits/", person.benefit_add, name="benefit_add"),
    path("<int:pk>/plan/goals/", plan.goal_add, name="goal_add"),
    path("<int:pk>/plan/goals/<int:goal_pk>/steps/", plan.step_add, name="step_add"),
    path("<int:pk>/plan/steps/<int:step_pk>/done/", plan.step_done, name="step_done"),
    path("<int:pk>/export/", detail.case_export, name="case_export"),
    path("<int:pk>/protocol/", protocol.case_protocol, name="case_protocol"),
    path("<int:pk>/sharing/", sharing.case_sharing, name="case_sharing"),
    path("<int:pk>/sharing/consents/", sharing.consent_create, name="consent_create"),
    path("<int:pk>/sharing/consents/<int:consent_pk>/revoke/", sharing.consent_withdraw, name="consent_revoke"),
    path("<int:pk>/sharing/shares/", sharing.share_create, name="share_create"),
    path("<int:pk>/sharing/shares/<int:share_pk>/revoke/", sharing.share_revoke, name="share_revoke"),
    path("<int:pk>/referrals/new/", referrals.referral_create, name="referral_create"),
    path("<int:pk>/sharing/coworkers/", sharing.coworker_add, name="coworker_add"),
    path("<int:pk>/sharing/coworkers/<int:grant_pk>/remove/", sharing.coworker_remove, name="coworker_remove"),
]
