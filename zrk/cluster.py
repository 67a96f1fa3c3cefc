"""The several-machines deployment, on one machine over loopback: ``make cluster``.

What a deployment on several hosts runs, each part a private instance of the engine a real host
would run, on ports and folders of its own so that it never meets ``make run`` or ``make test``:

- nginx (Debian package) in front, balancing the app servers (``proxy_next_upstream`` retries an
  idempotent request that an app server refused or dropped on the next one; ``max_fails`` and
  ``fail_timeout`` take a failing server out of rotation);
- N app servers: gunicorn, each its own master and workers, as on its own host;
- Redis (Debian package) as the shared cache (page cache, session copies), ``CACHE_URL``;
- PostgreSQL: the checkout's local cluster (zrk/localdb.py) as the primary, ``DATABASE_URL``, and a
  streaming replica of it (pg_basebackup, a replication slot, ``standby.signal``) on a socket
  folder and port of its own, ``DATABASE_REPLICA_URL`` (zrk/db_router.py decides what reads it).

The parts run in the background, each with a pid file under ``.local/cluster/NAME/``; ``stop``
stops them all (and the primary, if this module started it). The replica is a fresh base backup on
every start: its slot is dropped on stop so that the primary never keeps WAL for a replica that is
gone. Standard library only.

    python3 -m zrk.cluster start|stop|status|run [--name NAME]
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from zrk import localdb

BASE_DIR = localdb.BASE_DIR
VENV_BIN = BASE_DIR / ".venv" / "bin"
DEBIAN_PACKAGES = {"nginx": "/usr/sbin/nginx", "redis-server": "/usr/bin/redis-server"}


class ClusterError(RuntimeError):
    pass


def say(message: str) -> None:
    print(f"[cluster] {message}", file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Layout:
    """Where one cluster lives: ``make cluster`` and ``make loadcheck-cluster`` each have their own."""

    name: str
    port: int  # nginx; the app servers take the ports after it
    redis_port: int
    replica_port: int
    database: str
    app_servers: int = 2
    workers: int = 2  # gunicorn sync workers per app server
    production: bool = False

    @property
    def folder(self) -> Path:
        return BASE_DIR / ".local" / "cluster" / self.name

    @property
    def replica_dir(self) -> Path:
        # As root PostgreSQL runs as ``postgres``, which cannot enter a checkout under /root.
        base = localdb.run_cluster_dir()
        return base.parent / f"{base.name}-{self.name}-replica"

    @property
    def slot(self) -> str:
        return f"zrk_{self.name}_replica".replace("-", "_")

    def app_ports(self) -> list[int]:
        return [self.port + 1 + i for i in range(self.app_servers)]


LAYOUTS = {
    "cluster": Layout("cluster", port=8090, redis_port=6390, replica_port=5433, database="zrk_cluster"),
    "loadcheck": Layout(
        "loadcheck", port=8780, redis_port=6391, replica_port=5434, database="zrk_loadcheck", production=True
    ),
}


def layout_from_env(name: str) -> Layout:
    base = LAYOUTS[name]
    return Layout(
        name,
        port=int(os.environ.get("CLUSTER_PORT", base.port)),
        redis_port=base.redis_port,
        replica_port=base.replica_port,
        database=base.database,
        app_servers=int(os.environ.get("CLUSTER_APP_SERVERS", base.app_servers)),
        workers=int(os.environ.get("CLUSTER_WORKERS", base.workers)),
        production=base.production,
    )


# --- processes -----------------------------------------------------------------------------------


def _read_pid(path: Path, expect: str) -> int | None:
    """The pid in ``path`` if that process is alive and its command line names ``expect``."""
    try:
        pid = int(path.read_text().strip())
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except (OSError, ValueError):
        return None
    return pid if expect in cmdline else None


def _stop_pid(path: Path, expect: str, sig: int = signal.SIGTERM, wait: float = 30) -> bool:
    pid = _read_pid(path, expect)
    if pid is None:
        path.unlink(missing_ok=True)
        return False
    os.kill(pid, sig)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline and _read_pid(path, expect) == pid:
        time.sleep(0.1)
    if _read_pid(path, expect) == pid:
        os.kill(pid, signal.SIGKILL)
    path.unlink(missing_ok=True)
    return True


def http_status(port: int, path: str = "/healthz", timeout: float = 5) -> int | None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": "localhost"})
        response = connection.getresponse()
        response.read()
        return response.status
    except OSError:
        return None
    finally:
        connection.close()


def ensure_packages() -> None:
    missing = [name for name, path in DEBIAN_PACKAGES.items() if not Path(path).exists()]
    if not missing:
        return
    if not localdb.IS_ROOT:
        raise ClusterError(f"needed: {' '.join(missing)}; install with: sudo apt-get install {' '.join(missing)}")
    say(f"installing {' '.join(missing)} (apt-get)...")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True, env=env)


# --- PostgreSQL: primary and replica -------------------------------------------------------------


def _psql(socket: Path, port: int, sql: str, database: str = "postgres") -> str:
    bindir = localdb._pg_bindir()
    out = subprocess.run(
        [str(bindir / "psql"), "-h", str(socket), "-p", str(port), "-U", localdb._db_user(), "-d", database]
        + ["-tAc", sql],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def primary_socket() -> Path:
    return localdb.socket_dir(localdb.run_cluster_dir())


def allow_replication() -> None:
    """The primary accepts replication connections on its Unix socket (initdb writes this line; a
    cluster made otherwise may lack it). wal_level=replica and max_wal_senders are PostgreSQL's defaults."""
    hba = localdb.run_cluster_dir() / "data" / "pg_hba.conf"
    lines = [line.split() for line in hba.read_text().splitlines() if line.strip() and not line.startswith("#")]
    if any(parts[:2] == ["local", "replication"] for parts in lines):
        return
    with hba.open("a") as handle:
        handle.write("\n# zrk.cluster: streaming replica over the Unix socket\nlocal replication all trust\n")
    _psql(primary_socket(), localdb.PORT, "SELECT pg_reload_conf()")
    say("primary: replication over the Unix socket allowed (pg_hba.conf)")


