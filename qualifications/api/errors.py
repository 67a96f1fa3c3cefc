"""One error shape for the whole API: ``{"error": {"status", "message", "details"}}``."""

from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: Django's 500 handling applies
    details = response.data
    if isinstance(exc, exceptions.ValidationError):
        message = "Some parameters are not valid; see details."
    elif isinstance(details, dict) and "detail" in details:
        message = str(details.pop("detail"))
        details = details or None
    else:
        message = str(exc)
    response.data = {"error": {"status": response.status_code, "message": message, "details": details}}
    return response
