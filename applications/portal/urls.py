"""The applicant portal's addresses, namespace ``portal``, under /wnioski/ (/en/applications/).
Each part keeps its own module: accounts and organisations, drafts (the task list up to Submit),
cases (the tracker after Submit)."""

from django.urls import include, path

app_name = "portal"

urlpatterns = [
    path("", include("applications.portal.account_urls")),
    path("", include("applications.portal.draft_urls")),
    path("", include("applications.portal.case_urls")),
]
