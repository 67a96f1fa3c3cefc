from django.conf import settings

# Which main-navigation section each page belongs to (by URL name). No database access here:
# the error pages render through this too.
NAV_SECTIONS = {
    "qualification_search": "qualifications",
    "qualification_detail": "qualifications",
    "qualification_detail_bare": "qualifications",
    "institution_list": "institutions",
    "institution_detail": "institutions",
    "pzzj_list": "institutions",
    "prk_level_list": "prk_levels",
    "prk_level_detail": "prk_levels",
    "sector_framework_list": "sector_frameworks",
    "consultation_list": "consultations",
    "consultation_detail": "consultations",
}


def site(request):
    match = getattr(request, "resolver_match", None)
    url_name = match.url_name if match else None
    return {
        "ZRK_DEMO": settings.ZRK_DEMO,
        "nav_section": NAV_SECTIONS.get(url_name),
        "nav_url_name": url_name,
    }
