"""Settings for every environment, read from the environment through `env()`.

With nothing set: SQLite file, Celery tasks run eagerly in-process, media under
./var/media. DATABASE_URL switches to PostgreSQL, REDIS_URL to a real broker.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

from market.settings.env import env

BASE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = Path(env("GACHI_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env("DJANGO_SECRET_KEY", "insecure-dev-key-only-for-local-use")
DEBUG = env("DJANGO_DEBUG", True, cast=bool)
ALLOWED_HOSTS = env("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"], cast=list)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # runserver serves static files through WhiteNoise too, with the headers production sends.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_vite",
    "rest_framework",
    "knox",
    "axes",
    "csp",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "market.core",
    "market.accounts",
    "market.firms",
    "market.catalog",
    "market.orders",
    "market.payments",
    "market.procurement",
    "market.documents",
    "market.reports",
    "search",
]

MIDDLEWARE = [
    # First: every response gets an X-Request-ID, and every error the JSON error shape (api/middleware.py).
    "api.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files (the admin's, the API docs', the web UI's built assets) straight from WhiteNoise.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "api.middleware.BodySizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: it turns a failed-login lockout on the admin login into a 429 page (the API answers its own).
    "axes.middleware.AxesMiddleware",
]

# The root URLconf lives in api/ so that market/ never imports api/.
ROOT_URLCONF = "api.urls"
WSGI_APPLICATION = "market.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "api" / "templates"],  # the web UI's page (api/site.py); api/ is no app
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

if not env("DATABASE_URL", ""):
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # the embedded SQLite file lives here; a fresh clone lacks it
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'gachi.sqlite3'}"),
        conn_max_age=env("DATABASE_CONN_MAX_AGE", 60, cast=int),
    )
}
# A streaming read replica of the primary (PostgreSQL): reports read their pre-aggregated tables from it
# (market/core/routers.py); every write and every other read stays on the primary. Never migrated directly.
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=env("DATABASE_CONN_MAX_AGE", 60, cast=int)),
        "TEST": {"MIRROR": "default"},
    }
REPORTS_READ_DATABASE = "replica" if DATABASE_REPLICA_URL else "default"
DATABASE_ROUTERS = ["market.core.routers.ReportsReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Throttle counters live in the cache, so every web worker must share it: Redis when there is one.
_CACHE_URL = env("CACHE_URL", env("REDIS_URL", ""))


def redis_cache(url: str, *, key_prefix: str = "gachi") -> dict:
    """The cache on Redis, failing open (django-redis IGNORE_EXCEPTIONS): while Redis is away it answers as an
    empty cache and logs, so requests still work (throttles count afresh; the axes lockout is in the DB)."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": key_prefix,
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
    }


DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
CACHES = {
    "default": redis_cache(_CACHE_URL) if _CACHE_URL else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# Axes first: it refuses a locked-out e-mail address or client address before any password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", "한국어"), ("en", "English")]
# Our messages are written in English and translated in locale/ko (Korean is the default; Accept-Language: en
# asks for English). tests/test_translations.py checks the compiled catalogue is up to date.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed copies (gzip, brotli) of the web UI's files at collectstatic; names are left alone: Vite's are
    # hashed already.
    "staticfiles": {"BACKEND": "api.staticfiles.WebUICompressedStaticFilesStorage"},
}

