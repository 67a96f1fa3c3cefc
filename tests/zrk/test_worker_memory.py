"""What a worker holds before its first back-office request: loading the site (settings, every
URLconf and the views they name) must not import the public-holiday calendars, which only the
workflow's deadlines use (some 12 MB of each worker's memory), nor the PDF parser, which only the
upload check uses (some 4 MB)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys
import django
django.setup()
from django.urls import get_resolver
def walk(patterns):
    for pattern in patterns:
        walk(getattr(pattern, "url_patterns", []))
walk(get_resolver().url_patterns)
print("holidays" in sys.modules, "pypdf" in sys.modules, "applications.validators" in sys.modules)
"""


def test_loading_the_site_leaves_the_holiday_calendars_and_the_pdf_parser_unloaded():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "zrk.settings"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True
    )
    # The modules that use them are loaded (the models and views name them); the libraries are not.
    assert result.stdout.split()[-3:] == ["False", "False", "True"]


def test_the_calendar_is_still_there_when_a_deadline_is_counted():
    import datetime

    from applications import deadlines

    assert not deadlines.is_working_day(datetime.date(2025, 12, 24))  # a holiday from 2025 on
    assert deadlines.add_days(datetime.date(2025, 11, 24), 30) == datetime.date(2025, 12, 29)
