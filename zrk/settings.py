"""Settings for the ZRK portal, read from the environment only (12-factor).

``ZRK_ENV=production`` switches on the production hardening and refuses to start without a secret
key, allowed hosts and a database. Without ``DATABASE_URL`` (development, tests) the project-local
PostgreSQL cluster of ``zrk.localdb`` is used.
"""

import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from zrk import localdb
from zrk.security import parse_networks
from zrk.site_url import parse_site_url

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
ZRK_ENV = env.str("ZRK_ENV", default="development")
PRODUCTION = ZRK_ENV == "production"
if ZRK_ENV not in {"development", "production", "test"}:
    raise ImproperlyConfigured(f"ZRK_ENV must be development, test or production, not {ZRK_ENV!r}")

if PRODUCTION:
    missing = [name for name in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "SITE_URL") if not env.str(name, "")]
    if missing:
        raise ImproperlyConfigured(f"ZRK_ENV=production needs these environment variables: {', '.join(missing)}")
    SECRET_KEY = env.str("SECRET_KEY")
    DEBUG = env.bool("DEBUG", default=False)
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
else:
    # Development only: a fixed key is harmless because production refuses to start without its own.
    SECRET_KEY = env.str("SECRET_KEY", default="dev-insecure-zrk-key-not-for-production")  # noqa: S105
    DEBUG = env.bool("DEBUG", default=ZRK_ENV == "development")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])

# The site's public address (scheme and host): every absolute link is built from it, never from the
# request's Host or forwarding headers, which the client writes (zrk/site_url.py). Required in production.
_DEFAULT_SITE_URL = "http://testserver" if ZRK_ENV == "test" else "http://127.0.0.1:8000"
SITE_URL = parse_site_url(env.str("SITE_URL", default="") or _DEFAULT_SITE_URL)

INSTALLED_APPS = [
    # modeltranslation must precede the admin so its admin classes patch the forms.
    "modeltranslation",
    "zrk.admin_site.ZrkAdminConfig",  # django.contrib.admin with the register's own site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "nested_admin",  # learning outcomes and criteria on the qualification's page
    "csp",
    "axes",
    # Applicant accounts (the portal's /konto/): e-mail sign-up and login, TOTP two-factor.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "zrk",
    "institutions",
    "qualifications",
    "applications",
]

MIDDLEWARE = [
    "zrk.middleware.ServerTimingMiddleware",
    "zrk.middleware.OneRegisterVersionMiddleware",
    # Before anything reads X-Forwarded-Proto (SecurityMiddleware's HTTPS redirect, request.scheme).
    "zrk.middleware.UntrustedForwardingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "zrk.middleware.PermissionsPolicyMiddleware",
    "zrk.middleware.RejectNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "zrk.middleware.StaffSessionMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    *(["zrk.db_router.ReplicaMiddleware"] if env.str("DATABASE_REPLICA_URL", default="") else []),
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zrk.urls"
WSGI_APPLICATION = "zrk.wsgi.application"

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
                "zrk.context_processors.site",
            ],
        },
    },
]

