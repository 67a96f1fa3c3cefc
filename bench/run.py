"""make bench: the register at scale (docs/architecture.md#budgets), measured against its budgets.

1. A database ``zrk_bench`` in the checkout's local cluster (or BENCH_DATABASE_URL) gets the
   generated data (100,000 qualifications, 5,000 organisations, 200,000 rights) unless it already
   holds that many.
2. gunicorn serves it in production mode on loopback (2 workers, as many as cores).
3. Each page is requested REQUESTS times by CONCURRENCY clients after a warm-up; server time comes
   from the Server-Timing header (zrk.middleware), throughput is requests per second of wall time,
   also as a ratio of a trivial baseline view (/healthz) measured in the same run.
4. The worker RSS is read from /proc after the run. The table is printed and written to
   bench/results/.

Only the standard library is used, so the numbers do not depend on a load tool's overhead.
"""

import json
import os
import statistics
import sys
import threading
import time
from datetime import date

from server import ROOT, Gunicorn, development_env, production_env, worker_rss
from server import database_url as local_database_url
from server import manage as run_manage
from server import request as get
from server import say as log

PORT = int(os.environ.get("BENCH_PORT", "8765"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "2"))  # one client per worker: the clients share the 2 cores
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
SIZES = {
    "qualifications": int(os.environ.get("BENCH_QUALIFICATIONS", "100000")),
    "organisations": int(os.environ.get("BENCH_ORGANISATIONS", "5000")),
    "rights": int(os.environ.get("BENCH_RIGHTS", "200000")),
}

# (label, path, budget: (median ms, p95 ms) or None)
SEARCH_BUDGET = (50, 150)
DETAIL_BUDGET = (20, None)
# Uncached here means the page is rendered afresh; its figures are computed once per register version.
STATISTICS_BUDGET = (50, None)
RSS_BUDGET_MB = 200
SIMILAR_DRAFT_BUDGET = (200, None)  # the back-office's 10 most similar entries for a draft, with reasons
RELATED_BLOCK_BUDGET = (5, None)  # what the related block adds to the qualification page


def say(message: str) -> None:
    log("bench", message)


def manage(env: dict, *args: str, capture: bool = False) -> str:
    return run_manage(env, *args, capture=capture)


def database_url() -> str:
    return local_database_url("zrk_bench", os.environ.get("BENCH_DATABASE_URL"))


def prepare(env: dict) -> dict:
    manage(env, "migrate", "--noinput", "-v0")
    probe = (
        "from qualifications.models import Qualification as Q, CertificationRight as R;"
        "from institutions.models import Organisation as O;"
        "print(Q.objects.count(), O.objects.count(), R.objects.count())"
    )
    have = [int(n) for n in manage(env, "shell", "-c", probe, capture=True).split()[-3:]]
    if have[0] < SIZES["qualifications"]:
        say(f"generating data (the database holds {have[0]:,} qualifications); this takes several minutes")
        manage(
            env,
            "generate_data",
            "--qualifications",
            str(SIZES["qualifications"] - have[0]),
            "--organisations",
            str(max(SIZES["organisations"] - have[1], 1)),
            "--rights",
            str(max(SIZES["rights"] - have[2], 0)),
            "--seed",
            "1",
        )
    indexed = manage(
        env,
        "shell",
        "-c",
        "from qualifications.models import SimilarityIndex as S; "
        "print(S.objects.filter(pk=1).values_list('documents', flat=True).first() or 0)",
        capture=True,
    ).split()[-1]
    if int(indexed) < SIZES["qualifications"] * 0.9:
        say("building the similarity index (manage.py build_similarity)")
        manage(env, "build_similarity")
    sample = (
        "from django.db.models import Count;"
        "from qualifications.models import Qualification as Q;"
        "from institutions.models import Organisation as O;"
        "q = Q.objects.filter(status='functioning', code__startswith='GEN-')"
        ".annotate(n=Count('certification_rights')).order_by('-n', 'pk').first();"
        "o = O.objects.annotate(n=Count('certification_rights')).order_by('-n', 'pk').first();"
        "print(q.zrk_id, q.slug, o.pk, Q.objects.count(), O.objects.count())"
    )
    zrk_id, slug, organisation, qualifications, organisations = manage(
        env, "shell", "-c", sample, capture=True
    ).split()[-5:]
    return {
        "zrk_id": zrk_id,
        "slug": slug,
        "organisation": organisation,
        "qualifications": int(qualifications),
        "organisations": int(organisations),
    }


def pages(sample: dict) -> list[tuple[str, str, tuple | None]]:
    q = f"/kwalifikacje/{sample['zrk_id']}-{sample['slug']}/"
    return [
        ("baseline (/healthz)", "/healthz", None),
        ("home", "/", None),
        ("search, no query", "/kwalifikacje/", None),
        ("search, text query", "/kwalifikacje/?q=zarzadzanie", None),
        ("search, text + 2 facets", "/kwalifikacje/?q=prowadzenie&level=4&region=14", SEARCH_BUDGET),
        ("search, deep page", "/kwalifikacje/?page=2000", None),
        ("qualification page", q, DETAIL_BUDGET),
        ("institution page", f"/instytucje/{sample['organisation']}/", None),
        ("statistics page", "/statystyki/", STATISTICS_BUDGET),
        ("API list", "/api/v1/qualifications/?level=5&page_size=20", None),
        ("XML list", "/api/xml/kwalifikacje/?page=3", None),
    ]


def request(path: str) -> tuple[int, float, float]:
    return get(PORT, path)


def measure(path: str, cold: bool) -> dict:
    """``cold``: every request carries a parameter of its own, so the page cache never answers and
    the page is built from the database each time; otherwise the same address is repeated."""
    counter = iter(range(10**9))

    def address() -> str:
        if not cold:
            return path
        return f"{path}{'&' if '?' in path else '?'}_cold={next(counter)}"

    for _ in range(10):  # warm-up: connections, dictionary, PostgreSQL's buffers
        request(address())
    times: list[float] = []
    statuses: list[int] = []
    lock = threading.Lock()
    remaining = [REQUESTS]

    def client():
        while True:
            with lock:
                if remaining[0] == 0:
                    return
                remaining[0] -= 1
            with lock:
                target = address()
            status, server, _wall = request(target)
            with lock:
                times.append(server)
                statuses.append(status)

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(CONCURRENCY)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    times.sort()
    return {
        "median": statistics.median(times),
        "p95": times[int(len(times) * 0.95) - 1],
        "p99": times[int(len(times) * 0.99) - 1],
        "rps": len(times) / elapsed,
        "errors": sum(1 for status in statuses if status >= 400),
    }


def verdict(result: dict, budget) -> str:
    if not budget:
        return ""
    median_budget, p95_budget = budget
    ok = result["median"] < median_budget and (p95_budget is None or result["p95"] < p95_budget)
    target = f"median < {median_budget}" + (f", p95 < {p95_budget}" if p95_budget else "")
    return ("met" if ok else "NOT met") + f" ({target})"


def main() -> int:
    url = database_url()
    env = development_env(url)
    sample = prepare(env)
    production = production_env(env)
    manage(production, "collectstatic", "--noinput", "-v0")
    with Gunicorn(production, PORT, WORKERS) as server:
        rows = []
        baseline_rps = None
        for label, path, budget in pages(sample):
            result = measure(path, cold=True)
            warm = measure(path, cold=False)
            result["warm_median"], result["warm_rps"] = warm["median"], warm["rps"]
            baseline_rps = baseline_rps or result["rps"]
            rows.append((label, path, result, budget))
            say(
                f"{label}: median {result['median']:.1f} ms, p95 {result['p95']:.1f} ms, {result['rps']:.0f} req/s; "
                f"cached {warm['median']:.1f} ms"
            )
        rss = worker_rss(server.pid)
    # The similarity engine, timed in one process (no HTTP: the draft panel is a back-office page).
    similar = json.loads(
        manage(env, "shell", "-c", (ROOT / "bench" / "similarity.py").read_text(), capture=True)
        .strip()
        .splitlines()[-1]
    )
    for label, key, budget in (
        ("similar entries for a draft", "draft", SIMILAR_DRAFT_BUDGET),
        ("related block (added to the page)", "related", RELATED_BLOCK_BUDGET),
    ):
        result = {
            **similar[key],
            "p99": similar[key]["p95"],
            "rps": 0.0,
            "errors": 0,
            "warm_median": 0.0,
            "warm_rps": 0.0,
        }
        rows.append((label, "(in process, 50 records)", result, budget))
        say(f"{label}: median {result['median']:.1f} ms, p95 {result['p95']:.1f} ms")

    lines = [
        f"# ZRK benchmark, {date.today().isoformat()}",
        "",
        f"{sample['qualifications']:,} qualifications, {sample['organisations']:,} organisations; gunicorn "
        f"{WORKERS} workers, production settings, {os.cpu_count()} cores; {REQUESTS} requests per page at "
        f"concurrency {CONCURRENCY} after 10 warm-up requests. Server time from the Server-Timing header.",
        "",
        "Uncached: every request has an address of its own, so each page is built from the database (the",
        "budgets are judged on these). Cached: the same address repeated, answered by the page cache that the",
        "register version keys (home, search, qualification, institution and PRK pages).",
        "",
        "| page | median ms | p95 ms | p99 ms | req/s | vs baseline | errors | cached median ms | cached req/s "
        "| budget |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for label, _path, result, budget in rows:
        lines.append(
            f"| {label} | {result['median']:.1f} | {result['p95']:.1f} | {result['p99']:.1f} | {result['rps']:.0f} "
            f"| {result['rps'] / baseline_rps:.2f} | {result['errors']} | {result['warm_median']:.1f} "
            f"| {result['warm_rps']:.0f} | {verdict(result, budget)} |"
        )
    rss_text = ", ".join(f"{size:.0f} MB" for size in rss) or "unknown"
    rss_ok = rss and max(rss) < RSS_BUDGET_MB
    lines += ["", f"Worker RSS after the run: {rss_text} ({'met' if rss_ok else 'NOT met'}: < {RSS_BUDGET_MB} MB)."]
    lines += ["", "Pages:", *[f"- {label}: `{path}`" for label, path, _r, _b in rows]]
    lines += [
        "",
        "The last two rows are timed in one process (bench/similarity.py), not over HTTP: the similarity panel of",
        "a draft in the back-office, and the one query the related block adds to an uncached qualification page.",
    ]
    report = "\n".join(lines) + "\n"
    print(report)
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    target = results / f"{date.today().isoformat()}-{sample['qualifications'] // 1000}k.md"
    target.write_text(report, encoding="utf-8")
    say(f"written to {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
