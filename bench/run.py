"""make bench: the register at scale (docs/architecture.md#budgets), measured against its budgets.

1. A database ``zrk_bench`` in the checkout's local cluster (or BENCH_DATABASE_URL) gets the
   generated data (100,000 qualifications, 5,000 organisations, 200,000 rights) unless it already
   holds that many. It is kept between runs.
2. gunicorn serves it in production mode on loopback (2 workers, as many as cores), first with the
   page cache off (PAGE_CACHE=0: every page built from the database, the figures kept per register
   version still cached, as after any edit of the register), then with it on.
3. Each page type is requested REQUESTS times by CONCURRENCY clients after a warm-up, over a mix of
   distinct addresses (other words, facet combinations, records, page numbers, both languages);
   server time comes from the Server-Timing header (zrk.middleware), throughput is requests per
   second of wall time, also as a ratio of a trivial baseline view (/healthz) in the same run.
4. Server CPU per uncached request: the CPU time of the gunicorn processes and of the PostgreSQL
   connections' processes (read from /proc; not the cluster's background work such as autovacuum)
   over the page type's run, divided by its requests. Only when the database runs on this machine
   (the local cluster); the load generator is not counted.
5. The worker RSS is read from /proc after the run. The table is printed and written to
   bench/results/.

Only the standard library is used, so the numbers do not depend on a load tool's overhead. The
machine is shared: figures from a busy machine are noisy, CPU time less so than elapsed time.
"""

import json
import os
import random
import statistics
import sys
import threading
import time
from datetime import date

from server import ROOT, Gunicorn, client_backends_cpu, cpu_seconds, development_env, production_env, worker_rss
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
# BENCH_ONLY=home,deep: only the page types whose label contains one of these (a quick comparison).
ONLY = [part.strip() for part in os.environ.get("BENCH_ONLY", "").split(",") if part.strip()]

# Budgets: (median ms, p95 ms) of server time, and the server CPU per uncached request (ms).
PAGE_BUDGET = (50, 150)  # every public page type
DETAIL_BUDGET = (15, 150)
TEXT_CPU_BUDGET = 20
FILTER_CPU_BUDGET = 40  # filter-only and whole-register search pages
RSS_BUDGET_MB = 200
SIMILAR_DRAFT_BUDGET = (200, None)  # the back-office's 10 most similar entries for a draft, with reasons
RELATED_BLOCK_BUDGET = (5, None)  # what the related block adds to the qualification page
SAMPLE_SIZE = 200  # records (qualifications, institutions) whose pages are requested
CACHED_ADDRESSES = 20  # of each page type's, requested again with the page cache on


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
    # A sample of records spread over the register (every n-th by id, so the same ones each run),
    # the postmaster of the database's cluster (its processes' CPU is the database's share), and
    # the sizes.
    sample = f"""
import json, os
from django.db import connection
from django.db.models import Count
from qualifications.models import Qualification as Q
from institutions.models import Organisation as O
n = {SAMPLE_SIZE}
public = Q.objects.public().filter(code__startswith="GEN-").order_by("pk")
step = max(public.count() // n, 1)
qualifications = [(q.zrk_id, q.slug) for q in public.only("zrk_id", "name_pl")[::step][:n]]
heaviest = public.annotate(n=Count("certification_rights")).order_by("-n", "pk").only("zrk_id", "name_pl")[0]
heaviest = (heaviest.zrk_id, heaviest.slug)
with_rights = O.objects.filter(certification_rights__isnull=False).distinct().order_by("pk")
step = max(with_rights.count() // n, 1)
organisations = list(with_rights.values_list("pk", flat=True)[::step][:n])
with connection.cursor() as cursor:
    cursor.execute("SELECT pg_backend_pid()")
    backend = cursor.fetchone()[0]
try:
    postmaster = int(open(f"/proc/{{backend}}/stat").read().rsplit(")", 1)[1].split()[1])
except OSError:
    postmaster = 0
print(json.dumps({{
    "qualifications": [list(pair) for pair in qualifications],
    "heaviest": list(heaviest),
    "organisations": organisations,
    "postmaster": postmaster,
    "count": Q.objects.count(),
    "organisation_count": O.objects.count(),
}}))
"""
    return json.loads(manage(env, "shell", "-c", sample, capture=True).strip().splitlines()[-1])


