"""make loadcheck: a bounded burst against gunicorn, with a worker killed half-way (``--cluster``:
against the several-machines deployment instead, see bench/cluster_check.py).

1. A database of its own (``zrk_loadcheck`` in the checkout's local cluster, or
   LOADCHECK_DATABASE_URL) gets the demo register and a few thousand generated qualifications the
   first time (LOADCHECK_QUALIFICATIONS, default 3,000); later runs reuse it.
2. gunicorn serves it in production mode on loopback (LOADCHECK_WORKERS sync workers, default 2),
   exactly as bench/run.py does (bench/server.py).
3. LOADCHECK_CONCURRENCY clients (default 50) request a mix of public pages, searches and API
   addresses for LOADCHECK_SECONDS (default 60), each as fast as answers come back. The mix is drawn
   from the database (real qualification and institution pages), with a fixed seed; part of it
   carries a parameter of its own, so the page cache cannot answer everything.
4. Half-way, one worker (never the master) gets SIGKILL. A sync worker serves one request at a
   time, so at most one request may fail with it: one that was in flight on the connection the
   worker held. Those are reported apart; every other failure (a status other than 200, a refused
   or dropped connection, a timeout) counts as an error. The master must replace the worker.

Exit status 1 when there is any error, more in-flight failures than the killed worker could hold,
or the worker was not replaced. Not part of `make test`: it takes a minute and more.
"""

import os
import random
import signal
import statistics
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from server import Gunicorn, database_url, development_env, manage, production_env, request, say

PORT = int(os.environ.get("LOADCHECK_PORT", "8766"))
CONCURRENCY = int(os.environ.get("LOADCHECK_CONCURRENCY", "50"))
SECONDS = float(os.environ.get("LOADCHECK_SECONDS", "60"))
WORKERS = int(os.environ.get("LOADCHECK_WORKERS", "2"))
QUALIFICATIONS = int(os.environ.get("LOADCHECK_QUALIFICATIONS", "3000"))
TIMEOUT = float(os.environ.get("LOADCHECK_TIMEOUT", "30"))  # seconds a single request may take
SEED = 1
# gunicorn's sync workers (gunicorn.conf.py sets no worker class or threads): one request each.
REQUESTS_PER_WORKER = 1


def log(message: str) -> None:
    say("loadcheck", message)


# --- the database --------------------------------------------------------------------------------


