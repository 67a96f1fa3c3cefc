"""Production mode refuses to start without its secrets and passes the deployment checklist."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.security.production import manage, production_env

BASE_DIR = Path(__file__).resolve().parents[2]


def run_manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key_and_hosts():
    result = run_manage("check", env={"ZRK_ENV": "production"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr and "ALLOWED_HOSTS" in result.stderr


@pytest.mark.django_db
def test_production_settings_pass_check_deploy_without_a_warning():
    """The deployment checklist with what a deployment really has: a fresh random secret key of
    50+ characters, its host names and its database (here the test database)."""
    env = production_env()
    assert len(env["SECRET_KEY"]) >= 50
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in output and "?: (" not in output and "ERROR" not in output


@pytest.mark.django_db
def test_production_settings_behind_a_proxy_and_with_a_moved_admin_pass_check_deploy():
    env = production_env(ADMIN_URL="zaplecze-7q2/", TRUSTED_PROXIES="10.0.0.0/8,::1", SECURE_SSL_REDIRECT="1")
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [("ADMIN_URL", ""), ("ADMIN_URL", "../x"), ("ADMIN_URL", "a b/"), ("TRUSTED_PROXIES", "proxy.example")],
)
def test_malformed_security_settings_are_refused(name, value):
    result = run_manage("check", env={name: value})
    assert result.returncode != 0
    assert name in result.stderr and "ImproperlyConfigured" in result.stderr


def test_non_postgresql_database_is_refused():
    result = run_manage("check", env={"DATABASE_URL": "sqlite:///tmp/zrk.sqlite3"})
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr
