"""The qualification search page."""

from django.http import HttpResponse


def qualification_search(request):
    return HttpResponse("")
