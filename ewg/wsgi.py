"""The web process (gunicorn; runserver loads it too, through WSGI_APPLICATION)."""

import os
import sys

from django.core.wsgi import get_wsgi_application

from ewg.statement_timeout import bound_web_statements

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ewg.settings")

bound_web_statements()
application = get_wsgi_application()

# gunicorn names itself in every answer's Server header and has no setting against it; its responses read the name
# from this module global when they are made, so the web process answers with the product's name alone.
if "gunicorn.http.wsgi" in sys.modules:
    sys.modules["gunicorn.http.wsgi"].SERVER = "ewg"
