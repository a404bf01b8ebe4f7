"""One settings module driven by environment variables (12-factor).

Every deployment setting has an embedded default that runs the product on one machine
with an SQLite file under ``var/``. Business-tunable values (warranty periods, SLA
targets, prices) are database rows edited in the admin, never settings.
"""

from decimal import Decimal
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

env = environ.Env(
    DEBUG=(bool, False),
    HTTPS_ONLY=(bool, False),
)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str(
    "SECRET_KEY",
    # Only good for a local run: production sets SECRET_KEY (check --deploy says so).
    default="insecure-local-only-6a1f0c2e9b7d4e5fa3c8b2d1e0f9a7c6b5d4e3f2a1b0c9d8",
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "ninja",  # serves the API docs (Swagger UI) from our own static files, not a CDN
    "django_htmx",
    "template_partials",
    "axes",
    "huey.contrib.djhuey",
    "aftersales.core",
    "aftersales.accounts",
    "aftersales.organisation",
    "aftersales.catalog",
    "aftersales.customers",
    "aftersales.units",
    "aftersales.warranty",
    "aftersales.sla",
    "aftersales.service_orders",
    "aftersales.charges",
    "aftersales.imports",
    "aftersales.documents",
    "aftersales.training",
    "aftersales.dispatch",
    "aftersales.notifications",
    "aftersales.escalations",
    "aftersales.inventory",
    "aftersales.loaners",
    "aftersales.portal",
    "aftersales.console",
    "aftersales.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "aftersales.core.idempotency.IdempotencyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE serialises writers on SQLite, which has no row locks (conventions B.3.7).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    if env.bool("DB_PREPARED_STATEMENTS", default=True):
        # Server-side binding lets psycopg prepare a statement after it ran
        # ``prepare_threshold`` times on a connection, so PostgreSQL plans each query
        # shape once per connection instead of on every request. Turn it off behind a
        # transaction-mode pooler (PgBouncer < 1.21).
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            {"server_side_binding": True, "prepare_threshold": 5}
        )
        # A prepared statement is then planned once, generically: every list query is
        # led by an index on its filter (docs/architecture.md, "Hot paths"), so the
        # generic plan is the right one, while "auto" re-planned some lists (a big
        # region, closed orders) on every request for 6–12 ms (bench/README.md).
        plan_cache_mode = env.str("DB_PLAN_CACHE_MODE", default="force_generic_plan")
        if plan_cache_mode not in {"auto", "force_generic_plan", "force_custom_plan"}:
            raise ImproperlyConfigured(f"DB_PLAN_CACHE_MODE: unknown mode {plan_cache_mode!r}")
        DATABASES["default"]["OPTIONS"]["options"] = f"-c plan_cache_mode={plan_cache_mode}"
    # A health check costs a round trip per request; a broken connection is dropped
    # on its error anyway. Turn it on where connections die silently (some proxies).
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=False)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- auth -----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if env.bool("FAST_PASSWORD_HASHER", default=False):  # test runs only
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "console:login"
LOGIN_REDIRECT_URL = "console:order_list"
LOGOUT_REDIRECT_URL = "console:login"

# Sign-in throttling (SEC-1): lock a username+IP out after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "aftersales.core.lockout.lockout_response"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)

CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://")
    if not env.str("REDIS_URL", default="")
    else {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env.str("REDIS_URL"),
    }
}

# --- i18n / time ----------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "aftersales" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- static ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
# Uploads (exclusion photos) are personal data: nothing serves MEDIA_URL publicly. The
# console's media view answers it for signed-in staff who may see the record a file
# belongs to (docs/subsystems/console.md, "Photos").
MEDIA_URL = "/media/"
# WAR-5 exclusion photos: the largest file one upload may be (a phone photo is 2-8 MB).
EXCLUSION_PHOTO_MAX_BYTES = env.int("EXCLUSION_PHOTO_MAX_BYTES", default=10 * 1024 * 1024)

