"""The qualification page."""

from django.http import HttpResponse


def qualification_detail(request, zrk_id, slug=None):
    return HttpResponse("")
