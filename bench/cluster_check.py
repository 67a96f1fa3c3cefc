"""make loadcheck-cluster (bench/loadcheck.py --cluster): the burst against the several-machines
deployment, while parts of it fail.

1. The loadcheck database (zrk_loadcheck, filled as for ``make loadcheck``) is served by the
   deployment of zrk/cluster.py under the layout ``loadcheck``: nginx on 127.0.0.1:8780 balancing
   two gunicorn app servers (8781, 8782), Redis as the shared cache, a streaming replica of the
   local PostgreSQL cluster for public reads; production settings.
2. LOADCHECK_CONCURRENCY clients (50) send the mix of ``make loadcheck`` to nginx for
   LOADCHECK_SECONDS (60).
3. At a fifth of the run a change is published on the primary (a qualification's confirming
   document, which bumps the register version). Right after the commit, each app server is asked
   directly for that qualification's page: the first answer must show the change (the page cache
   must not serve the old copy, nor the replica the old row).
4. At a third, the first app server is killed (SIGKILL to its master and workers: the host is gone).
   Only requests in flight on it may fail, at most one per worker; nginx sends the rest elsewhere.
5. At two thirds the replica is stopped (pg_ctl stop -m fast): reads go on from the primary, and
   no request may fail for it.
6. At four fifths a second change is published and checked on the app server still up.

Exit 1 on any error beyond the allowance of step 4, a stale page in steps 3 or 6, or a replica that
served nothing before it was stopped. Everything started is stopped at the end.
"""

import contextlib
import http.client
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from loadcheck import CONCURRENCY, SECONDS, TIMEOUT, Result, client, log, mix, percentile, prepare
from server import ROOT, development_env, request

sys.path.insert(0, str(ROOT))

from zrk import cluster  # noqa: E402 - the checkout's own module, after its folder is on the path


def fetch(port: int, path: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        connection.request("GET", path, headers={"Host": "localhost"})
        response = connection.getresponse()
        return response.status, response.read().decode(errors="replace")
    finally:
        connection.close()


def publish(env: dict, zrk_id: str, text: str) -> float:
    """Set the qualification's confirming document (Polish) on the primary; return when committed."""
    code = (
        "from qualifications.models import Qualification as Q;"
        f"n = Q.objects.filter(zrk_id={zrk_id!r}).update(document_name_pl={text!r});"
        "assert n == 1, n"
    )
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True
    )
    return time.monotonic()


def check_published(ports: list[int], path: str, text: str) -> list[str]:
    """The first request to each app server after the commit: the new text, or a failure line."""
    problems = []
    for port in ports:
        status, body = fetch(port, path)
        if status != 200 or text not in body:
            problems.append(f"app server {port}: {status}, {'new text' if text in body else 'OLD page'} on {path}")
    return problems


def replica_sessions(layout) -> int:
    socket = layout.replica_dir / "socket"
    sql = f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{layout.database}'"  # noqa: S608 - a constant
    return int(cluster._psql(socket, layout.replica_port, sql) or 0)


def warnings_in_logs(layout, needle: str) -> int:
    return sum(path.read_text(errors="replace").count(needle) for path in Path(layout.folder).glob("app-*.log"))