# --- security -------------------------------------------------------------------------
# One switch for deployments behind HTTPS; a plain-HTTP local run keeps it off.
HTTPS_ONLY = env.bool("HTTPS_ONLY", default=False)
SECURE_SSL_REDIRECT = HTTPS_ONLY
SESSION_COOKIE_SECURE = HTTPS_ONLY
CSRF_COOKIE_SECURE = HTTPS_ONLY
SECURE_HSTS_SECONDS = 31536000 if HTTPS_ONLY else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS_ONLY
SECURE_HSTS_PRELOAD = HTTPS_ONLY
# Behind a proxy the client's address is the PROXY_HOPS-th address from the right of
# X-Forwarded-For (each proxy appends the address it saw); see portal/ratelimit.py.
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
PROXY_HOPS = env.int("PROXY_HOPS", default=1)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# --- task queue (OPS-2) ---------------------------------------------------------------
# Huey: embedded SQLite storage by default; Redis when REDIS_URL is set (scale-out).
_redis_url = env.str("REDIS_URL", default="")
HUEY = {
    "name": env.str("HUEY_NAME", default="aftersales"),
    "immediate": env.bool("HUEY_IMMEDIATE", default=False),
    "utc": True,
    "consumer": {"workers": env.int("HUEY_WORKERS", default=2), "worker_type": "thread"},
}
if _redis_url:
    HUEY.update({"huey_class": "huey.RedisHuey", "url": _redis_url})
else:
    HUEY.update({"huey_class": "huey.SqliteHuey", "filename": str(VAR_DIR / "huey.sqlite3")})

# --- API ------------------------------------------------------------------------------
NINJA_PAGINATION_MAX_PER_PAGE_SIZE = 200
IDEMPOTENCY_TTL_HOURS = 24
# How long a process trusts a token it resolved (see accounts/tokens.py); 0 = always ask.
API_TOKEN_CACHE_SECONDS = env.int("API_TOKEN_CACHE_SECONDS", default=30)
# How long a web process keeps the active SLA policies (0 = read them on every intake).
SLA_POLICY_CACHE_SECONDS = env.int("SLA_POLICY_CACHE_SECONDS", default=30)
# How long a web process reuses the order tallies behind list counts (0 = every list).
ORDER_COUNT_CACHE_SECONDS = env.int("ORDER_COUNT_CACHE_SECONDS", default=2)

# --- notifications (NTF-2; docs/subsystems/notifications.md) --------------------------
# E-mail through Django's backends: the console backend prints mail unless SMTP is set.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="aftersales@localhost")
# The SMS gateway: a class with send(*, phone, text, delivery_id) -> str.
NOTIFY_SMS_PROVIDER = env.str(
    "NOTIFY_SMS_PROVIDER", default="aftersales.notifications.providers.sms.ConsoleSmsProvider"
)
# Seconds to wait after each failed try (1 min, 5 min, 30 min, 2 h, 6 h, 12 h), then failed.
NOTIFY_RETRY_DELAYS = env.str("NOTIFY_RETRY_DELAYS", default="60,300,1800,7200,21600,43200")
# A worker that claimed a message and did not finish within this time is presumed dead.
NOTIFY_SEND_LEASE_SECONDS = env.int("NOTIFY_SEND_LEASE_SECONDS", default=300)
NOTIFY_HTTP_TIMEOUT = env.float("NOTIFY_HTTP_TIMEOUT", default=10.0)
# How long a process keeps the webhook endpoints (0 = read them for every event).
NOTIFY_ENDPOINT_CACHE_SECONDS = env.int("NOTIFY_ENDPOINT_CACHE_SECONDS", default=30)
# The customer's survey link in "completed" messages; relative links get SITE_URL.
NOTIFY_SURVEY_URL = env.str("NOTIFY_SURVEY_URL", default="/survey/{number}")

# --- imports, documents, public warranty lookup ---------------------------------------
# UNIT-3: the largest import file (rows, bytes) one request or command takes.
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=5000)
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
# The site's public address (e.g. https://aftersales.example.com) for links printed on
# paper (the warranty card's QR code); empty = the address of the request.
SITE_URL = env.str("SITE_URL", default="")
# PORTAL-1: lookups per client address per window (a fixed window, in the cache).
PUBLIC_LOOKUP_RATE_LIMIT = env.int("PUBLIC_LOOKUP_RATE_LIMIT", default=30)
PUBLIC_LOOKUP_RATE_WINDOW = env.int("PUBLIC_LOOKUP_RATE_WINDOW", default=60)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# --- spare parts (INV-4; docs/subsystems/inventory.md) ---------------------------------
# Days a defective part used under warranty may take to come back (旧件返还).
DEFECTIVE_RETURN_DAYS = env.int("DEFECTIVE_RETURN_DAYS", default=7)
# INV-5: each region keeps spare parts of at least this percentage of the units it services.
SPARE_STOCK_PERCENT = Decimal(env.str("SPARE_STOCK_PERCENT", default="3"))

# --- loaner units (LOAN-2; docs/subsystems/loaners.md) ---------------------------------
# Days a loaner may stay out after the repair is accepted before it is listed overdue.
LOANER_RETURN_GRACE_DAYS = env.int("LOANER_RETURN_GRACE_DAYS", default=3)
