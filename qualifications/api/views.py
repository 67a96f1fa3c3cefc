"""JSON API v1: read-only, anonymous. The qualification list takes the search page's parameters
(one FilterSet, qualifications/filters.py) and answers 400 with a message for any it cannot use."""

import hashlib
from datetime import UTC, datetime, time, timedelta

from django.db.models import Max, Prefetch
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.http import condition
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound, ValidationError

from qualifications.api.pagination import EnvelopePagination
from qualifications.api.serializers import (
    InstitutionDetailSerializer,
    InstitutionSerializer,
    PrkLevelSerializer,
    QualificationDetailSerializer,
    QualificationListSerializer,
)
from qualifications.filters import QualificationFilter
from qualifications.models import AWARDABLE_STATUSES, CertificationRight, LearningOutcome, Qualification
from qualifications.search import pipeline
from qualifications.search.openapi import filter_parameters
from qualifications.search.pipeline import HEAVY_FIELDS, with_institution_counts
from qualifications.selectors import frameworks as framework_queries
from qualifications.selectors import institutions as institution_queries
from qualifications.selectors.fees import with_reported_figures
from qualifications.selectors.qualification import NOT_SHOWN

LANGUAGES = ("pl", "en")

LANG_PARAMETER = OpenApiParameter("lang", str, enum=list(LANGUAGES), description="Language of text fields (pl).")
CHANGED_SINCE = OpenApiParameter(
    "changed_since", OpenApiTypes.DATETIME, description="Only records changed at or after this ISO date or time."
)


def _many(name, description, enum=None):
    return OpenApiParameter(name, str, many=True, explode=True, enum=enum, description=description)


# The search parameters come from the search FilterSet itself; the API adds its own paging.
SEARCH_PARAMETERS = [
    *filter_parameters(QualificationFilter),
    OpenApiParameter("page", int),
    OpenApiParameter("page_size", int, description="1-100, default 20."),
    CHANGED_SINCE,
    LANG_PARAMETER,
]


class LanguageMixin:
    """``?lang=pl|en`` chooses the language of text fields; anything else is a 400."""

    def dispatch(self, request, *args, **kwargs):
        language = request.GET.get("lang", "pl")
        if language not in LANGUAGES:
            language = "pl"
            self.bad_language = True
        with translation.override(language):
            return super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if getattr(self, "bad_language", False):
            raise ValidationError({"lang": ["Use pl or en."]})


MAX_UTC_OFFSET = timedelta(hours=16)


def changed_since(request):
    raw = request.query_params.get("changed_since")
    if not raw:
        return None
    try:
        # Both parsers raise ValueError for a well-formed but impossible value (2024-02-30, +99:00).
        moment = parse_datetime(raw)
        day = parse_date(raw) if moment is None and len(raw) == 10 else None
    except ValueError:
        moment = day = None
    if moment is None:
        if day is None:
            raise ValidationError({"changed_since": ["An ISO 8601 date or date-time, e.g. 2026-01-31."]})
        moment = datetime.combine(day, time.min)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    # Python reads offsets up to +-23:59, PostgreSQL only up to +-15:59 (no time zone is further from UTC
    # than 14 hours). Compared in UTC, an offset cannot reach the database; one that pushes a moment at
    # the edge of the calendar out of it is refused like any other impossible value.
    if abs(moment.utcoffset()) >= MAX_UTC_OFFSET:
        raise ValidationError({"changed_since": ["A time zone offset from -15:59 to +15:59."]})
    try:
        return moment.astimezone(UTC)
    except (OverflowError, ValueError):
        raise ValidationError({"changed_since": ["An ISO 8601 date or date-time, e.g. 2026-01-31."]}) from None


class QualificationList(LanguageMixin, generics.ListAPIView):
    """Public qualifications, filtered and sorted with the search page's parameters; repeat a
    parameter to select several values (``level=4&level=5``)."""

    serializer_class = QualificationListSerializer
    pagination_class = EnvelopePagination

    @extend_schema(parameters=SEARCH_PARAMETERS, summary="Search and list public qualifications")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        found = pipeline.run(self.request.GET)
        errors = {name: [str(m) for m in messages] for name, messages in found.filterset.form.errors.items()}
        if errors:
            raise ValidationError(errors)
        rows = found.rows.select_related("prk_level", "ministry", "sector_framework").defer(*HEAVY_FIELDS)
        since = changed_since(self.request)
        return rows.filter(updated_at__gte=since) if since else rows


