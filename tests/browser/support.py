"""Helpers of the browser tests: loading the demo register, and a page's console log."""

import io
import json
from dataclasses import dataclass, field

from axe_playwright_python.sync_playwright import Axe
from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
from django.test import override_settings

# The demo accounts created by `load_demo --users` (applications/management/commands/load_demo.py).
DEMO_PASSWORDS = {"operator": "zrk-demo-operator", "officer": "zrk-demo-officer", "admin": "zrk-demo-admin"}
TIMEOUT_MS = 10_000


def load_demo_register() -> None:
    """The demo register with its demo accounts, loaded by the project's own command."""
    with override_settings(ZRK_DEMO=True):  # --users refuses outside demo mode
        call_command("load_demo", users=True, stdout=io.StringIO())


def reset_database(contents: str) -> None:
    """Back to the migrated test database (reference data, register version), as pytest-django's
    serialized rollback does it, with the sequences moved past the restored rows."""
    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
    connection.creation.deserialize_db_from_string(contents)
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


@dataclass
class PageLog:
    """What a page said on its console: errors, uncaught exceptions, CSP violations, failed requests."""

    problems: list[str] = field(default_factory=list)
    allowed_failures: set[str] = field(default_factory=set)  # URLs expected to answer 4xx (a 404 page)

    def clear(self):
        self.problems.clear()
        self.allowed_failures.clear()


# Reported by the page itself, so a violation shows up even where Chromium's own console message
# would not be an "error". Init scripts run outside the page's CSP.
CSP_LISTENER = (
    "document.addEventListener('securitypolicyviolation', e => console.error("
    "'CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + "
    "' at ' + e.sourceFile + ':' + e.lineNumber));"
)


LOGS: dict[int, PageLog] = {}  # id(page) -> its log


def console_of(page) -> PageLog:
    return LOGS[id(page)]


def watch(page) -> PageLog:
    log = LOGS[id(page)] = PageLog()

    def on_console(message):
        if message.type != "error":
            return
        url = (message.location or {}).get("url", "")
        if message.text.startswith("Failed to load resource"):
            address = url.split("#")[0]
            if address in log.allowed_failures:
                return
        log.problems.append(f"console error: {message.text} ({url})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: log.problems.append(f"uncaught exception: {error}"))

    def on_request_failed(request):
        if request.failure != "net::ERR_ABORTED":  # cancelled: the page was left before it arrived
            log.problems.append(f"request failed: {request.url} {request.failure}")

    page.on("requestfailed", on_request_failed)
    page.add_init_script(CSP_LISTENER)
    page.set_default_timeout(TIMEOUT_MS)
    return log


# ---- axe-core ------------------------------------------------------------------------------------

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations", "incomplete"]}
# "Needs review" results fail too, except contrast over a background axe cannot see (at 320 px the
# wide tables scroll inside their own box; the same cells are checked, and pass, at 1280 px).
REVIEWED_BY_HAND = {"color-contrast"}
axe = Axe()


def describe(results: list[dict], heading: str) -> list[str]:
    lines = [heading] if results else []
    for result in results:
        lines.append(f"[{result['impact']}] {result['id']}: {result['help']} ({result['helpUrl']})")
        for node in result["nodes"]:
            lines.append(f"    at {' '.join(json.dumps(target) for target in node['target'])}")
            lines.append(f"       {node['html'][:300]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n         ")
            if summary:
                lines.append(f"         {summary}")
    return lines


def axe_findings(page) -> str:
    """axe's WCAG 2.1 A/AA findings on the page as it is now, described (rule id, help, failing nodes'
    selectors and HTML); empty when there are none."""
    results = axe.run(page, options=AXE_OPTIONS).response
    unsure = [result for result in results["incomplete"] if result["id"] not in REVIEWED_BY_HAND]
    return "\n".join(
        describe(results["violations"], "Violations:") + describe(unsure, "Needs review (axe could not decide):")
    )