# --- Database: PostgreSQL only -------------------------------------------------------------------
_db = env.db_url_config(env.str("DATABASE_URL", default="") or localdb.default_database_url())
if _db.get("ENGINE") != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point to PostgreSQL 15+ (postgres://...)")
# django-environ leaves a percent-encoded Unix socket folder encoded.
_db["HOST"] = unquote(str(_db.get("HOST") or ""))
# The Polish dictionary costs ~0.5 s on each new connection: connections live as long as their
# worker (health-checked before reuse), and gunicorn's workers load it before their first request
# (zrk/warmup.py). CONN_MAX_AGE=<seconds> bounds their life instead.
_db["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=None)
_db["CONN_HEALTH_CHECKS"] = True
# The statements a public page sends for every request with other values (zrk.compiled.prepared_cursor)
# are kept prepared per connection after a few runs, which spares PostgreSQL parsing and planning
# them again. Set DATABASE_PREPARED_STATEMENTS=0 behind a connection pooler in transaction mode that
# cannot carry prepared statements (PgBouncer before 1.21): the same statements are then sent unprepared.
DATABASE_PREPARED_STATEMENTS = env.bool("DATABASE_PREPARED_STATEMENTS", default=True)
_db.setdefault("OPTIONS", {})["prepare_threshold"] = 2 if DATABASE_PREPARED_STATEMENTS else None
DATABASES = {"default": _db}

# A PostgreSQL streaming replica for public reads (README "Running on several machines"): the
# router sends anonymous GET/HEAD reads there and everything else to the primary (zrk/db_router.py).
# Without DATABASE_REPLICA_URL there is one database and no router.
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
# How far behind the primary (seconds) the replica may be and still serve; how long a verdict on its
# health is kept; how long connecting to it may take before the primary answers instead.
DATABASE_REPLICA_MAX_LAG = env.float("DATABASE_REPLICA_MAX_LAG", default=10.0)
DATABASE_REPLICA_CHECK_SECONDS = env.float("DATABASE_REPLICA_CHECK_SECONDS", default=5.0)
if DATABASE_REPLICA_URL:
    _replica = env.db_url_config(DATABASE_REPLICA_URL)
    if _replica.get("ENGINE") != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must point to PostgreSQL 15+ (postgres://...)")
    _replica["HOST"] = unquote(str(_replica.get("HOST") or ""))
    _replica["CONN_MAX_AGE"] = _db["CONN_MAX_AGE"]
    _replica["CONN_HEALTH_CHECKS"] = True
    _replica.setdefault("OPTIONS", {})["prepare_threshold"] = _db["OPTIONS"]["prepare_threshold"]
    _replica["OPTIONS"]["connect_timeout"] = env.int("DATABASE_REPLICA_TIMEOUT", default=2)
    # Tests run against the primary's test database under both names.
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"] = _replica
    DATABASE_ROUTERS = ["zrk.db_router.PrimaryReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes first: it refuses a locked-out user name before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Outside demo mode the demo accounts' published passwords open nothing (applications/demo_accounts.py).
    "applications.demo_accounts.DemoAccountsBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Applicants log in with their e-mail address; staff accounts are refused there and keep to the
    # admin login, where django-axes counts their failures (applications/portal/accounts.py).
    "applications.portal.accounts.ApplicantBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages -----------------------------------------------------------------------------------
LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("Polish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Warsaw"
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "pl"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("pl",)
# Self-hosted: the tabbed translation admin would otherwise load jQuery UI from a CDN.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

# --- Static files --------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Files the site generates for itself (the whole-register Europass document), never served directly.
ZRK_DATA_DIR = env.path("ZRK_DATA_DIR", default=BASE_DIR / ".local" / "data")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Security ------------------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_HTTPONLY = True
# Back-office sessions end when the browser closes and at the latest STAFF_SESSION_HOURS after the login
# (zrk/middleware.py); public visitors keep Django's defaults.
STAFF_SESSION_SECONDS = int(env.float("STAFF_SESSION_HOURS", default=8) * 3600)
# No powerful browser feature is used anywhere on the site.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# The back-office's address (ADMIN_URL, e.g. "zaplecze-4f7c/"): moving it off /admin/ keeps most
# password-guessing robots away from the login form. A path relative to the site root, which must
# not take a public address (system check zrk.E001 in zrk/checks.py).
ADMIN_URL = env.str("ADMIN_URL", default="admin/").strip().strip("/") + "/"
_SEGMENT = r"[A-Za-z0-9._~-]*[A-Za-z0-9][A-Za-z0-9._~-]*"  # not "." or ".."
if not all(re.fullmatch(_SEGMENT, part) for part in ADMIN_URL[:-1].split("/")):
    raise ImproperlyConfigured(f"ADMIN_URL must be a path like 'admin/' (letters, digits, . _ ~ -), not {ADMIN_URL!r}")

# Admin login lockout (django-axes, kept in the database so that every worker and host agrees):
# after AXES_FAILURE_LIMIT failed logins in a row for one user name from one address, that pair is
# refused for AXES_COOLOFF_MINUTES (each further failure starts the wait again); other users and
# the same user elsewhere are not affected; a successful login clears the count.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "zrk.security.lockout_response"
# Behind a reverse proxy the client's address is read from X-Forwarded-For, only when the request
# comes from one of TRUSTED_PROXIES (addresses or networks); otherwise REMOTE_ADDR (zrk/security.py).
TRUSTED_PROXIES = parse_networks(env.list("TRUSTED_PROXIES", default=[]))
AXES_CLIENT_IP_CALLABLE = "zrk.security.client_ip"
# The lockout is the back-office's: the applicants' e-mail logins (which never let staff in) are
# limited by allauth's ACCOUNT_RATE_LIMITS instead, and would otherwise be counted without a user name,
# locking out everybody behind one address together.
AXES_WHITELIST_CALLABLE = "applications.portal.accounts.not_a_staff_login"

# --- Applicant accounts (django-allauth) ---------------------------------------------------------
# Sign-up and login by e-mail address only, verified before the first login; allauth's default
# enumeration protection keeps sign-up and password reset from telling whether an address has an account.
ACCOUNT_ADAPTER = "applications.portal.accounts.AccountAdapter"
ACCOUNT_FORMS = {"reset_password": "applications.portal.accounts.ApplicantResetPasswordForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "ZRK: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
# Counted in Django's cache (CACHE_URL: shared by every worker and host when it is Redis). Failed
# logins: 10 a minute per address and 5 in 5 minutes per e-mail address.
ACCOUNT_RATE_LIMITS = {
    "signup": "10/h/ip",
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "10/h/ip,3/h/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
    "confirm_email": "1/3m/key",
}
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
# TOTP with recovery codes; passkeys and WebAuthn need JavaScript, which the portal does without.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "ZRK"
MFA_PASSKEY_LOGIN_ENABLED = False

if PRODUCTION:
    # Believed only from TRUSTED_PROXIES: UntrustedForwardingMiddleware drops the header otherwise.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Secure-sessionid"
    CSRF_COOKIE_NAME = "__Secure-csrftoken"
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Applicants are told of each workflow step by e-mail; until SMTP is configured the messages go to
# the console (EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and EMAIL_HOST etc. to send).
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="ZRK <noreply@zrk.invalid>")

if ZRK_ENV == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # django-axes logs each login at INFO; its warnings (failures, lockouts) are what matters.
    "loggers": {"django.db.backends": {"level": "INFO"}, "axes": {"level": "WARNING"}},
}

# Public pages are cached under the register version (qualifications/page_cache.py); a shared
# cache (e.g. CACHE_URL=redis://...) lets several workers and hosts share the copies.
# What an anonymous visitor can make the cache hold is bounded (qualifications/page_cache.py): pages
# larger than PAGE_CACHE_MAX_BYTES are not kept (copies are stored compressed), and each worker's
# local-memory cache keeps at most PAGE_CACHE_MAX_ENTRIES copies (a shared cache is bounded by its
# own memory limit, e.g. Redis maxmemory with an LRU policy).
PAGE_CACHE_MAX_BYTES = env.int("PAGE_CACHE_MAX_BYTES", default=512 * 1024)
# PAGE_CACHE=0 builds every page afresh while the figures kept per register version stay cached:
# the benchmark measures uncached pages this way (bench/run.py).
PAGE_CACHE = env.bool("PAGE_CACHE", default=True)
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://zrk")}
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    CACHES["default"].setdefault("OPTIONS", {})["MAX_ENTRIES"] = env.int("PAGE_CACHE_MAX_ENTRIES", default=1000)
elif CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # redis:// or rediss:// (redis:///path/to/socket for a Unix socket). A Redis that does not
    # answer within CACHE_TIMEOUT seconds is treated as empty, not as an error (zrk/cache.py).
    CACHES["default"]["BACKEND"] = "zrk.cache.RedisCache"
    _cache_timeout = env.float("CACHE_TIMEOUT", default=0.5)
    CACHES["default"].setdefault("OPTIONS", {}).update(
        socket_connect_timeout=_cache_timeout, socket_timeout=_cache_timeout
    )
SHARED_CACHE = not CACHES["default"]["BACKEND"].endswith(("LocMemCache", "DummyCache"))
# What a text search works out for its words, kept per register version (zrk/cache.py ``copies``):
# in the shared cache when there is one; else the workers of one gunicorn master share it in files
# of a folder the master makes when it starts and removes when it stops (ZRK_COPIES_DIR, set by
# gunicorn.conf.py), so a word's first search is worked out once per server, not once per worker;
# else (runserver, commands, tests) beside the local-memory cache, in the same store.
_copies_dir = env.str("ZRK_COPIES_DIR", default="")
if SHARED_CACHE or not _copies_dir:
    CACHES["copies"] = dict(CACHES["default"])
else:
    CACHES["copies"] = {
        "BACKEND": "zrk.cache.UncompressedFileCache",
        "LOCATION": _copies_dir,
        "OPTIONS": {"MAX_ENTRIES": env.int("COPIES_MAX_ENTRIES", default=2000)},
    }
if SHARED_CACHE:
    # Sessions are read from the shared cache and written through to the database, so a cache
    # that loses them (restart, eviction) signs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Demo accounts and passwords exist only where this is on (make run sets it); never in production.
ZRK_DEMO = env.bool("ZRK_DEMO", default=False) and not PRODUCTION

# The register operator's public contact, shown in the footer pages (about, privacy notice). Left
# empty, the pages say that no address is published here (in demo mode: a marked placeholder).
CONTACT_EMAIL = env.str("CONTACT_EMAIL", default="")
CONTACT_PHONE = env.str("CONTACT_PHONE", default="")

# Open data API (docs/architecture.md#open-data-outputs): read-only, anonymous, JSON only (no browsable API: its
# forms and inline scripts would need CSP exceptions and add nothing a harvester needs).
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "qualifications.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ZRK open data API",
    "DESCRIPTION": "Read-only access to the Integrated Qualifications Register (Zintegrowany Rejestr Kwalifikacji).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Docs UI assets from the drf-spectacular-sidecar package, served by whitenoise: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "QualificationStatusEnum": "qualifications.models.Status",
        "RightStatusEnum": "qualifications.models.RightStatus",
    },
}
