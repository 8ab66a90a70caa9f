"""The web process (gunicorn; runserver loads it too, through WSGI_APPLICATION)."""

import os

from django.core.wsgi import get_wsgi_application

from ewg.statement_timeout import bound_web_statements

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ewg.settings")

bound_web_statements()
application = get_wsgi_application()
