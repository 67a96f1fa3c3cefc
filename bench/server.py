"""What bench/run.py (make bench) and bench/loadcheck.py (make loadcheck) share: a database of their
own in the checkout's local cluster, manage.py in it, and gunicorn serving it in production mode on
loopback. Standard library only.
"""

import http.client
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
HOST = "localhost"


def say(tag: str, message: str) -> None:
    print(f"[{tag}] {message}", file=sys.stderr, flush=True)


def manage(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, text=True, capture_output=capture)
    return result.stdout if capture else ""


def database_url(name: str, override: str | None = None) -> str:
    """``override`` if given (a DATABASE_URL of one's own), else database ``name`` in the checkout's
    local cluster, which is started and the database created if needed."""
    if override:
        return override
    out = subprocess.run(
        [PY, "-m", "zrk.localdb", "database", name], cwd=ROOT, check=True, text=True, capture_output=True
    )
    return out.stdout.strip()


def development_env(url: str) -> dict:
    """For preparing the database (migrate, generate_data): not production, not debug."""
    inherited = {k: v for k, v in os.environ.items() if k not in ("ZRK_ENV", "DEBUG")}
    return {**inherited, "DATABASE_URL": url, "ZRK_ENV": "development", "DEBUG": "0"}


def production_env(env: dict) -> dict:
    """Production settings on loopback: a fresh secret key, plain HTTP (no TLS proxy in front)."""
    return {
        **env,
        "ZRK_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"{HOST},127.0.0.1",
        "SITE_URL": f"https://{HOST}",
        # The benchmark's requests say X-Forwarded-Proto: https, as the TLS proxy would.
        "TRUSTED_PROXIES": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "WARNING",
    }


def request(port: int, path: str, timeout: float = 60) -> tuple[int, float, float]:
    """GET ``path``: (status, server ms from the Server-Timing header, wall ms)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        started = time.perf_counter()
        connection.request("GET", path, headers={"Host": HOST, "X-Forwarded-Proto": "https"})
        response = connection.getresponse()
        response.read()
        wall = (time.perf_counter() - started) * 1000
    finally:
        connection.close()
    timing = response.getheader("Server-Timing", "")
    server = float(timing.split("dur=")[1]) if "dur=" in timing else wall
    return response.status, server, wall


def worker_pids(master: int) -> list[int]:
    """gunicorn's workers: the children of its master process."""
    children = Path(f"/proc/{master}/task/{master}/children")
    try:
        return [int(pid) for pid in children.read_text().split()]
    except OSError:
        return []


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of process ``pid``, of its children that have exited (and were
    waited for) and, recursively, of its live children: a whole process tree's consumption, read from
    /proc. 0 when the process has gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    # Fields after the command name (which may hold spaces, in parentheses): utime, stime, cutime,
    # cstime are the 14th to 17th fields, here 11 to 14.
    fields = stat.rsplit(")", 1)[1].split()
    ticks = sum(int(value) for value in fields[11:15])
    return ticks / os.sysconf("SC_CLK_TCK") + sum(cpu_seconds(child) for child in worker_pids(pid))


def client_backends_cpu(postmaster: int) -> float:
    """CPU seconds of the PostgreSQL cluster's client backends (the connections' processes, whose
    title names the client: "[local]" or an address), leaving out its background work
    (autovacuum, checkpoints), which is not the requests' doing."""
    total = 0.0
    for pid in worker_pids(postmaster):
        try:
            title = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"[local]" in title or b"(" in title:
            total += cpu_seconds(pid)
    return total


def worker_rss(master: int) -> list[float]:
    sizes = []
    for pid in worker_pids(master):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes


class Gunicorn:
    """gunicorn serving ``zrk.wsgi`` with ``env`` on 127.0.0.1:``port`` (gunicorn.conf.py applies,
    the worker count and address given here win). Its log goes to a file, shown by ``log_tail``."""

    def __init__(self, env: dict, port: int, workers: int, tag: str = "bench", quiet: bool = False):
        self.env, self.port, self.workers, self.tag = env, port, workers, tag
        self.log = tempfile.NamedTemporaryFile(prefix="zrk-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
        self.quiet = quiet
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Gunicorn":
        say(self.tag, f"starting gunicorn ({self.workers} workers) on 127.0.0.1:{self.port}")
        output = self.log if self.quiet else None
        self.process = subprocess.Popen(
            [GUNICORN, "zrk.wsgi", "--workers", str(self.workers), "--bind", f"127.0.0.1:{self.port}"],
            cwd=ROOT,
            env=self.env,
            stdout=output,
            stderr=output,
        )
        for _ in range(150):
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}\n{self.log_tail()}")
            try:
                if request(self.port, "/healthz", timeout=5)[0] == 200 and len(self.worker_pids()) == self.workers:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError(f"gunicorn did not answer on 127.0.0.1:{self.port}\n{self.log_tail()}")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        Path(self.log.name).unlink(missing_ok=True)

    @property
    def pid(self) -> int:
        return self.process.pid

    def worker_pids(self) -> list[int]:
        return worker_pids(self.pid)

    def log_tail(self, lines: int = 30) -> str:
        self.log.flush()
        text = Path(self.log.name).read_text(errors="replace")
        return "\n".join(text.splitlines()[-lines:])