# --- Web UI -----------------------------------------------------------------------
# The single-page app in frontend/, built by `cd frontend && npm ci && npm run build` into FRONTEND_DIST_DIR:
# hashed assets that Django serves as static files under /static/app/, and Vite's manifest, which django-vite
# reads to write the entry's <script> and <link> tags into api/templates/site/app.html (api/site.py renders it
# at / and every app route). Until the UI is built, / says how to build it. In development the Vite dev server
# (`npm run dev`, port 5173) serves the app itself and passes /api, /admin and /media to Django: django-vite's
# dev mode is left off because its React refresh preamble is an inline script, which the policy below forbids.
FRONTEND_DIST_DIR = Path(env("FRONTEND_DIST_DIR", str(BASE_DIR / "frontend" / "dist")))
# Listed only once built, so a checkout without a build passes `check` (staticfiles.W004 names a missing one).
STATICFILES_DIRS = [("app", FRONTEND_DIST_DIR)] if FRONTEND_DIST_DIR.is_dir() else []
DJANGO_VITE = {
    "default": {
        "dev_mode": False,
        "manifest_path": FRONTEND_DIST_DIR / ".vite" / "manifest.json",
        "static_url_prefix": "app",  # the STATICFILES_DIRS prefix above: assets at /static/app/assets/...
    }
}
# Vite names every file it writes under assets/ name-<8-character content hash>.ext, so a changed file gets a new
# URL: those are cached for good (WhiteNoise: max-age of ten years, immutable). Anything else keeps WhiteNoise's
# short default.
WHITENOISE_IMMUTABLE_FILE_TEST = rf"^/{STATIC_URL.strip('/')}/app/assets/.+-[A-Za-z0-9_-]{{8}}\.[A-Za-z0-9]+$"
# With DEBUG on, WhiteNoise looks for a file with the staticfiles finders first (runserver works without
# collectstatic) and finds the web UI where it was built, which has no compressed copies: the entry script goes out
# at three times its brotli size. A run that has collected (scripts/demo.sh) turns the finders off, so the
# collected, compressed files under STATIC_ROOT are served, as in production.
WHITENOISE_USE_FINDERS = env("WHITENOISE_USE_FINDERS", DEBUG, cast=bool)

# --- REST API -----------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an unauthenticated request gets 401 with a WWW-Authenticate header.
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",  # declares the one error shape on every operation
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # Rates of the sign-in endpoints' throttles (api/throttling.py), per client address and per account.
    "DEFAULT_THROTTLE_RATES": {
        "auth_address": env("THROTTLE_AUTH_PER_ADDRESS", "30/min"),
        "auth_account": env("THROTTLE_AUTH_PER_ACCOUNT", "10/min"),
        "register_address": env("THROTTLE_REGISTER_PER_ADDRESS", "10/hour"),
        # The public document verification (api/v1/documents.py), per client address.
        "document_verify_address": env("THROTTLE_DOCUMENT_VERIFY_PER_ADDRESS", "30/min"),
        # The public reports (api/v1/reports_disclosure.py), per client address.
        "public_report_address": env("THROTTLE_PUBLIC_REPORT_PER_ADDRESS", "60/min"),
    },
    # The client address is REMOTE_ADDR unless TRUSTED_PROXY_COUNT proxies in front of us set X-Forwarded-For;
    # left at DRF's default (None) a client could name any address it likes and escape the per-address limits.
    "NUM_PROXIES": env("TRUSTED_PROXY_COUNT", 0, cast=int),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Gachi Market API",
    "DESCRIPTION": "같이마켓 — a marketplace for Seoul's social economy firms.",
    "VERSION": "1.0.0",
    # Enum components (drf-spectacular's default hook), then the links between operations (api/schema.py).
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.add_links"],
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # The docs UI's scripts are served from our own static files: it works offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "FirmKindEnum": "market.firms.models.FirmKind",
        "UserKindEnum": "market.accounts.models.UserKind",
        "DesignationStatusEnum": "market.firms.models.DesignationStatus",
        "ProductStatusEnum": "market.catalog.models.ProductStatus",
        "VerificationStatusEnum": "market.firms.models.VerificationStatus",
        "QuoteRequestStatusEnum": "market.procurement.models.QuoteRequestStatus",
        "QuotationStatusEnum": "market.procurement.models.QuotationStatus",
        "PurchaseStatusEnum": "market.procurement.models.PurchaseStatus",
        "AgencyKindEnum": "market.procurement.models.AgencyKind",
        "AgencyStatusEnum": "market.procurement.models.AgencyStatus",
        "AgencyRoleEnum": "market.procurement.models.AgencyRole",
        "AgencyInvitationStatusEnum": ["open", "accepted", "expired"],
    },
}

# --- Celery -------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
# Without a broker the embedded default runs tasks in-process, so the demo needs no Redis.
CELERY_TASK_ALWAYS_EAGER = env("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL, cast=bool)
CELERY_TASK_EAGER_PROPAGATES = True
# At-least-once delivery: a task is acknowledged when it has finished, and one whose worker process died
# (SIGKILL, out of memory) goes back to the queue instead of being dropped; every task is safe to run twice.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A message a dead worker held unacknowledged is delivered again after this many seconds (Redis transport;
# workers look for such messages every 10 s); longer than any task's countdown, so a retry waiting for its
# time is not delivered twice. A Redis that hangs fails a send within seconds (the task is then recorded as a
# DeferredTask) instead of hanging the request.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env("CELERY_VISIBILITY_TIMEOUT", 3600, cast=int),
    "unacked_restore_throttle": 1,
    "socket_timeout": 2,
    "socket_connect_timeout": 2,
}
CELERY_TIMEZONE = TIME_ZONE
# Reports: how often the beat job rebuilds the pre-aggregated sales table (a change of orders shows within this
# time).
REPORTS_REFRESH_SECONDS = env("REPORTS_REFRESH_SECONDS", 600, cast=int)

