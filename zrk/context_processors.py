from django.conf import settings


def site(request):
    return {"ZRK_DEMO": settings.ZRK_DEMO}