def main() -> int:
    layout = cluster.layout_from_env("loadcheck")
    for path in Path(layout.folder).glob("app-*.log"):
        path.unlink()
    prepared: dict = {}

    def fill(env):
        prepared["sample"] = prepare(development_env(env["DATABASE_URL"]))

    env = cluster.start(layout, fill)
    sample = prepared["sample"]
    primary_env = {**development_env(env["DATABASE_URL"]), "LOG_LEVEL": "WARNING"}
    zrk_id, slug = sample["qualifications"][0]
    page = f"/kwalifikacje/{zrk_id}-{slug}/"
    original = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "manage.py", "shell", "-c"]
        + [
            "from qualifications.models import Qualification as Q;"
            f"print(Q.objects.get(zrk_id={zrk_id!r}).document_name_pl)"
        ],
        cwd=ROOT,
        env=primary_env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.rstrip("\n")
    choices = mix(sample)
    results: list[Result] = []
    events: dict = {}
    problems: list[str] = []
    ports = layout.app_ports()
    try:
        rng = random.Random(1)  # noqa: S311 - a reproducible mix, not secrets
        rng_paths = [make(rng) for _label, _w, make in choices]
        for path in rng_paths:
            status = request(layout.port, path, timeout=TIMEOUT)[0]
            if status != 200:
                log(f"{path} answers {status} through nginx before any load; fix that first")
                return 1
        log(f"{CONCURRENCY} clients for {SECONDS:.0f} s against nginx on {layout.port} ({len(ports)} app servers)")
        lock = threading.Lock()
        started = time.monotonic()
        deadline = started + SECONDS
        threads = [
            threading.Thread(target=client, args=(n, deadline, choices, results, lock, layout.port), daemon=True)
            for n in range(CONCURRENCY)
        ]
        for thread in threads:
            thread.start()

        def at(share: float) -> None:
            time.sleep(max(0.0, started + SECONDS * share - time.monotonic()))

        at(0.2)
        first = f"LOADCHECK-1-{int(time.time())}"
        events["publish 1"] = publish(primary_env, zrk_id, first) - started
        problems += check_published(ports, page, first)
        log(f"published a change at {events['publish 1']:.1f} s; checked on app servers {ports}")

        at(1 / 3)
        events["replica sessions before the kill"] = replica_sessions(layout)
        events["kill"] = time.monotonic()
        victim = cluster.kill_app_server(layout, ports[0])
        log(f"killed app server {ports[0]} (pid {victim} and its workers, SIGKILL)")

        at(2 / 3)
        events["replica sessions before the stop"] = replica_sessions(layout)
        events["replica stop"] = time.monotonic()
        cluster.stop_replica(layout)

        at(0.8)
        second = f"LOADCHECK-2-{int(time.time())}"
        events["publish 2"] = publish(primary_env, zrk_id, second) - started
        problems += check_published(ports[1:], page, second)
        log(f"published a change at {events['publish 2']:.1f} s; checked on app server {ports[1:]}")

        for thread in threads:
            thread.join(timeout=SECONDS + TIMEOUT + 30)
        elapsed = time.monotonic() - started
        fallbacks = warnings_in_logs(layout, "replica")
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            publish(primary_env, zrk_id, original)
        cluster.stop(layout)

    kill_at = events["kill"]

    def in_flight(result: Result) -> bool:
        return result.status != 200 and result.started <= kill_at <= result.ended <= kill_at + 5

    failed = [r for r in results if r.status != 200]
    lost = [r for r in failed if in_flight(r)]
    allowed = lost[: layout.workers]
    errors = [r for r in failed if r not in allowed]
    answered = [r for r in results if r.status == 200]
    wall = [r.wall_ms for r in answered]
    server_times = [r.server_ms for r in answered if r.server_ms is not None]
    after_stop = [r for r in results if r.started >= events["replica stop"]]
    served_by_replica = events["replica sessions before the kill"] + events["replica sessions before the stop"]

    lines = [
        f"loadcheck --cluster: {CONCURRENCY} clients for {SECONDS:.0f} s against nginx, {len(ports)} app servers x "
        f"{layout.workers} sync workers, Redis cache, PostgreSQL primary + streaming replica, production settings, "
        f"{os.cpu_count()} cores, {sample['total']:,} qualifications",
        f"  requests          {len(results):,} ({len(results) / elapsed:.0f} per second)",
        f"  errors            {len(errors)}",
        f"  app server killed {ports[0]} at {kill_at - started:.1f} s; requests lost in flight: {len(allowed)} "
        f"(at most {layout.workers} allowed)",
        f"  replica stopped   at {events['replica stop'] - started:.1f} s; requests after it: {len(after_stop):,}, "
        f"failed {sum(1 for r in after_stop if r.status != 200)}; replica sessions before: "
        f"{events['replica sessions before the kill']} / {events['replica sessions before the stop']}; "
        f"app-server log lines about the replica: {fallbacks}",
        f"  published         at {events['publish 1']:.1f} s (checked on {ports}) and {events['publish 2']:.1f} s "
        f"(checked on {ports[1:]}): " + ("new page on the first request everywhere" if not problems else "STALE"),
    ]
    if wall:
        lines += [
            f"  latency (client)  median {statistics.median(wall):.1f} ms, p95 {percentile(wall, 0.95):.1f} ms, "
            f"p99 {percentile(wall, 0.99):.1f} ms, max {max(wall):.1f} ms",
            f"  server time       median {statistics.median(server_times):.1f} ms, "
            f"p95 {percentile(server_times, 0.95):.1f} ms",
        ]
    for result in allowed:
        lines.append(f"  lost in flight    {result.status or result.error} on {result.path}")
    for result in errors[:20]:
        lines.append(f"  ERROR {result.status or result.error} {result.path} at {result.started - started:.1f} s")
    lines += [f"  STALE {problem}" for problem in problems]
    ok = not errors and not problems and served_by_replica > 0
    if served_by_replica == 0:
        lines.append("  the replica served no reads before it was stopped")
    lines.append("  verdict           " + ("passed" if ok else "FAILED"))
    print("\n".join(lines))
    return 0 if ok else 1
