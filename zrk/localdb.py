"""The project-local PostgreSQL cluster: the embedded default when DATABASE_URL is unset.

Standard library only, so it runs before the virtualenv exists (``python3 -m zrk.localdb ...``).

Two kinds of cluster:
- ``run``: persistent, one per checkout, reused by every ``make run``;
- ``temp``: throwaway, for ``make test``, created in a fresh folder and deleted afterwards, so a
  test run never touches the demo data and two runs never collide.

PostgreSQL refuses to run as root, so as root the server runs as the ``postgres`` user and its
folders live under /var/tmp (a checkout under /root is not enterable by that user). Each checkout
gets its own folder, named after a hash of its path. The server listens on a Unix socket only.
"""

from __future__ import annotations

import contextlib
import getpass
import glob
import hashlib
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DB_NAME = "zrk"
PORT = 5432  # Unix socket only; the folder, not the port, keeps clusters apart.
MIN_VERSION = 15
DEBIAN_PACKAGES = ["postgresql", "postgresql-contrib", "hunspell-pl"]
IS_ROOT = os.geteuid() == 0


class LocalDbError(RuntimeError):
    pass


def say(message: str) -> None:
    print(f"[localdb] {message}", file=sys.stderr, flush=True)


def _pg_bindir() -> Path | None:
    candidates = []
    for path in glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        match = re.search(r"/postgresql/(\d+)/", path)
        if match and int(match.group(1)) >= MIN_VERSION:
            candidates.append((int(match.group(1)), Path(path).parent))
    if candidates:
        return max(candidates)[1]
    found = shutil.which("initdb") or shutil.which("pg_ctl")
    return Path(found).parent if found else None


def _sharedir(bindir: Path) -> Path:
    out = subprocess.run([str(bindir / "pg_config"), "--sharedir"], capture_output=True, text=True)
    if out.returncode == 0 and out.stdout.strip():
        return Path(out.stdout.strip())
    return Path("/usr/share/postgresql") / bindir.parent.name


def _missing_parts(bindir: Path | None) -> list[str]:
    if bindir is None:
        return ["postgresql"]
    missing = []
    share = _sharedir(bindir)
    if not (share / "extension" / "unaccent.control").exists():
        missing.append("postgresql-contrib")
    if not Path("/usr/share/hunspell/pl_PL.dic").exists():
        missing.append("hunspell-pl")
    return missing


def ensure_packages() -> Path:
    """Make sure PostgreSQL 15+, contrib and the Polish dictionary are there; return the bin dir."""
    bindir = _pg_bindir()
    missing = _missing_parts(bindir)
    if missing:
        if not IS_ROOT:
            raise LocalDbError(
                "PostgreSQL 15+ with contrib and the Polish hunspell dictionary is needed. "
                f"Missing: {', '.join(missing)}. Install them with:\n"
                f"    sudo apt-get install {' '.join(DEBIAN_PACKAGES)}\n"
                "or set DATABASE_URL to a PostgreSQL 15+ database you already have."
            )
        say(f"installing {' '.join(DEBIAN_PACKAGES)} (apt-get)...")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", *DEBIAN_PACKAGES], check=True, env=env)
        bindir = _pg_bindir()
        if bindir is None or _missing_parts(bindir):
            raise LocalDbError("apt-get finished but PostgreSQL 15+ is still not usable")
    share = _sharedir(bindir)
    # The hunspell files become PostgreSQL dictionaries only after pg_updatedicts, which the
    # package trigger does not always run.
    if not (share / "tsearch_data" / "pl_pl.dict").exists():
        if IS_ROOT and shutil.which("pg_updatedicts"):
            say("converting the Polish hunspell dictionary for PostgreSQL (pg_updatedicts)...")
            subprocess.run(["pg_updatedicts"], check=False, capture_output=True)
        if not (share / "tsearch_data" / "pl_pl.dict").exists():
            say(
                "the Polish dictionary is not available to PostgreSQL; search falls back to "
                "an unaccented 'simple' configuration (run pg_updatedicts as root to fix)"
            )
    return bindir


