"""Applicant portal addresses: case pages (included by applications/portal/urls.py)."""

urlpatterns: list = []
