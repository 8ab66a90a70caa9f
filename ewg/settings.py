"""Settings, read from the environment.

With nothing set, the application runs embedded for a local start (`make run`): PostgreSQL from a wheel with its data
in var/, tasks in-process.
`EWG_ENVIRONMENT=production` demands every value a production system needs and refuses unsafe ones.
"""

from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from ewg import queues
from ewg.env import env_bool, env_choice, env_int, env_list, env_required, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("EWG_VAR_DIR", str(BASE_DIR / "var")))

ENVIRONMENT = env_choice("EWG_ENVIRONMENT", ("development", "production"), "development")
PRODUCTION = ENVIRONMENT == "production"

if PRODUCTION:
    SECRET_KEY = env_required("SECRET_KEY")
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 random characters in production.")
    DEBUG = env_bool("DEBUG", False)
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must not be true in production.")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must name the host names in production.")
else:
    SECRET_KEY = env_str("SECRET_KEY", "development-only-insecure-key-do-not-use-in-production")
    DEBUG = env_bool("DEBUG", True)
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django.contrib.postgres",
    "django_htmx",
    "guardian",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "agencies",
    "cases",
    "courses",
    "followups",
    "booklets",
    "goals",
    "reports",
    "privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ewg.security.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ewg.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "agencies.session_expiry.ExpiredSessionMiddleware",  # before the sign-in redirect: says the session ran out
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "agencies.middleware.ActiveMembershipMiddleware",
    "agencies.second_factor.SecondFactorMiddleware",  # after the memberships: whether a second factor is needed
    "ewg.security.RequestSizeLimitMiddleware",  # before anything reads the body (CSRF's check does)
    "django.contrib.messages.middleware.MessageMiddleware",
    "agencies.sessions.AbsoluteLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    # Innermost, so that the view and the spending of the form's one-time token share one transaction.
    "agencies.submissions.SubmitOnceMiddleware",
]

# Static files are served by WhiteNoise: in production from the collected, hashed copies; in development straight
# from the source folders, with or without DEBUG (the demo runs without it, to show the product's own error pages).
INSTALLED_APPS.insert(INSTALLED_APPS.index("django.contrib.staticfiles"), "whitenoise.runserver_nostatic")
MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
WHITENOISE_USE_FINDERS = not PRODUCTION

ROOT_URLCONF = "ewg.urls"
WSGI_APPLICATION = "ewg.wsgi.application"
FORM_RENDERER = "ewg.forms.KernFormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "agencies.context_processors.navigation",
            ],
            # Every form carries its one-time token beside the CSRF token, without a {% load %} in each template.
            "builtins": ["agencies.templatetags.submissions"],
        },
    },
]

# Database: PostgreSQL everywhere. Without DATABASE_URL in development, the embedded server that `make run` starts
# (its socket in var/ is known without asking it), so manage.py works beside `make run` with no variable set.
_database_url = env_str("DATABASE_URL")
if not _database_url:
    if PRODUCTION:
        raise ImproperlyConfigured("DATABASE_URL must point to PostgreSQL in production.")
    from ewg.embedded_db import EmbeddedPostgres

    _database_url = EmbeddedPostgres(VAR_DIR).url()
DATABASES = {"default": environ.Env.db_url_config(_database_url)}
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis carries the task queue and the cache; without it, tasks run in-process.
REDIS_URL = env_str("REDIS_URL")
if PRODUCTION and not REDIS_URL:
    raise ImproperlyConfigured("REDIS_URL must be set in production.")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "agencies.User"
AUTHENTICATION_BACKENDS = [
    "agencies.sign_in.AddressThrottleBackend",  # refuses an address that failed too often across user names
    "axes.backends.AxesStandaloneBackend",  # refuses locked-out attempts; authenticates nobody itself
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 2 * 24 * 3600, minimum=600)

