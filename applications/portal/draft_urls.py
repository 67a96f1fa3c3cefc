"""Applicant portal addresses: draft pages (included by applications/portal/urls.py)."""

urlpatterns: list = []