CELERY_BEAT_SCHEDULE = {
    "firms-sync-listing-visibility": {
        "task": "market.firms.tasks.sync_listing_visibility",
        "schedule": crontab(hour=3, minute=0),
    },
    "orders-expire-unpaid": {
        "task": "market.payments.tasks.expire_unpaid_orders",
        "schedule": 60.0,
    },
    "orders-auto-confirm-purchases": {
        "task": "market.orders.tasks.auto_confirm_purchases",
        "schedule": 900.0,
    },
    "payments-reconcile": {
        "task": "market.payments.tasks.reconcile_payments",
        "schedule": crontab(hour=4, minute=30),
    },
    "search-flush-pending-index-updates": {
        "task": "search.tasks.flush_pending_index_updates",
        "schedule": 60.0,
    },
    "reports-refresh-sales": {
        "task": "market.reports.tasks.refresh_sales_reports",
        "schedule": float(REPORTS_REFRESH_SECONDS),
    },
    # The monthly e-mail summary of the month before (market/reports/monthly.py), in the morning of the 1st: after
    # the night's SalesDay rebuilds have taken in the month's last day.
    "reports-monthly-summary": {
        "task": "market.reports.tasks.send_monthly_summaries",
        "schedule": crontab(day_of_month=1, hour=7, minute=0),
    },
    "core-resend-deferred-tasks": {
        "task": "market.core.tasks.resend_deferred_tasks",
        "schedule": 60.0,
    },
}

# --- Search ---------------------------------------------------------------------
# With no Elasticsearch URL the database backend serves search (the embedded default).
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", "")
SEARCH_INDEX_PREFIX = env("SEARCH_INDEX_PREFIX", "gachi")
ELASTICSEARCH_TIMEOUT = env("ELASTICSEARCH_TIMEOUT", 5.0, cast=float)
SEARCH_INTENT_TTL = env("SEARCH_INTENT_TTL", 300, cast=int)
# The product index's primary shards (fixed when an index is built: a change rebuilds it at the next deploy) and
# replicas of each (changed on the live index by search_ensure_index, no rebuild). One node: 1 and 0.
SEARCH_INDEX_SHARDS = env("SEARCH_INDEX_SHARDS", 1, cast=int)
SEARCH_INDEX_REPLICAS = env("SEARCH_INDEX_REPLICAS", 0, cast=int)