# Words for the text searches: the generated names' activities and objects, with and without
# diacritics, in both languages, so each address asks the dictionary something of its own.
WORDS = [
    "zarzadzanie", "prowadzenie", "obsługa", "projektowanie", "montaż", "planowanie", "konserwacja",
    "organizowanie", "wykonywanie", "nadzorowanie", "programowanie", "diagnozowanie", "instalacji",
    "fotowoltaicznych", "księgowych", "ksiegowych", "sieci komputerowych", "fryzjerskich", "szkoleń",
    "magazynu", "pojazdów", "turystycznych", "ogrodniczych", "sportowych", "dokumentacji medycznej",
    "grzewczych", "konstrukcji stalowych", "obsługi klienta", "baz danych", "piekarskich", "mediacji",
    "mebli", "starszą", "wykończeniowych", "managing", "photovoltaic", "accounting", "networks",
    "hairdressing", "warehouse", "vehicles", "tourist", "horticultural", "databases", "bakery",
]  # fmt: skip
# Words that match (nearly) every record: the facet counts then group the whole register.
BROAD_WORDS = ["osoba", "osobą", "kwalifikacja", "zasady", "pracy", "dokumentację", "stosuje", "ocenia"]
LEVELS = [str(n) for n in range(1, 9)]
REGIONS = ["02", "04", "06", "08", "10", "12", "14", "16", "18", "20", "22", "24", "26", "28", "30", "32"]
CATEGORIES = ["market", "free_market", "sectoral", "craft"]
SORTS = ["", "name", "-included", "level"]


def _mix(rng: random.Random, make, count: int = REQUESTS) -> list[str]:
    """``count`` addresses made by ``make(rng)``, without repeats where the space allows."""
    seen: dict[str, None] = {}
    for _ in range(count * 20):
        seen.setdefault(make(rng), None)
        if len(seen) == count:
            break
    addresses = list(seen)
    rng.shuffle(addresses)
    return addresses


def _search(language: str, **params) -> str:
    from urllib.parse import urlencode

    base = "/en/qualifications/" if language == "en" else "/kwalifikacje/"
    query = urlencode([(key, value) for key, value in params.items() if value])
    return f"{base}?{query}" if query else base


