"""Production mode refuses to start without its secrets and passes the deployment checklist."""

import os
import subprocess
import sys
from pathlib import Path

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


def test_production_settings_pass_check_deploy():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "ZRK_ENV": "production",
            "SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-value-42",
            "ALLOWED_HOSTS": "zrk.example.gov.pl",
            "DATABASE_URL": os.environ["DATABASE_URL"],
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_non_postgresql_database_is_refused():
    result = run_manage("check", env={"DATABASE_URL": "sqlite:///tmp/zrk.sqlite3"})
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr
