"""Figures of the statistics page about inclusion applications: counts and durations only, never an
application, its draft or anybody's name."""

from django.conf import settings
from django.db import connection
from django.db.models import Count

from applications.models import ApplicationEvent, InclusionApplication, State
from institutions.models import Ministry


def applications_by_state() -> list[dict]:
    """Inclusion applications in each state of the workflow that has any, in the workflow's order."""
    counts = dict(InclusionApplication.objects.filed().order_by().values_list("state").annotate(n=Count("pk")))
    return [
        {"key": value, "label": str(label), "count": counts[value]}
        for value, label in State.choices
        if counts.get(value)
    ]


# Days from submission to the day (in the register's time zone) the application was first decided.
_DECISION_TIMES = """
WITH decided AS (
    SELECT a.ministry_id,
           MIN((e.created_at AT TIME ZONE %(tz)s)::date) - a.submitted_on AS days
    FROM {events} e JOIN {applications} a ON a.id = e.application_id
    WHERE e.to_state = %(decided)s
    GROUP BY a.id, a.ministry_id, a.submitted_on
)
SELECT GROUPING(ministry_id) = 1, ministry_id, COUNT(*),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY days), MIN(days), MAX(days)
FROM decided
GROUP BY GROUPING SETS ((ministry_id), ())
"""


def decision_times() -> dict:
    """Time from submission to decision: ``{"overall": row or None, "rows": per ministry}``, each row with
    the number of decided applications and the median, shortest and longest time in days."""
    sql = _DECISION_TIMES.format(
        events=ApplicationEvent._meta.db_table, applications=InclusionApplication._meta.db_table
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, {"tz": settings.TIME_ZONE, "decided": State.DECIDED})
        results = cursor.fetchall()
    overall = None
    by_ministry = {}
    for is_total, ministry_id, count, median, shortest, longest in results:
        if not count or ministry_id is None and not is_total:
            continue  # the empty grand total, or applications without a minister (not charted)
        row = {"count": count, "median": float(median), "min": shortest, "max": longest}
        if is_total:
            overall = row
        else:
            by_ministry[ministry_id] = row
    rows = [
        {"key": ministry.code, "label": ministry.name, **by_ministry[ministry.pk]}
        for ministry in Ministry.objects.filter(pk__in=by_ministry).order_by("name")
    ]
    rows.sort(key=lambda row: row["median"])
    return {"overall": overall, "rows": rows}
