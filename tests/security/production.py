"""Running manage.py in production mode (ZRK_ENV=production) against the test database."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from django.db import connection

BASE_DIR = Path(__file__).resolve().parents[2]
HOST = "zrk.example.gov.pl"


def database_url() -> str:
    """The test run's database as a DATABASE_URL (the test database once pytest-django made it)."""
    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{user}{password}@{quote(db['HOST'] or '', safe='')}{port}/{db['NAME']}"


def production_env(**extra: str) -> dict:
    """The environment of a production deployment: a fresh random secret key of 50+ characters,
    allowed hosts and the test database. Nothing of the test process's Django settings leaks in."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ZRK_", "AXES_"))}
    for name in (
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "SITE_URL",
        "DEBUG",
        "ADMIN_URL",
        "TRUSTED_PROXIES",
        "SECURE_SSL_REDIRECT",
    ):
        inherited.pop(name, None)
    return {
        **inherited,
        "ZRK_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),  # 67 random URL-safe characters
        "ALLOWED_HOSTS": HOST,
        "SITE_URL": f"https://{HOST}",
        "DATABASE_URL": database_url(),
        "LOG_LEVEL": "ERROR",
        **extra,
    }


def manage(*args: str, env: dict, timeout: int = 180) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def run_in_production(code: str, **extra: str):
    """Run ``code`` in ``manage.py shell`` with production settings; it prints one JSON value last."""
    result = manage("shell", "--no-imports", "-c", code, env=production_env(**extra))
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])
