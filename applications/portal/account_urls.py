"""Applicant portal addresses: account pages (included by applications/portal/urls.py)."""

urlpatterns: list = []