# --- Payments -------------------------------------------------------------------
# With nothing set, payments go to localstripe on 127.0.0.1:8420 (`scripts/services.sh start localstripe`),
# a stateful fake Stripe that takes any test key, so the demo can be paid with a test card offline.
# Setting STRIPE_SECRET_KEY (and not STRIPE_API_BASE) switches to Stripe itself: use a test-mode key.
# Every value here is a default for development; none is a secret.
PAYMENT_PROVIDER = env("PAYMENT_PROVIDER", "market.payments.stripe_gateway.StripeGateway")
_STRIPE_KEY_FROM_ENV = env("STRIPE_SECRET_KEY", "")
# localstripe and stripe-mock accept any key shaped sk_test_<something without underscores>.
STRIPE_SECRET_KEY = _STRIPE_KEY_FROM_ENV or "sk_test_gachilocal"
STRIPE_API_BASE = env("STRIPE_API_BASE", "" if _STRIPE_KEY_FROM_ENV else "http://127.0.0.1:8420")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", "whsec_gachi_local")
STRIPE_TIMEOUT_SECONDS = env("STRIPE_TIMEOUT_SECONDS", 20.0, cast=float)
# Card only: server-side confirmation then needs no return URL, and localstripe has nothing else.
STRIPE_PAYMENT_METHOD_TYPES = env("STRIPE_PAYMENT_METHOD_TYPES", ["card"], cast=list)
# Payouts to firms through Stripe Connect (separate charges and transfers); off by default, when firms are
# paid by bank transfer from the exported payout file. Transfers go to STRIPE_CONNECT_API_BASE when set
# (the tests point it at stripe-mock), else where the other calls go.
STRIPE_CONNECT_ENABLED = env("STRIPE_CONNECT_ENABLED", False, cast=bool)
STRIPE_CONNECT_API_BASE = env("STRIPE_CONNECT_API_BASE", "")
# Invoices for public agencies (customers, invoices with collection_method=send_invoice, paid out of band) go to
# STRIPE_INVOICE_API_BASE when set, else where the other calls go. localstripe cannot do these (no
# send_invoice, finalize, send or paid_out_of_band): the tests point it at stripe-mock.
STRIPE_INVOICE_API_BASE = env("STRIPE_INVOICE_API_BASE", "")
# Stripe's smallest charge: KRW is not in its table of minimums (a table by settlement currency), so the
# rule is the equivalent of USD 0.50, about 700-750 KRW at 2025 rates; 1,000 KRW leaves room for the rate to
# move. Stripe takes at most eight digits per amount: 99,999,999 KRW (KRW is zero-decimal, sent as is).
STRIPE_MIN_CHARGE_KRW = env("STRIPE_MIN_CHARGE_KRW", 1000, cast=int)
STRIPE_MAX_CHARGE_KRW = env("STRIPE_MAX_CHARGE_KRW", 99_999_999, cast=int)
# The platform's fee on each firm's sales, a decimal fraction kept as a string (read it with Decimal), and how
# long an unpaid order holds its stock.
PLATFORM_FEE_RATE = env("PLATFORM_FEE_RATE", "0.05")
STOCK_RESERVATION_MINUTES = env("STOCK_RESERVATION_MINUTES", 15, cast=int)
# Days after delivery when a part the buyer neither confirmed (구매확정) nor claimed is confirmed automatically,
# making its sale payable to the firm (Korean marketplaces use about 7).
ORDER_AUTO_CONFIRM_DAYS = env("ORDER_AUTO_CONFIRM_DAYS", 7, cast=int)
# Days an agency admin's invitation to join the agency can be accepted.
AGENCY_INVITATION_DAYS = env("AGENCY_INVITATION_DAYS", 14, cast=int)

# --- Domain limits (data, not code constants) ------------------------------------
IMAGE_MAX_BYTES = env("IMAGE_MAX_BYTES", 10 * 1024 * 1024, cast=int)
IMAGE_MAX_PIXELS = env("IMAGE_MAX_PIXELS", 40_000_000, cast=int)
IMAGE_MAX_PER_PRODUCT = env("IMAGE_MAX_PER_PRODUCT", 10, cast=int)
PRODUCT_IMPORT_MAX_ROWS = env("PRODUCT_IMPORT_MAX_ROWS", 5000, cast=int)
# Request bodies, refused with a JSON 413 from their Content-Length: JSON and forms up to
# DATA_UPLOAD_MAX_MEMORY_SIZE, uploads (multipart) up to REQUEST_MAX_UPLOAD_BYTES (a 20 MB registry file and
# its form fields); JSON nested at most API_JSON_MAX_DEPTH levels.
DATA_UPLOAD_MAX_MEMORY_SIZE = env("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440, cast=int)
REQUEST_MAX_UPLOAD_BYTES = env("REQUEST_MAX_UPLOAD_BYTES", 21 * 1024 * 1024, cast=int)
API_JSON_MAX_DEPTH = env("API_JSON_MAX_DEPTH", 32, cast=int)

# --- Public procurement -----------------------------------------------------------
# The largest amount (won, VAT included) an agency may buy from the catalogue at once (바로구매) without a request
# for quotation (견적 요청).
AGENCY_BUY_NOW_LIMIT = env("AGENCY_BUY_NOW_LIMIT", 5_000_000, cast=int)
# From this year on, certified social enterprises graded SVI 미흡 or 취약 are excluded from public purchasing.
PROCUREMENT_SVI_EXCLUSION_FROM_YEAR = env("PROCUREMENT_SVI_EXCLUSION_FROM_YEAR", 2026, cast=int)
# Where a purchase that needs a tender is sent: the national procurement system (나라장터), linked, not copied.
NATIONAL_PROCUREMENT_URL = env("NATIONAL_PROCUREMENT_URL", "https://www.g2b.go.kr")
# An agency's invoice (for the accepted lines of an inspected delivery) is due this many days after it is issued.
AGENCY_INVOICE_DAYS_UNTIL_DUE = env("AGENCY_INVOICE_DAYS_UNTIL_DUE", 30, cast=int)
# The largest agency invoice (won, VAT included) that may be paid by card instead of bank transfer.
AGENCY_CARD_PAYMENT_LIMIT = env("AGENCY_CARD_PAYMENT_LIMIT", 1_000_000, cast=int)
# Whether agencies' invoices are also sent through the payment gateway (Stripe's send_invoice). Off, an invoice is
# ours alone (its PDF, paid by bank transfer and confirmed in the portal): the demo turns it off, because
# localstripe has no send_invoice (STRIPE_INVOICE_API_BASE can point at a server that has).
AGENCY_INVOICES_THROUGH_GATEWAY = env("AGENCY_INVOICES_THROUGH_GATEWAY", True, cast=bool)

# --- Documents (market/documents) -------------------------------------------------------------------------------
# Where the public page that checks a document's verification code lives (printed on every PDF, + /verify/<code>).
DOCUMENT_VERIFY_BASE_URL = env("DOCUMENT_VERIFY_BASE_URL", "http://127.0.0.1:8000")
# The largest PDF the public check takes.
DOCUMENT_VERIFY_MAX_BYTES = env("DOCUMENT_VERIFY_MAX_BYTES", 10 * 1024 * 1024, cast=int)
# Who issues electronic tax invoices (market/documents/tax_invoice.py): the default exports only and issues nothing.
TAX_INVOICE_ISSUER = env("TAX_INVOICE_ISSUER", "market.documents.tax_invoice.ExportOnlyIssuer")

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}

