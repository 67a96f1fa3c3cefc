"""Public pages of certifying institutions and PZZJ bodies (owned by helper A)."""

from django.http import HttpResponse


def institution_list(request):
    return HttpResponse("")


def institution_detail(request, pk):
    return HttpResponse("")
