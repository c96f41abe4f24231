"""WSGI entry point for gunicorn (make run, make serve)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_wsgi_application()

# Refuse to start on a missing SQLite file (a worker that fails to boot stops
# gunicorn): serving an empty database would look healthy and answer nothing.
from errors.readiness import refuse_missing_database  # noqa: E402

refuse_missing_database()
