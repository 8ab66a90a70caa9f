"""The Django admin holds accounts, agencies, memberships, outgoing mail and sign-in lockouts, logs who read them,
and deletes nothing."""

import logging

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from agencies.admin import ADMIN_MODELS

pytestmark = pytest.mark.django_db


def test_only_what_the_admin_is_for_is_registered():
    assert {model._meta.label for model in admin.site._registry} == ADMIN_MODELS
    with pytest.raises(NoReverseMatch):  # second-factor secrets are nobody's to read
        reverse("admin:otp_totp_totpdevice_changelist")


def test_a_read_is_logged_with_its_reader(personas, login, caplog):
    client = login(personas.admin)
    with caplog.at_level(logging.INFO, logger="ewg.audit"):
        page = client.get(reverse("admin:agencies_user_change", args=[personas.beratung.pk]))
    assert page.status_code == 200
    assert f"admin read: user={personas.admin.pk} model=agencies.User object={personas.beratung.pk}" in caplog.text


def test_nothing_is_deleted_and_no_related_records_are_listed(personas, login):
    client = login(personas.admin)
    for url in (
        reverse("admin:agencies_user_delete", args=[personas.beratung.pk]),
        reverse("admin:agencies_agency_delete", args=[personas.agency("jobcenter").pk]),
    ):
        assert client.get(url).status_code == 403
