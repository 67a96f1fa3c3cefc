"""Public pages of the PRK levels and the sector frameworks (owned by helper A)."""

from django.http import HttpResponse


def prk_level_list(request):
    return HttpResponse("")


def prk_level_detail(request, level):
    return HttpResponse("")


def sector_framework_list(request):
    return HttpResponse("")