def prepare(env: dict) -> dict:
    manage(env, "migrate", "--noinput", "-v0")
    count = "from qualifications.models import Qualification as Q; print(Q.objects.count())"
    have = int(manage(env, "shell", "-c", count, capture=True).split()[-1])
    if have == 0:
        log("empty database: loading the demo register")
        manage(env, "load_demo", "-v0", capture=True)
    if have < QUALIFICATIONS:
        log(f"generating {QUALIFICATIONS:,} qualifications (about a quarter of a minute)")
        manage(
            env,
            "generate_data",
            "--qualifications",
            str(QUALIFICATIONS),
            "--organisations",
            str(max(QUALIFICATIONS // 10, 1)),
            "--rights",
            str(QUALIFICATIONS * 2),
            "--seed",
            str(SEED),
            "-v0",
        )
    sample = (
        "from qualifications.models import Qualification as Q, CertificationRight as R;"
        "qs = [(q.zrk_id, q.slug) for q in Q.objects.public().order_by('?')[:400] if q.slug];"
        "orgs = sorted(set(R.objects.order_by('?').values_list('institution_id', flat=True)[:200]));"
        "print(' '.join(f'{z}:{s}' for z, s in qs)); print(' '.join(map(str, orgs)));"
        "print(Q.objects.count())"
    )
    qualifications, organisations, total = manage(env, "shell", "-c", sample, capture=True).strip().splitlines()[-3:]
    return {
        "qualifications": [tuple(item.split(":", 1)) for item in qualifications.split()],
        "organisations": organisations.split(),
        "total": int(total),
    }


# --- the mix -------------------------------------------------------------------------------------

QUERIES = [
    "piekarz", "kosmetyczka", "ksiegowych", "zarzadzanie", "prowadzenie", "obsluga procesow", "spawacz",
    "instalacji", "magazynu", "sieci komputerowych", "fryzjer", "opieki", "mediacji", "programowanie", "piek",
    "kosmetyczak", "baz danych", "turystycznych", "meble", "dokumentacji",
]  # fmt: skip


def mix(sample: dict) -> list[tuple[str, int, Callable[[random.Random], str]]]:
    """(label, weight, rng -> path). Weights roughly as a public register is read: searches and
    qualification pages most, then the API."""

    def qualification(rng):
        zrk_id, slug = rng.choice(sample["qualifications"])
        return f"/kwalifikacje/{zrk_id}-{slug}/"

    def qualification_en(rng):
        zrk_id, slug = rng.choice(sample["qualifications"])
        return f"/en/qualifications/{zrk_id}-{slug}/"

    def search(rng):
        path = f"/kwalifikacje/?q={rng.choice(QUERIES).replace(' ', '+')}"
        if rng.random() < 0.5:
            path += f"&level={rng.randint(2, 7)}"
        if rng.random() < 0.3:
            path += f"&region={rng.choice(['02', '12', '14', '24', '30'])}"
        return path

    def browse(rng):
        return f"/kwalifikacje/?page={rng.randint(1, 60)}&sort={rng.choice(['name', '-included', 'level'])}"

    def institution(rng):
        return f"/instytucje/{rng.choice(sample['organisations'])}/"

    def api_list(rng):
        return f"/api/v1/qualifications/?level={rng.randint(2, 7)}&page={rng.randint(1, 5)}&page_size=20"

    def api_detail(rng):
        return f"/api/v1/qualifications/{rng.choice(sample['qualifications'])[0]}/"

    def api_search(rng):
        return f"/api/v1/qualifications/?q={rng.choice(QUERIES).replace(' ', '+')}"

    return [
        ("home", 6, lambda rng: rng.choice(["/", "/en/"])),
        ("qualification page", 20, qualification),
        ("qualification page (en)", 5, qualification_en),
        ("search", 20, search),
        ("search, browsing pages", 6, browse),
        ("institution list", 3, lambda rng: "/instytucje/"),
        ("institution page", 5, institution),
        ("PRK levels, frameworks", 3, lambda rng: rng.choice(["/poziomy-prk/", "/poziomy-prk/4/", "/ramy-sektorowe/"])),
        ("API list", 8, api_list),
        ("API search", 4, api_search),
        ("API detail", 8, api_detail),
        ("API institutions and levels", 3, lambda rng: rng.choice(["/api/v1/institutions/", "/api/v1/prk-levels/"])),
        ("legacy XML", 4, lambda rng: f"/api/xml/kwalifikacje/?page={rng.randint(1, 20)}"),
        ("health", 1, lambda rng: "/healthz"),
    ]  # fmt: skip


# --- the burst -----------------------------------------------------------------------------------


@dataclass
class Result:
    label: str
    path: str
    started: float
    ended: float
    status: int | None  # None: no HTTP answer (connection refused or dropped, timeout)
    wall_ms: float
    server_ms: float | None
    error: str = ""


def client(number: int, deadline: float, choices, results: list, lock: threading.Lock, port: int = PORT) -> None:
    rng = random.Random(SEED * 1000 + number)  # noqa: S311 - a reproducible mix, not secrets
    labels, weights, makers = zip(*choices, strict=True)
    mine = []
    while time.monotonic() < deadline:
        index = rng.choices(range(len(labels)), weights=weights)[0]
        path = makers[index](rng)
        started = time.monotonic()
        try:
            status, server_ms, wall_ms = request(port, path, timeout=TIMEOUT)
            mine.append(Result(labels[index], path, started, time.monotonic(), status, wall_ms, server_ms))
        except OSError as exc:  # includes http.client's RemoteDisconnected and socket timeouts
            ended = time.monotonic()
            error = f"{type(exc).__name__}: {exc}"
            mine.append(Result(labels[index], path, started, ended, None, (ended - started) * 1000, None, error))
    with lock:
        results.extend(mine)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(share * len(ordered))) - 1))]


def kill_a_worker(server: Gunicorn, at: float) -> dict:
    """SIGKILL one worker at monotonic time ``at``; then wait for the master to replace it."""
    time.sleep(max(0.0, at - time.monotonic()))
    before = server.worker_pids()
    victim = sorted(before)[0]
    killed_at = time.monotonic()
    os.kill(victim, signal.SIGKILL)
    log(f"killed worker {victim} (SIGKILL); workers were {before}")
    replaced_at = None
    for _ in range(300):
        now = server.worker_pids()
        if victim not in now and len(now) == len(before):
            replaced_at = time.monotonic()
            break
        time.sleep(0.05)
    return {"pid": victim, "at": killed_at, "replaced_after": None if replaced_at is None else replaced_at - killed_at}