def pages(sample: dict) -> list[tuple[str, list[str], tuple | None, int | None]]:
    """(label, addresses, budget of server time, budget of CPU per request) for every public page type."""
    rng = random.Random(17)  # noqa: S311 - a repeatable mix of addresses, not a secret
    language = lambda r: r.choice(["pl", "en"])  # noqa: E731
    quals = sample["qualifications"]
    zrk_id, slug = sample["heaviest"]
    pages_total = max(sample["count"] // 20, 2)
    return [
        ("baseline (/healthz)", ["/healthz"], None, None),
        ("home", ["/", "/en/"], PAGE_BUDGET, None),
        (
            "search, no query",
            _mix(rng, lambda r: _search(language(r), sort=r.choice(SORTS), per_page=r.choice(["", "10", "50"]))),
            PAGE_BUDGET,
            FILTER_CPU_BUDGET,
        ),
        (
            "search, text query",
            _mix(rng, lambda r: _search(language(r), q=r.choice(WORDS), sort=r.choice(SORTS[:2]))),
            PAGE_BUDGET,
            TEXT_CPU_BUDGET,
        ),
        (
            "search, text + 2 facets",
            _mix(
                rng, lambda r: _search(language(r), q=r.choice(WORDS), level=r.choice(LEVELS), region=r.choice(REGIONS))
            ),
            PAGE_BUDGET,
            TEXT_CPU_BUDGET,
        ),
        (
            "search, broad word",
            _mix(rng, lambda r: _search(language(r), q=r.choice(BROAD_WORDS), level=r.choice(["", *LEVELS]))),
            PAGE_BUDGET,
            TEXT_CPU_BUDGET,
        ),
        (
            "search, 2 filters",
            _mix(
                rng,
                lambda r: _search(
                    language(r), level=r.choice(LEVELS), region=r.choice(REGIONS), category=r.choice(["", *CATEGORIES])
                ),
            ),
            PAGE_BUDGET,
            FILTER_CPU_BUDGET,
        ),
        (
            "search, deep page",
            _mix(rng, lambda r: _search(language(r), page=str(r.randint(pages_total // 5, pages_total)))),
            PAGE_BUDGET,
            FILTER_CPU_BUDGET,
        ),
        ("qualification page", [f"/kwalifikacje/{zrk}-{s}/" for zrk, s in quals], DETAIL_BUDGET, None),
        ("qualification page, most rights", [f"/kwalifikacje/{zrk_id}-{slug}/"], DETAIL_BUDGET, None),
        ("institution page", [f"/instytucje/{pk}/" for pk in sample["organisations"]], PAGE_BUDGET, None),
        (
            "PRK level page",
            _mix(
                rng,
                lambda r: (
                    f"{'/en/prk-levels' if language(r) == 'en' else '/poziomy-prk'}/{r.choice(LEVELS)}/"
                    f"?page={r.randint(1, 200)}"
                ),
            ),
            PAGE_BUDGET,
            None,
        ),
        ("statistics page", ["/statystyki/", "/en/statistics/"], PAGE_BUDGET, None),
        (
            "API list",
            _mix(
                rng, lambda r: f"/api/v1/qualifications/?level={r.choice(LEVELS)}&page={r.randint(1, 8)}&page_size=20"
            ),
            PAGE_BUDGET,
            None,
        ),
        (
            "XML list",
            _mix(rng, lambda r: f"/api/xml/kwalifikacje/?page={r.randint(1, sample['count'] // 100)}"),
            PAGE_BUDGET,
            None,
        ),
    ]


def request(path: str) -> tuple[int, float, float]:
    return get(PORT, path)


def first_requests(addresses: list[str]) -> list[float]:
    """Server times of ``addresses`` requested all at once (one per worker, when sent to fresh ones)."""
    times: list[float] = []
    threads = [threading.Thread(target=lambda a=address: times.append(request(a)[1])) for address in addresses]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(times)


def server_cpu(server: Gunicorn, postmaster: int) -> float:
    """CPU seconds used so far by gunicorn (master and workers) and the database cluster."""
    return cpu_seconds(server.pid) + (client_backends_cpu(postmaster) if postmaster else 0.0)


def settle(server: Gunicorn, postmaster: int, idle: float = 0.02, most: float = 120.0) -> None:
    """Wait until the server's CPU stops rising: gunicorn answers as soon as one worker is ready,
    while the others may still be building their copies (zrk/warmup.py), which is start-up work,
    not the first page type's."""
    deadline = time.monotonic() + most
    before = server_cpu(server, postmaster)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = server_cpu(server, postmaster)
        if now - before < idle:
            return
        before = now


def measure(addresses: list[str], server: Gunicorn, postmaster: int) -> dict:
    """Request the addresses in turn (from the start again when there are fewer than REQUESTS)."""
    for index in range(10):  # warm-up: connections, dictionary, PostgreSQL's buffers
        request(addresses[-1 - index % len(addresses)])
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
                target = addresses[remaining[0] % len(addresses)]
            status, server_ms, _wall = request(target)
            with lock:
                times.append(server_ms)
                statuses.append(status)

    cpu_before = server_cpu(server, postmaster)
    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(CONCURRENCY)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    cpu = server_cpu(server, postmaster) - cpu_before
    times.sort()
    return {
        "median": statistics.median(times),
        "p95": times[int(len(times) * 0.95) - 1],
        "p99": times[int(len(times) * 0.99) - 1],
        "rps": len(times) / elapsed,
        "cpu": cpu * 1000 / len(times),
        "errors": sum(1 for status in statuses if status >= 400),
        "distinct": len(set(addresses)),
    }


def verdict(result: dict, budget, cpu_budget) -> str:
    parts, ok = [], True
    if budget:
        median_budget, p95_budget = budget
        ok = result["median"] < median_budget and (p95_budget is None or result["p95"] < p95_budget)
        parts.append(f"median < {median_budget}" + (f", p95 < {p95_budget}" if p95_budget else ""))
    if cpu_budget and result.get("cpu") is not None:
        ok = ok and result["cpu"] <= cpu_budget
        parts.append(f"CPU <= {cpu_budget}")
    if not parts:
        return ""
    return ("met" if ok else "NOT met") + f" ({'; '.join(parts)})"


def main() -> int:
    url = database_url()
    env = development_env(url)
    sample = prepare(env)
    production = production_env(env)
    manage(production, "collectstatic", "--noinput", "-v0")
    postmaster = sample["postmaster"]
    if not postmaster:
        say("the database runs elsewhere: the CPU column counts gunicorn only")
    kinds = [
        page for page in pages(sample) if not ONLY or page[0].startswith("baseline") or any(o in page[0] for o in ONLY)
    ]
    rows = []
    with Gunicorn({**production, "PAGE_CACHE": "0"}, PORT, WORKERS) as server:
        # Fresh workers' first text searches: whether a new connection's dictionary load reaches a visitor.
        first = first_requests([_search("pl", q=word) for word in ("spawacz", "kucharz", "ogrodnik", "tynkarz")])
        say(f"first text searches of new workers: {', '.join(f'{ms:.0f} ms' for ms in first)}")
        settle(server, postmaster)
        baseline_rps = None
        for label, addresses, budget, cpu_budget in kinds:
            result = measure(addresses, server, postmaster)
            baseline_rps = baseline_rps or result["rps"]
            rows.append([label, addresses, result, budget, cpu_budget])
            say(
                f"{label}: median {result['median']:.1f} ms, p95 {result['p95']:.1f} ms, {result['rps']:.0f} req/s, "
                f"CPU {result['cpu']:.1f} ms/request ({result['distinct']} addresses)"
            )
        rss = worker_rss(server.pid)
    # The page cache on: a few of the addresses, answered from the copies after a first round.
    with Gunicorn(production, PORT, WORKERS) as server:
        for row in rows:
            label, addresses, result = row[:3]
            addresses = addresses[:CACHED_ADDRESSES]
            for address in addresses:
                request(address)
            warm = measure(addresses, server, postmaster)
            result["warm_median"], result["warm_rps"] = warm["median"], warm["rps"]
            say(f"{label}: cached {warm['median']:.1f} ms, {warm['rps']:.0f} req/s")
    # The similarity engine, timed in one process (no HTTP: the draft panel is a back-office page).
    similar = {}
    if not ONLY:
        similar = json.loads(
            manage(env, "shell", "-c", (ROOT / "bench" / "similarity.py").read_text(), capture=True)
            .strip()
            .splitlines()[-1]
        )
    for label, key, budget in (
        ("similar entries for a draft", "draft", SIMILAR_DRAFT_BUDGET),
        ("related block (added to the page)", "related", RELATED_BLOCK_BUDGET),
    ):
        if key not in similar:
            continue
        result = {
            **similar[key],
            "p99": similar[key]["p95"],
            "rps": 0.0,
            "cpu": None,
            "errors": 0,
            "distinct": 50,
            "warm_median": 0.0,
            "warm_rps": 0.0,
        }
        rows.append([label, ["(in process, 50 records)"], result, budget, None])
        say(f"{label}: median {result['median']:.1f} ms, p95 {result['p95']:.1f} ms")

    lines = [
        f"# ZRK benchmark, {date.today().isoformat()}",
        "",
        f"{sample['count']:,} qualifications, {sample['organisation_count']:,} organisations; gunicorn "
        f"{WORKERS} workers, production settings, {os.cpu_count()} cores; {REQUESTS} requests per page type at "
        f"concurrency {CONCURRENCY} after 10 warm-up requests, over a mix of distinct addresses. Server time "
        "from the Server-Timing header.",
        "",
        "Uncached: the page cache off (PAGE_CACHE=0), so each page is built from the database; what is kept",
        "per register version (home figures, whole-register facet counts, statistics) stays cached, as it is",
        "after the first request following an edit. The budgets are judged on these. CPU: the server's CPU",
        "time (gunicorn workers and PostgreSQL connections, from /proc) over the run / requests. Cached: the",
        f"first {CACHED_ADDRESSES} of the addresses again, with the page cache on.",
        "",
        "| page | addresses | median ms | p95 ms | p99 ms | req/s | vs baseline | CPU ms/req | errors "
        "| cached median ms | cached req/s | budget |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for label, _addresses, result, budget, cpu_budget in rows:
        cpu = "" if result.get("cpu") is None else f"{result['cpu']:.1f}"
        lines.append(
            f"| {label} | {result['distinct']} | {result['median']:.1f} | {result['p95']:.1f} | {result['p99']:.1f} "
            f"| {result['rps']:.0f} | {result['rps'] / baseline_rps:.2f} | {cpu} | {result['errors']} "
            f"| {result['warm_median']:.1f} | {result['warm_rps']:.0f} | {verdict(result, budget, cpu_budget)} |"
        )
    lines += [
        "",
        "First text searches sent at once to freshly started workers (a new connection's dictionary load): "
        + ", ".join(f"{ms:.0f} ms" for ms in first)
        + ".",
    ]
    rss_text = ", ".join(f"{size:.0f} MB" for size in rss) or "unknown"
    rss_ok = rss and max(rss) < RSS_BUDGET_MB
    lines += ["", f"Worker RSS after the run: {rss_text} ({'met' if rss_ok else 'NOT met'}: < {RSS_BUDGET_MB} MB)."]
    lines += ["", "Addresses (one example each):", *[f"- {label}: `{addresses[0]}`" for label, addresses, *_ in rows]]
    if similar:
        lines += [
            "",
            "The last two rows are timed in one process (bench/similarity.py), not over HTTP: the similarity",
            "panel of a draft in the back-office, and the one query the related block adds to an uncached",
            "qualification page.",
        ]
    report = "\n".join(lines) + "\n"
    print(report)
    if ONLY:
        return 0  # a partial run is for comparing, not for the record
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    target = results / f"{date.today().isoformat()}-{sample['count'] // 1000}k.md"
    target.write_text(report, encoding="utf-8")
    say(f"written to {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