# Sessions end after a period without activity and when the browser closes.
SESSION_ENGINE = "agencies.session_store"  # database sessions that keep their sign-in record when their key changes
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60, minimum=60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# However active, a session ends after a working day; an account holds at most a few at once (agencies.sessions).
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 10 * 3600, minimum=600)
SESSION_MAX_PER_USER = env_int("SESSION_MAX_PER_USER", 3, minimum=1)
# Password-reset mails to one address in an hour; further requests answer the same but send nothing.
PASSWORD_RESET_MAILS_PER_HOUR = env_int("PASSWORD_RESET_MAILS_PER_HOUR", 3, minimum=1)
# The second factor (TOTP with recovery codes, django-otp): days a new account may sign in without one.
SECOND_FACTOR_GRACE_DAYS = env_int("SECOND_FACTOR_GRACE_DAYS", 14, minimum=0)
OTP_TOTP_ISSUER = "Einwanderung gestalten"
# Each failed code doubles the wait before the next is checked (1 s, 2 s, 4 s, ...), per device across sessions.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Failed logins: five tries per user name and address, then a quarter of an hour's pause.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Failed sign-ins from one address across all user names before the same pause (agencies.sign_in).
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20, minimum=1)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_CLIENT_IP_CALLABLE = "ewg.client_ip.client_ip"
# Reverse proxies in front of the application that append to X-Forwarded-For (one when BEHIND_TLS_PROXY).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if env_bool("BEHIND_TLS_PROXY", False) else 0)

# django-guardian: no anonymous user object, no global permissions by accident.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"

# E-mail leaves only through the outbox table (agencies.outbox), relayed by a task.
_email_url = env_str("EMAIL_URL")
if _email_url:
    vars().update(environ.Env.email_url_config(_email_url))
elif PRODUCTION:
    raise ImproperlyConfigured("EMAIL_URL must be set in production (for example smtp+tls://user:pw@host:587).")
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "ewg@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The right-hand side of the Message-IDs the outbox makes (one per e-mail, kept for every attempt).
EMAIL_MESSAGE_ID_DOMAIN = (
    env_str("EMAIL_MESSAGE_ID_DOMAIN") or parseaddr(DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
)
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 8, minimum=1)

# Celery. Late acknowledgement and requeue on worker loss: a task that was running when a worker died runs again,
# so every task is idempotent. The outbox rows count attempts, which bounds retries of a poisoned job.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
# Longer than the longest task (time limit above), or Redis hands a running task to a second worker.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * 3600}
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", queues.DEFAULT_PREFIX)
# Mail, PDFs and the other jobs each in a queue of their own, named after the prefix above (ewg/queues.py).
CELERY_TASK_QUEUES = queues.task_queues(CELERY_TASK_DEFAULT_QUEUE)
CELERY_TASK_ROUTES = queues.task_routes(CELERY_TASK_DEFAULT_QUEUE)
CELERY_TIMEZONE = TIME_ZONE
# A worker rendering a report version renews its lease on it every few seconds (reports.lease); a version whose lease
# has run out lost its worker and is taken over by the next task for it or by the sweep below.
REPORT_RENDER_LEASE_SECONDS = env_int("REPORT_RENDER_LEASE_SECONDS", 30, minimum=2)
CELERY_BEAT_SCHEDULE = {
    "outbox-relay": {"task": "agencies.tasks.outbox_relay", "schedule": 60.0},
    "nightly-scans": {"task": "courses.tasks.scans_run_nightly", "schedule": crontab(hour=1, minute=30)},
    # After the scans and the indicators, so that the morning's dashboard includes the night's alerts.
    "nightly-figures": {"task": "reports.tasks.figures_compute_nightly", "schedule": crontab(hour=2, minute=30)},
    # Report versions whose on-commit hand-over to the broker was lost (broker down) are handed over again, and those
    # whose worker died (lease run out) are taken over: within a minute of the worker's death.
    "report-versions-resume": {"task": "reports.tasks.report_versions_resume", "schedule": 30.0},
    "nightly-indicators": {"task": "goals.tasks.indicators_record_nightly", "schedule": crontab(hour=2, minute=0)},
    # Last in the night: the figures of the night are computed before records leave them.
    "nightly-retention": {"task": "privacy.tasks.retention_apply_nightly", "schedule": crontab(hour=4, minute=0)},
    "nightly-submissions-expire": {
        "task": "agencies.tasks.submissions_expire_nightly",
        "schedule": crontab(hour=3, minute=30),
    },
    # Sessions whose time is up go with what they held (searches by name among it), and their sign-in records.
    "nightly-sessions-expire": {
        "task": "agencies.tasks.sessions_expire_nightly",
        "schedule": crontab(hour=3, minute=0),
    },
    # Working days before office hours: each caseworker's count of follow-ups and plan steps due (followups.digest).
    "morning-digest": {
        "task": "followups.tasks.digest_send_morning",
        "schedule": crontab(hour=6, minute=30, day_of_week="mon-fri"),
    },
}