def _detail_queryset():
    rights = with_reported_figures(
        CertificationRight.objects.select_related("institution", "pzzj").with_pzzj_validity()
    ).order_by("institution__name_pl", "pk")
    return (
        with_institution_counts(Qualification.objects.public())
        .select_related("prk_level", "ministry", "sector_framework")
        .defer(*NOT_SHOWN)
        .prefetch_related(
            Prefetch("outcome_sets__outcomes", queryset=LearningOutcome.objects.prefetch_related("criteria")),
            Prefetch(
                "certification_rights",
                queryset=rights,
                to_attr="public_rights",
            ),
            Prefetch(
                "related_qualifications",
                queryset=Qualification.objects.public().only("zrk_id"),
                to_attr="public_related",
            ),
        )
    )


class QualificationDetail(LanguageMixin, generics.RetrieveAPIView):
    """One public qualification: its description, learning outcome sets with outcomes and
    verification criteria, and the institutions that hold or held the right to certify it."""

    serializer_class = QualificationDetailSerializer
    lookup_field = "zrk_id"

    @extend_schema(parameters=[LANG_PARAMETER], summary="One public qualification with outcomes and institutions")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return _detail_queryset()

    def get_object(self):
        qualification = super().get_object()
        today = timezone.localdate()
        awardable = qualification.status in AWARDABLE_STATUSES
        for right in qualification.public_rights:
            right.may_certify = awardable and right.certifies_on(today)
        return qualification


def _last_modified(request, zrk_id):
    # Saving a qualification in the admin (inlines included) bumps its updated_at; rights and their
    # quarterly reports have their own.
    row = (
        Qualification.objects.public()
        .filter(zrk_id=zrk_id)
        .aggregate(
            own=Max("updated_at"),
            rights=Max("certification_rights__updated_at"),
            reports=Max("certification_rights__quarterly_reports__updated_at"),
        )
    )
    stamps = [stamp for stamp in row.values() if stamp]
    return max(stamps) if stamps else None


def _etag(request, zrk_id):
    stamp = _last_modified(request, zrk_id)
    if stamp is None:
        return None
    # The day is part of it: who may certify today is a matter of dates as well as of edits.
    key = f"{zrk_id}:{stamp.isoformat()}:{timezone.localdate()}:{request.GET.get('lang', 'pl')}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


# Harvesters revalidate with If-None-Match / If-Modified-Since and get a 304 without a render.
qualification_detail = condition(etag_func=_etag, last_modified_func=_last_modified)(QualificationDetail.as_view())


class InstitutionList(LanguageMixin, generics.ListAPIView):
    """Certifying institutions and external quality-assurance bodies (PZZJ), current or past."""

    serializer_class = InstitutionSerializer
    pagination_class = EnvelopePagination

    @extend_schema(
        summary="Certifying institutions and PZZJ bodies",
        parameters=[
            OpenApiParameter("q", str, description="Part of the name or city, or a NIP."),
            _many("role", "ic (certifying institution) or pzzj.", ["ic", "pzzj"]),
            _many("region", "TERYT code of the voivodeship."),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int),
            LANG_PARAMETER,
        ],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        filters = institution_queries.parse_institution_filters(
            self.request.GET, institution_queries.voivodeship_codes()
        )
        if filters.errors:
            errors = {anchor.removeprefix("filter-"): [str(message)] for anchor, message in filters.errors}
            raise ValidationError(errors)
        organisations, _facets = institution_queries.institution_list(filters)
        return organisations


class InstitutionDetail(LanguageMixin, generics.RetrieveAPIView):
    """One institution with its certification rights, current and ended."""

    serializer_class = InstitutionDetailSerializer

    @extend_schema(parameters=[LANG_PARAMETER], summary="One institution with the qualifications it may certify")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_object(self):
        page = institution_queries.institution_detail(self.kwargs["pk"])
        if page is None:
            raise NotFound("No such institution.")
        organisation = page["organisation"]
        organisation.listed_rights = page["current_rights"] + page["past_rights"]
        organisation.certifiable = page["certifying_count"]
        return organisation


class PrkLevelList(LanguageMixin, generics.ListAPIView):
    """The eight levels of the Polish Qualifications Framework; PRK level N is EQF level N."""

    serializer_class = PrkLevelSerializer
    pagination_class = None

    @extend_schema(parameters=[LANG_PARAMETER], summary="The eight PRK levels (= EQF levels)")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return framework_queries.prk_levels()
