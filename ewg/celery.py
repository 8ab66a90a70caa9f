"""The Celery application; every setting comes from Django settings (CELERY_* names)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ewg.settings")

app = Celery("ewg")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
