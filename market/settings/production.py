"""Production: everything of base, but secrets and services must come from the environment."""

import dj_database_url

from market.settings.base import *  # noqa: F401,F403
from market.settings.env import env

SECRET_KEY = env("DJANGO_SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env("DJANGO_ALLOWED_HOSTS", cast=list)
# Printed on every document: the site's public address (the first allowed host over HTTPS unless set).
DOCUMENT_VERIFY_BASE_URL = env("DOCUMENT_VERIFY_BASE_URL", f"https://{ALLOWED_HOSTS[0]}")
# Required here (base falls back to an SQLite file); base's read replica for reports, when set, stays as it is.
DATABASES["default"] = dj_database_url.parse(  # noqa: F405
    env("DATABASE_URL"), conn_max_age=env("DATABASE_CONN_MAX_AGE", 60, cast=int)
)
REDIS_URL = env("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_ALWAYS_EAGER = False
# HTTPS only: the TLS proxy in front sets X-Forwarded-Proto (and must strip it from clients' requests).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Off only where there is no TLS at all, e.g. the compose demo on loopback (docker-compose.yml).
SECURE_SSL_REDIRECT = env("DJANGO_SECURE_SSL_REDIRECT", True, cast=bool)
SECURE_HSTS_SECONDS = env("DJANGO_SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365, cast=int)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True, cast=bool)
SECURE_HSTS_PRELOAD = env("DJANGO_SECURE_HSTS_PRELOAD", True, cast=bool)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY")  # the web UI's card form
STRIPE_API_BASE = env("STRIPE_API_BASE", "")  # empty: Stripe itself