def _checkout_id() -> str:
    digest = hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:10]
    slug = re.sub(r"[^a-zA-Z0-9]+", "-", BASE_DIR.name)[:20]
    return f"{slug}-{digest}"


def run_cluster_dir() -> Path:
    override = os.environ.get("ZRK_PGDIR")
    if override:
        return Path(override)
    if IS_ROOT:
        return Path("/var/tmp/zrk-postgres") / _checkout_id()
    return BASE_DIR / ".local" / "postgres"


def socket_dir(cluster: Path) -> Path:
    return cluster / "socket"


def database_url(cluster: Path, name: str = DB_NAME) -> str:
    from urllib.parse import quote

    return f"postgres://{_db_user()}@{quote(str(socket_dir(cluster)), safe='')}:{PORT}/{name}"


def default_database_url() -> str:
    """What settings use when DATABASE_URL is unset: the checkout's persistent cluster."""
    return database_url(run_cluster_dir())


def _db_user() -> str:
    return "postgres" if IS_ROOT else getpass.getuser()


def _as_server_user(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    if IS_ROOT:
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    kwargs.setdefault("cwd", "/")
    return subprocess.run(cmd, **kwargs)


def _chown_to_server_user(path: Path) -> None:
    if IS_ROOT:
        pw = pwd.getpwnam("postgres")
        os.chown(path, pw.pw_uid, pw.pw_gid)


def _is_running(bindir: Path, cluster: Path) -> bool:
    data = cluster / "data"
    if not (data / "PG_VERSION").exists():
        return False
    out = _as_server_user([str(bindir / "pg_ctl"), "status", "-D", str(data)], capture_output=True)
    return out.returncode == 0


def start(cluster: Path, *, durable: bool = True) -> str:
    bindir = ensure_packages()
    data = cluster / "data"
    sock = socket_dir(cluster)
    if IS_ROOT:
        # /var/tmp/zrk-postgres must be traversable by postgres; the cluster folder belongs to it.
        cluster.parent.mkdir(parents=True, exist_ok=True)
        cluster.parent.chmod(0o755)
    cluster.mkdir(parents=True, exist_ok=True)
    _chown_to_server_user(cluster)
    for folder in (sock,):
        folder.mkdir(exist_ok=True)
        folder.chmod(0o755)
        _chown_to_server_user(folder)
    if not (data / "PG_VERSION").exists():
        say(f"creating a PostgreSQL cluster in {data}")
        _as_server_user(
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-instructions",
                *([] if durable else ["--no-sync"]),
            ],
            check=True,
            capture_output=True,
        )
    if _is_running(bindir, cluster):
        say(f"PostgreSQL already running in {cluster}")
    else:
        # Settings for a machine with an SSD and memory to spare (the default 128 MB of buffers
        # and a spinning-disk random_page_cost make the planner scan 100,000 search documents
        # sequentially instead of using the GIN index). Production servers want the same kind.
        options = [
            f"-k {sock}",
            "-c listen_addresses=''",
            f"-p {PORT}",
            "-c shared_buffers=1GB",
            "-c effective_cache_size=8GB",
            "-c random_page_cost=1.1",
            "-c work_mem=16MB",
        ]
        if not durable:
            options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        log = cluster / "server.log"
        if IS_ROOT and not log.exists():
            log.touch()
            _chown_to_server_user(log)
        result = _as_server_user(
            [
                str(bindir / "pg_ctl"),
                "start",
                "-w",
                "-t",
                "60",
                "-D",
                str(data),
                "-l",
                str(log),
                "-o",
                " ".join(options),
            ],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise LocalDbError(f"PostgreSQL did not start:\n{result.stdout}{result.stderr}\n{tail}")
        say(f"PostgreSQL started (socket {sock})")
    _create_database(bindir, cluster)
    return database_url(cluster)


def _create_database(bindir: Path, cluster: Path, name: str = DB_NAME) -> None:
    psql = [
        str(bindir.parent / "bin" / "psql"),
        "-h",
        str(socket_dir(cluster)),
        "-p",
        str(PORT),
        "-U",
        _db_user(),
        "-d",
        "postgres",
        "-tAc",
    ]
    exists = subprocess.run(
        [*psql, f"SELECT 1 FROM pg_database WHERE datname = '{name}'"], capture_output=True, text=True, check=True
    )
    if exists.stdout.strip() != "1":
        subprocess.run([*psql, f'CREATE DATABASE "{name}"'], check=True, capture_output=True)
        say(f"database {name} created")


def ensure_database(name: str) -> str:
    """Start this checkout's cluster if needed, create database ``name`` in it, return its URL."""
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
        raise LocalDbError(f"not a database name: {name!r}")
    cluster = run_cluster_dir()
    start(cluster)
    _create_database(_pg_bindir(), cluster, name)
    return database_url(cluster, name)


def stop(cluster: Path) -> None:
    bindir = _pg_bindir()
    if bindir is None or not _is_running(bindir, cluster):
        return
    _as_server_user(
        [str(bindir / "pg_ctl"), "stop", "-D", str(cluster / "data"), "-m", "fast", "-w"], capture_output=True
    )
    say("PostgreSQL stopped")


def server_cpu_seconds(cluster: Path) -> float | None:
    """CPU time (user + system) the server has used so far: the postmaster, its live processes and
    the backends it has reaped. None where /proc cannot tell (not Linux, or not readable)."""
    try:
        postmaster = int((cluster / "data" / "postmaster.pid").read_text().split()[0])
        pids = [postmaster]
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError, IndexError, ValueError):
                    if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == postmaster:
                        pids.append(int(entry.name))
        ticks = 0
        for pid in pids:
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                # utime, stime, and for reaped children cutime, cstime (fields 14-17 of proc(5)).
                ticks += sum(int(value) for value in fields[11:15])
        return ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def run_with_temp_cluster(command: list[str]) -> int:
    """Start a throwaway cluster, run ``command`` with DATABASE_URL pointing at it, clean up."""
    base = Path(tempfile.mkdtemp(prefix="zrk-test-pg-", dir="/tmp"))
    base.chmod(0o755)
    cluster = base / "cluster"
    code = 1
    try:
        url = start(cluster, durable=False)
        env = {**os.environ, "DATABASE_URL": url}
        proc = subprocess.Popen(command, env=env)
        try:
            code = proc.wait()
        except KeyboardInterrupt:
            proc.send_signal(signal.SIGINT)
            code = proc.wait()
        # The suite's database cost, which the command's own CPU time (time make test) leaves out:
        # the server runs detached from it.
        cpu = server_cpu_seconds(cluster)
        if cpu is not None:
            say(f"PostgreSQL used {cpu:.1f} s of CPU")
    finally:
        with contextlib.suppress(Exception):
            stop(cluster)
        shutil.rmtree(base, ignore_errors=True)
    return code


USAGE = """usage: python3 -m zrk.localdb COMMAND
  ensure             install/check PostgreSQL 15+, contrib and hunspell-pl
  start              start this checkout's persistent cluster (reuses its data)
  stop               stop it
  url                print its DATABASE_URL
  database NAME      start the cluster, create database NAME in it, print its URL
  with-temp CMD...   run CMD against a throwaway cluster, then delete it
"""


def main(argv: list[str]) -> int:
    if not argv:
        print(USAGE, file=sys.stderr)
        return 2
    command, rest = argv[0], argv[1:]
    try:
        if command == "ensure":
            ensure_packages()
        elif command == "start":
            start(run_cluster_dir())
        elif command == "stop":
            stop(run_cluster_dir())
        elif command == "url":
            print(default_database_url())
        elif command == "database" and len(rest) == 1:
            print(ensure_database(rest[0]))
        elif command == "with-temp" and rest:
            return run_with_temp_cluster(rest[1:] if rest[0] == "--" else rest)
        else:
            print(USAGE, file=sys.stderr)
            return 2
    except (LocalDbError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", None)
        say(
            f"error: {exc}"
            + (f"\n{detail.decode(errors='replace') if isinstance(detail, bytes) else detail}" if detail else "")
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
