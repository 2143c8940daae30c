"""Settings package: `base` holds everything; `production` adds what must be set there.

DJANGO_SETTINGS_MODULE picks one; with nothing set the service runs on embedded
defaults (SQLite, eager Celery, local media folder).
"""
