"""Fixtures shared by the portal's draft tests (defined in drafts_helpers.py with the helpers they use)."""

from tests.portal.drafts_helpers import in_register, media, ministry, organisation, people  # noqa: F401
