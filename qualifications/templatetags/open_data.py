"""Structured data for search engines: schema.org ``EducationalOccupationalCredential`` JSON-LD on the
qualification page (``{% qualification_jsonld qualification %}`` in
``templates/qualifications/includes/jsonld.html``).

The JSON is built in Python and escaped for an HTML ``<script>`` element: ``<``, ``>`` and ``&`` become
``\\u003c``, ``\\u003e`` and ``\\u0026`` (and every non-ASCII character a ``\\u`` escape), so no text from
the record, whatever it contains, can close the element or open another.
"""

import json

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from zrk.i18n import current_language
from zrk.site_url import absolute_url

register = template.Library()

_HTML_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def json_for_html(data) -> SafeString:
    """``data`` as JSON that is safe inside an HTML <script> element."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":")).translate(_HTML_SAFE)
    return mark_safe(text)  # noqa: S308 - every character that could end the element is escaped above


def credential(qualification, absolute) -> dict:
    """The schema.org description of a qualification; ``absolute`` turns a path into a full address."""
    page = absolute(reverse("qualification_detail", args=[qualification.zrk_id, qualification.slug]))
    data = {
        "@context": "https://schema.org",
        "@type": "EducationalOccupationalCredential",
        "@id": page,
        "url": page,
        "name": qualification.name,
        "inLanguage": current_language(),
        "identifier": {
            "@type": "PropertyValue",
            "propertyID": "ZRK",
            "value": qualification.code or str(qualification.zrk_id),
        },
        "credentialCategory": {
            "@type": "DefinedTerm",
            "termCode": qualification.category,
            "name": str(qualification.get_category_display()),
        },
    }
    if qualification.characteristic:
        data["description"] = qualification.characteristic
    if qualification.prk_level_id:
        level = qualification.prk_level_id
        data["educationalLevel"] = {
            "@type": "DefinedTerm",
            "termCode": str(level),
            "name": _("PRK level %(level)s") % {"level": level} + " / " + _("EQF level %(level)s") % {"level": level},
            "url": absolute(reverse("prk_level_detail", args=[level])),
            "inDefinedTermSet": absolute(reverse("prk_level_list")),
        }
    if qualification.ministry_id:
        data["recognizedBy"] = {"@type": "GovernmentOrganization", "name": qualification.ministry.name}
    if qualification.validity_months:
        data["validFor"] = f"P{qualification.validity_months}M"
    if qualification.included_on:
        data["datePublished"] = qualification.included_on.isoformat()
    if qualification.updated_at:
        data["dateModified"] = qualification.updated_at.isoformat()
    return data


@register.simple_tag
def qualification_jsonld(qualification) -> SafeString:
    return json_for_html(credential(qualification, absolute_url))