def main() -> int:
    url = database_url("zrk_loadcheck", os.environ.get("LOADCHECK_DATABASE_URL"))
    env = development_env(url)
    sample = prepare(env)
    if not sample["qualifications"] or not sample["organisations"]:
        log("the database holds no public qualification or institution with rights")
        return 1
    production = production_env(env)
    manage(production, "collectstatic", "--noinput", "-v0")
    choices = mix(sample)
    results: list[Result] = []
    with Gunicorn(production, PORT, WORKERS, tag="loadcheck", quiet=True) as server:
        # Every kind of address answers 200 before the burst, so an error in the burst is the burst's.
        rng = random.Random(SEED)  # noqa: S311
        for label, _weight, make in choices:
            path = make(rng)
            status = request(PORT, path, timeout=TIMEOUT)[0]
            if status != 200:
                log(f"{label}: {path} answers {status} before any load; fix that first")
                return 1
        log(f"{CONCURRENCY} clients for {SECONDS:.0f} s over {len(choices)} kinds of address")
        lock = threading.Lock()
        started = time.monotonic()
        deadline = started + SECONDS
        threads = [
            threading.Thread(target=client, args=(n, deadline, choices, results, lock), daemon=True)
            for n in range(CONCURRENCY)
        ]
        for thread in threads:
            thread.start()
        kill = kill_a_worker(server, started + SECONDS / 2)
        for thread in threads:
            thread.join(timeout=SECONDS + TIMEOUT + 30)
        elapsed = time.monotonic() - started
        workers_after = server.worker_pids()
        gunicorn_log = server.log_tail(15)

    # A failure on the killed worker's connection: no HTTP answer, the request in flight when the
    # worker died (started before, failed within a moment after).
    def in_flight(result: Result) -> bool:
        return result.status is None and result.started <= kill["at"] <= result.ended <= kill["at"] + 5

    failed = [r for r in results if r.status != 200]
    killed = [r for r in failed if in_flight(r)]
    allowed = killed[:REQUESTS_PER_WORKER]
    errors = [r for r in failed if r not in allowed]
    answered = [r for r in results if r.status == 200]
    wall = [r.wall_ms for r in answered]
    server_times = [r.server_ms for r in answered if r.server_ms is not None]

    lines = [
        f"loadcheck: {CONCURRENCY} clients for {SECONDS:.0f} s against gunicorn ({WORKERS} sync workers, production "
        f"settings, {os.cpu_count()} cores), {sample['total']:,} qualifications",
        f"  requests          {len(results):,} ({len(results) / elapsed:.0f} per second)",
        f"  errors            {len(errors)}",
        f"  killed worker     pid {kill['pid']} at {kill['at'] - started:.1f} s; in-flight requests lost with it: "
        f"{len(allowed)} (at most {REQUESTS_PER_WORKER} allowed); "
        + (f"replaced after {kill['replaced_after']:.1f} s" if kill["replaced_after"] is not None else "NOT replaced"),
    ]
    if wall:
        lines += [
            f"  latency (client)  median {statistics.median(wall):.1f} ms, p95 {percentile(wall, 0.95):.1f} ms, "
            f"p99 {percentile(wall, 0.99):.1f} ms, max {max(wall):.1f} ms",
            f"  server time       median {statistics.median(server_times):.1f} ms, "
            f"p95 {percentile(server_times, 0.95):.1f} ms, p99 {percentile(server_times, 0.99):.1f} ms",
        ]
    lines.append(f"  workers after     {len(workers_after)} ({workers_after})")
    lines.append("  by kind           " + ", ".join(
        f"{label} {sum(1 for r in results if r.label == label)}" for label, _w, _m in choices
    ))  # fmt: skip
    for result in allowed:
        lines.append(f"  lost with worker  {result.error} on {result.path} after {result.wall_ms:.0f} ms")
    for result in errors[:20]:
        lines.append(f"  ERROR {result.status or result.error} {result.path} after {result.wall_ms:.0f} ms")
    ok = not errors and kill["replaced_after"] is not None and len(workers_after) == WORKERS
    lines.append("  verdict           " + ("passed" if ok else "FAILED"))
    print("\n".join(lines))
    if not ok:
        print("gunicorn's log (last lines):\n" + gunicorn_log)
    return 0 if ok else 1


if __name__ == "__main__":
    if "--cluster" in sys.argv[1:]:
        from cluster_check import main as cluster_main

        sys.exit(cluster_main())
    sys.exit(main())