def replica_running(layout: Layout) -> bool:
    data = layout.replica_dir / "data"
    if not (data / "PG_VERSION").exists():
        return False
    bindir = localdb._pg_bindir()
    return (
        localdb._as_server_user([str(bindir / "pg_ctl"), "status", "-D", str(data)], capture_output=True).returncode
        == 0
    )


def start_replica(layout: Layout) -> None:
    bindir = localdb._pg_bindir()
    folder, data, socket = layout.replica_dir, layout.replica_dir / "data", layout.replica_dir / "socket"
    if replica_running(layout):
        say(f"replica already running (port {layout.replica_port})")
        return
    allow_replication()
    # A fresh copy each time: an old one may need WAL the primary no longer has.
    drop_slot(layout)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    socket.mkdir()
    for path in (folder, socket):
        path.chmod(0o755 if path == socket else 0o700)
        localdb._chown_to_server_user(path)
    say(f"replica: base backup of the primary into {data}")
    localdb._as_server_user(
        [str(bindir / "pg_basebackup"), "-h", str(primary_socket()), "-p", str(localdb.PORT), "-U"]
        + [localdb._db_user(), "-D", str(data), "--wal-method=stream", "--write-recovery-conf"]
        + ["--create-slot", "--slot", layout.slot, "--checkpoint=fast", "--no-sync"],
        check=True,
        capture_output=True,
    )
    log = folder / "server.log"
    log.touch()
    localdb._chown_to_server_user(log)
    options = [
        f"-k {socket}",
        "-c listen_addresses=''",
        f"-p {layout.replica_port}",
        "-c shared_buffers=256MB",
        "-c random_page_cost=1.1",
        "-c work_mem=16MB",
        "-c hot_standby=on",
        # Queries on the replica hold back vacuum on the primary rather than being cancelled by it.
        "-c hot_standby_feedback=on",
    ]
    result = localdb._as_server_user(
        [str(bindir / "pg_ctl"), "start", "-w", "-t", "60", "-D", str(data), "-l", str(log), "-o", " ".join(options)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise ClusterError(f"the replica did not start:\n{result.stderr}\n{log.read_text(errors='replace')[-2000:]}")
    for _ in range(100):
        with contextlib.suppress(subprocess.CalledProcessError):
            if _psql(socket, layout.replica_port, "SELECT status FROM pg_stat_wal_receiver") == "streaming":
                say(f"replica streaming from the primary (socket {socket}, port {layout.replica_port})")
                return
        time.sleep(0.2)
    raise ClusterError(f"the replica does not stream from the primary; see {log}")


def stop_replica(layout: Layout) -> None:
    if replica_running(layout):
        localdb._as_server_user(
            [str(localdb._pg_bindir() / "pg_ctl"), "stop", "-D", str(layout.replica_dir / "data"), "-m", "fast", "-w"],
            capture_output=True,
        )
        say("replica stopped")


def drop_slot(layout: Layout) -> None:
    with contextlib.suppress(subprocess.CalledProcessError, FileNotFoundError):
        _psql(
            primary_socket(),
            localdb.PORT,
            f"SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '{layout.slot}'",
        )


def replica_url(layout: Layout) -> str:
    socket = quote(str(layout.replica_dir / "socket"), safe="")
    return f"postgres://{localdb._db_user()}@{socket}:{layout.replica_port}/{layout.database}"


# --- Redis ---------------------------------------------------------------------------------------


def start_redis(layout: Layout) -> None:
    folder = layout.folder / "redis"
    folder.mkdir(parents=True, exist_ok=True)
    pidfile = folder / "redis.pid"
    if _read_pid(pidfile, "redis-server"):
        say(f"Redis already running (port {layout.redis_port})")
        return
    subprocess.run(
        [DEBIAN_PACKAGES["redis-server"], "--port", str(layout.redis_port), "--bind", "127.0.0.1"]
        + [
            "--dir",
            str(folder),
            "--daemonize",
            "yes",
            "--pidfile",
            str(pidfile),
            "--logfile",
            str(folder / "redis.log"),
        ]
        # A cache: nothing to persist, bounded memory, least recently used copies go first.
        + ["--save", "", "--appendonly", "no", "--maxmemory", "256mb", "--maxmemory-policy", "allkeys-lru"],
        check=True,
    )
    for _ in range(50):
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", layout.redis_port), 1):
            say(f"Redis started (127.0.0.1:{layout.redis_port})")
            return
        time.sleep(0.1)
    raise ClusterError(f"Redis did not start; see {folder / 'redis.log'}")


# --- the app servers -----------------------------------------------------------------------------


def secret_key(layout: Layout) -> str:
    """One key for every app server: a session or CSRF token made by one must hold on the others."""
    path = layout.folder / "secret_key"
    if not path.exists():
        layout.folder.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def app_env(layout: Layout, primary_url: str) -> dict:
    inherited = {k: v for k, v in os.environ.items() if k not in ("ZRK_ENV", "DEBUG", "ZRK_DEMO")}
    env = {
        **inherited,
        "DATABASE_URL": primary_url,
        "DATABASE_REPLICA_URL": replica_url(layout),
        "CACHE_URL": f"redis://127.0.0.1:{layout.redis_port}/0",
        "SECRET_KEY": secret_key(layout),
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "SITE_URL": f"http://localhost:{layout.port}",
        # nginx, the only proxy, is on loopback: its X-Forwarded-For names the client.
        "TRUSTED_PROXIES": "127.0.0.1",
        "WEB_CONCURRENCY": str(layout.workers),
    }
    if layout.production:
        env |= {"ZRK_ENV": "production", "SECURE_SSL_REDIRECT": "0", "LOG_LEVEL": "WARNING"}
    else:
        # Production behaviour (no debug pages, collected static files) with the demo accounts.
        env |= {"ZRK_ENV": "development", "DEBUG": "0", "ZRK_DEMO": "1"}
    return env


def app_pidfile(layout: Layout, port: int) -> Path:
    return layout.folder / f"app-{port}.pid"


def start_app_server(layout: Layout, port: int, env: dict) -> None:
    pidfile = app_pidfile(layout, port)
    if _read_pid(pidfile, "gunicorn"):
        say(f"app server on 127.0.0.1:{port} already running")
        return
    log = (layout.folder / f"app-{port}.log").open("ab")
    # Its own session: the loadcheck kills an app server with its workers, as a host going down.
    process = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "zrk.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(layout.workers)]
        + ["--pid", str(pidfile)],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    for _ in range(300):
        if process.poll() is not None:
            raise ClusterError(f"app server on port {port} exited; see {log.name}")
        if http_status(port) == 200:
            say(f"app server on 127.0.0.1:{port} ({layout.workers} workers, pid {process.pid})")
            return
        time.sleep(0.2)
    raise ClusterError(f"app server on port {port} does not answer; see {log.name}")


def kill_app_server(layout: Layout, port: int) -> int | None:
    """SIGKILL an app server's master and workers at once (a host lost, not a graceful stop)."""
    pid = _read_pid(app_pidfile(layout, port), "gunicorn")
    if pid is None:
        return None
    os.killpg(pid, signal.SIGKILL)
    app_pidfile(layout, port).unlink(missing_ok=True)
    return pid


# --- nginx ---------------------------------------------------------------------------------------

NGINX_CONF = """\
# Written by zrk/cluster.py; a private nginx (nginx -p {prefix} -c {prefix}/nginx.conf).
worker_processes 2;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
    client_max_body_size 25m;

    upstream zrk_app {{
{servers}
        keepalive 32;
    }}

    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        location / {{
            proxy_pass http://zrk_app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            # A server that refuses, drops or times out: the request goes to the next one (nginx
            # never repeats a POST that reached a server); max_fails takes it out of rotation.
            proxy_next_upstream error timeout http_502 http_503;
            proxy_next_upstream_tries 3;
            proxy_connect_timeout 2s;
            proxy_read_timeout 180s;
        }}
    }}
}}
"""


def nginx_prefix(layout: Layout) -> Path:
    return layout.folder / "nginx"


def start_nginx(layout: Layout) -> None:
    prefix = nginx_prefix(layout)
    for sub in ("tmp", "logs"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    servers = "\n".join(f"        server 127.0.0.1:{port} max_fails=2 fail_timeout=10s;" for port in layout.app_ports())
    conf = prefix / "nginx.conf"
    conf.write_text(NGINX_CONF.format(prefix=prefix, port=layout.port, servers=servers))
    command = [DEBIAN_PACKAGES["nginx"], "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")]
    if _read_pid(prefix / "nginx.pid", "nginx"):
        subprocess.run([*command, "-s", "reload"], check=True)
        say(f"nginx reloaded (http://localhost:{layout.port}/)")
        return
    subprocess.run(command, check=True)
    for _ in range(50):
        if http_status(layout.port) == 200:
            say(f"nginx on http://localhost:{layout.port}/ balancing {', '.join(map(str, layout.app_ports()))}")
            return
        time.sleep(0.1)
    raise ClusterError(f"nginx does not answer; see {prefix / 'error.log'}")


# --- the whole -----------------------------------------------------------------------------------


def _state(layout: Layout) -> dict:
    path = layout.folder / "state.json"
    return json.loads(path.read_text()) if path.exists() else {}


def manage(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [str(VENV_BIN / "python"), "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        check=True,
        text=True,
        capture_output=capture,
    )
    return result.stdout if capture else ""


def start(layout: Layout, prepare=None) -> dict:
    """Start every part (those already running are kept); ``prepare(env)`` fills the database between
    the database and the app servers. Returns the app servers' environment."""
    ensure_packages()
    layout.folder.mkdir(parents=True, exist_ok=True)
    state = _state(layout)
    cluster = localdb.run_cluster_dir()
    if not state.get("started_primary"):
        bindir = localdb.ensure_packages()
        state["started_primary"] = not localdb._is_running(bindir, cluster)
        (layout.folder / "state.json").write_text(json.dumps(state))
    primary_url = localdb.ensure_database(layout.database)
    env = app_env(layout, primary_url)
    # The schema and the data first, on the primary: the replica's copy then has them.
    if prepare:
        prepare(env)
    manage(env, "collectstatic", "--noinput", "-v0")
    start_replica(layout)
    start_redis(layout)
    for port in layout.app_ports():
        start_app_server(layout, port, env)
    start_nginx(layout)
    return env


def stop(layout: Layout) -> None:
    prefix = nginx_prefix(layout)
    if _stop_pid(prefix / "nginx.pid", "nginx", signal.SIGQUIT):
        say("nginx stopped")
    for pidfile in sorted(layout.folder.glob("app-*.pid")):
        if _stop_pid(pidfile, "gunicorn"):
            say(f"app server {pidfile.stem[4:]} stopped")
    if _stop_pid(layout.folder / "redis" / "redis.pid", "redis-server"):
        say("Redis stopped")
    stop_replica(layout)
    shutil.rmtree(layout.replica_dir, ignore_errors=True)
    drop_slot(layout)
    state = _state(layout)
    if state.get("started_primary"):
        localdb.stop(localdb.run_cluster_dir())
    (layout.folder / "state.json").unlink(missing_ok=True)


def status(layout: Layout) -> int:
    rows = [
        ("nginx", f"http://localhost:{layout.port}/", http_status(layout.port) == 200),
        *((f"app server {port}", f"127.0.0.1:{port}", http_status(port) == 200) for port in layout.app_ports()),
        (
            "Redis",
            f"127.0.0.1:{layout.redis_port}",
            bool(_read_pid(layout.folder / "redis" / "redis.pid", "redis-server")),
        ),
        ("replica", str(layout.replica_dir / "socket"), replica_running(layout)),
    ]
    for name, where, up in rows:
        print(f"{name:<18} {where:<60} {'up' if up else 'down'}")
    return 0 if all(up for *_, up in rows) else 1


def prepare_demo(env: dict) -> None:
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo", "--users")


def run(layout: Layout) -> int:
    """make cluster: start everything, wait for Ctrl-C, stop everything."""
    stopping = False

    def on_signal(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    try:
        start(layout, prepare_demo)
        print(
            f"\nThe cluster serves http://localhost:{layout.port}/ (nginx -> app servers "
            f"{', '.join(map(str, layout.app_ports()))}; Redis {layout.redis_port}; "
            f"replica port {layout.replica_port}).\n"
            f"Logs and pid files: {layout.folder}. Ctrl-C (or make cluster-stop) stops it.",
            flush=True,
        )
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        stopping = True
    finally:
        if not stopping:
            say("start failed; stopping what was started")
        stop(layout)
    return 0


def main(argv: list[str]) -> int:
    args = list(argv)
    name = "cluster"
    if "--name" in args:
        index = args.index("--name")
        name = args[index + 1]
        del args[index : index + 2]
    if not args or args[0] not in {"start", "stop", "status", "run"} or name not in LAYOUTS:
        print(__doc__, file=sys.stderr)
        return 2
    layout = layout_from_env(name)
    try:
        if args[0] == "run":
            return run(layout)
        if args[0] == "start":
            start(layout, prepare_demo if name == "cluster" else None)
        elif args[0] == "stop":
            stop(layout)
        else:
            return status(layout)
    except (ClusterError, localdb.LocalDbError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", None)
        say(
            f"error: {exc}"
            + (f"\n{detail.decode(errors='replace') if isinstance(detail, bytes) else detail}" if detail else "")
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