AUTH_USER_MODEL = "accounts.User"

# --- Sign-in security ---------------------------------------------------------------
# API tokens (django-rest-knox): one per client, stored hashed, each with its own expiry; logout ends one.
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env("AUTH_TOKEN_TTL_HOURS", 24 * 7, cast=int)),
    "AUTO_REFRESH": False,
}
# Failed-login lockout (django-axes) for the API's logins and the admin's: after AXES_FAILURE_LIMIT failures
# for one e-mail address, or from one client address, both are refused until the cool-off has passed.
AXES_FAILURE_LIMIT = env("AXES_FAILURE_LIMIT", 10, cast=int)
AXES_COOLOFF_TIME = timedelta(minutes=env("AXES_COOLOFF_MINUTES", 15, cast=int))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A fixed cool-off from the last counted failure, so Retry-After tells the truth.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_CALLABLE = "market.accounts.lockout.lockout_username"
AXES_CLIENT_IP_CALLABLE = "market.accounts.lockout.client_address"
AXES_LOCKOUT_CALLABLE = "market.accounts.lockout.lockout_response"
TRUSTED_PROXY_COUNT = env("TRUSTED_PROXY_COUNT", 0, cast=int)

# Stripe.js for the web UI's card form: Stripe's own with a real key; otherwise the stand-in that localstripe
# serves (the same API, so the browser code has no demo-only branch). The publishable key pairs with the secret.
STRIPE_JS_URL = env(
    "STRIPE_JS_URL", f"{STRIPE_API_BASE}/js.stripe.com/v3/" if STRIPE_API_BASE else "https://js.stripe.com/v3/"
)
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", "" if _STRIPE_KEY_FROM_ENV else "pk_test_gachilocal")
_STRIPE_JS_ORIGIN = "/".join(STRIPE_JS_URL.split("/")[:3])
# Stripe.js talks to Stripe's API and frames from Stripe's hosts; the stand-in, to its own origin.
_STRIPE_API_ORIGIN = "https://api.stripe.com" if _STRIPE_JS_ORIGIN == "https://js.stripe.com" else _STRIPE_JS_ORIGIN
_STRIPE_FRAME_ORIGINS = (
    ["https://js.stripe.com", "https://hooks.stripe.com"]
    if _STRIPE_JS_ORIGIN == "https://js.stripe.com"
    else [_STRIPE_JS_ORIGIN]
)

# Content-Security-Policy on every response (django-csp): no inline script or style anywhere; the Stripe.js URL
# is the only third-party script. The API docs pages get the relaxations Swagger UI and Redoc need (api/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", _STRIPE_JS_ORIGIN],
        # Stripe.js: its script, its card and 3-D Secure frames, and the calls it makes to Stripe's API.
        "frame-src": _STRIPE_FRAME_ORIGINS,
        "connect-src": ["'self'", _STRIPE_API_ORIGIN],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