# Waiting on the network. Every wait on PostgreSQL, Redis or the mail server is bounded, so that a dependency that
# accepts connections and then answers nothing fails one step within seconds, instead of holding a gunicorn worker
# until gunicorn kills it (60 s) after the request's work was committed. In seconds; the README's "Reliability" lists
# what a user sees.
# Redis answers in milliseconds; a publish or cache call unanswered after REDIS_TIMEOUT counts as failed. What a
# request hands to the broker is in the database before (outbox rows, queued report versions) and is handed on
# on commit with robust=True, so a failed publish is logged and the periodic relays deliver it later.
REDIS_TIMEOUT = env_int("REDIS_TIMEOUT_SECONDS", 2, minimum=1)
_redis_socket = {"socket_timeout": REDIS_TIMEOUT, "socket_connect_timeout": REDIS_TIMEOUT}
if REDIS_URL:
    CACHES["default"]["OPTIONS"] = _redis_socket
CELERY_BROKER_TRANSPORT_OPTIONS.update(_redis_socket)
# One retry at once replaces a pooled connection that Redis closed (a restart); more would only prolong a request
# while Redis hangs. A publish gives up after about twice REDIS_TIMEOUT.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}
# PostgreSQL: a server that takes the connection but never completes the start-up is given up after the connect
# timeout; TCP keepalives and the TCP user timeout notice a server gone from the network (a partition, a dead host)
# on an open connection, which would otherwise wait for the kernel's retransmissions (about 15 minutes). Ignored on
# a Unix socket (the embedded server). Values in DATABASE_URL's query string take precedence.
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT_SECONDS", 5, minimum=2)  # libpq counts 1 as 2
_database_tcp_timeout = env_int("DATABASE_TCP_TIMEOUT_SECONDS", 10, minimum=1)
DATABASES["default"]["OPTIONS"] = {
    "connect_timeout": DATABASE_CONNECT_TIMEOUT,
    "keepalives": 1,
    "keepalives_idle": 30,
    "keepalives_interval": 10,
    "keepalives_count": 3,
    "tcp_user_timeout": _database_tcp_timeout * 1000,  # milliseconds unacknowledged before the connection is dropped
    **DATABASES["default"].get("OPTIONS", {}),
}
# Statements of web requests only (ewg/wsgi.py, ewg/asgi.py): the server cancels a statement after this (a lock
# wait, a runaway query) and the request ends with the error page, before gunicorn's timeout. Celery workers and
# management commands run long statements on purpose (nightly scans and figures, migrations) and are not bounded.
# 0: no bound.
DATABASE_STATEMENT_TIMEOUT = env_int("DATABASE_STATEMENT_TIMEOUT_SECONDS", 30)
# SMTP, per step (connecting, each reply); only workers send mail. A mail server in the same network answers each
# step in well under a second, a content filter after the message may take several seconds; a hung one holds a worker
# process this long per step, and the outbox tries the message again later.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT_SECONDS", 15, minimum=1)

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    if env_bool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)  # only a header; submission is a separate step
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_NAME = "__Host-language"
CSRF_FAILURE_VIEW = "ewg.views.csrf_failure"
# Scripts, styles, fonts and images from the application's own origin only; no inline script anywhere (ASVS V3.4.3).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
ADMIN_URL_PREFIX = "/admin/"
REQUEST_BODY_MAX_BYTES = env_int("REQUEST_BODY_MAX_MB", 10, minimum=1) * 1024 * 1024
# Pages carry the CSRF token themselves (forms, and htmx's header from the page): no script reads the cookie.
CSRF_COOKIE_HTTPONLY = True
# Messages live in the session: no cookie of their own (one more cookie without the __Host- prefix).
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Times with their offset from UTC, so that lines from machines in other zones or around a clock change sort.
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s", "datefmt": "%Y-%m-%dT%H:%M:%S%z"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # PDF rendering reports every step at INFO; only its warnings matter (e.g. a refused resource).
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
