"""The web process when served by an ASGI server."""

import os

from django.core.asgi import get_asgi_application

from ewg.statement_timeout import bound_web_statements

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ewg.settings")

bound_web_statements()
application = get_asgi_application()
