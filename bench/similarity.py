"""Timings of the similar-qualifications engine for ``make bench`` (run inside ``manage.py shell``).

Two numbers, each over SAMPLES records spread over the register, after a warm-up (the Polish
dictionary loads once per connection): the back-office panel of a draft (the 10 most similar
entries with their reasons: ``similar_entries``), and the related block of a public page
(``related_for``, the one query the page adds). A public record stands in for the draft: the
computation is the same (its vector is computed afresh from its search document, itself excluded).
Prints one JSON object.
"""

import json
import statistics
import time

from qualifications.models import Qualification
from qualifications.similarity.engine import similar_entries
from qualifications.similarity.related import related_for

SAMPLES = 50


def timings(function, records) -> dict:
    for record in records[:3]:
        function(record)
    times = []
    for record in records:
        started = time.perf_counter()
        function(record)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"median": statistics.median(times), "p95": times[int(len(times) * 0.95) - 1]}


def main() -> None:
    ids = list(Qualification.objects.public().order_by("pk").values_list("pk", flat=True))
    step = max(1, len(ids) // SAMPLES)
    records = list(Qualification.objects.filter(pk__in=ids[::step][:SAMPLES]).order_by("pk"))
    print(json.dumps({"draft": timings(similar_entries, records), "related": timings(related_for, records)}))


main()
