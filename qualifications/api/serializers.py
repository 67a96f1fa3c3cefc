"""What the API publishes. Text fields come in the language asked for (``?lang=``), falling back
to Polish; nothing private (drafts, consultation e-mails, officers) is ever serialised."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from institutions.models import Organisation
from qualifications.models import CertificationRight, LearningOutcomeSet, PrkLevel, Qualification
from qualifications.routes import ROUTES, awarding_route
from zrk.content import text_in
from zrk.i18n import current_language
from zrk.site_url import absolute_url


class TranslatedField(serializers.Field):
    """A modeltranslation field read in the current language, Polish when untranslated."""

    def __init__(self, field_name: str, **kwargs):
        self.translated_name = field_name
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, obj):
        return text_in(obj, self.translated_name)[0]


extend_schema_field(OpenApiTypes.STR)(TranslatedField)


def _absolute(request, path: str) -> str:
    return absolute_url(path)


def _public_path(name: str, *args) -> str:
    # The public page in the API's language: Polish addresses are unprefixed.
    return reverse(name, args=args)


class MinistrySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = TranslatedField("name")
    department = TranslatedField("department")


class SectorFrameworkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    abbreviation = serializers.CharField()
    name = TranslatedField("name")


class QualificationListSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="zrk_id", help_text="The public ZRK id, as in the page address.")
    name = TranslatedField("name")
    prk_level = serializers.IntegerField(source="prk_level_id", allow_null=True)
    eqf_level = serializers.IntegerField(source="prk_level_id", allow_null=True, help_text="Equal to the PRK level.")
    ministry = MinistrySerializer(allow_null=True)
    sector_framework = SectorFrameworkSerializer(allow_null=True)
    monitor_polski = serializers.SerializerMethodField()
    institution_count = serializers.IntegerField(help_text="Institutions with an active right to certify it.")
    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()

    class Meta:
        model = Qualification
        fields = [
            "id",
            "code",
            "symbol",
            "name",
            "type",
            "category",
            "status",
            "prk_level",
            "eqf_level",
            "ministry",
            "sector_framework",
            "srk_level",
            "included_on",
            "monitor_polski",
            "institution_count",
            "updated_at",
            "url",
            "api_url",
        ]

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {
                "year": {"type": "integer"},
                "position": {"type": "integer"},
                "date": {"type": "string", "format": "date", "nullable": True},
                "reference": {"type": "string", "example": "M.P. 2020 poz. 997"},
            },
        }
    )
    def get_monitor_polski(self, obj):
        if not obj.mp_year:
            return None
        return {"year": obj.mp_year, "position": obj.mp_position, "date": obj.mp_date, "reference": obj.mp_reference}

    def get_url(self, obj) -> str:
        return _absolute(self.context.get("request"), _public_path("qualification_detail", obj.zrk_id, obj.slug))

    def get_api_url(self, obj) -> str:
        path = reverse("api:qualification-detail", args=[obj.zrk_id])
        language = current_language()
        return _absolute(self.context.get("request"), f"{path}?lang={language}")


class CriterionSerializer(serializers.Serializer):
    text = TranslatedField("text")


class OutcomeSerializer(serializers.Serializer):
    text = TranslatedField("text")
    criteria = CriterionSerializer(many=True, source="criteria.all")


class OutcomeSetSerializer(serializers.ModelSerializer):
    name = TranslatedField("name")
    outcomes = OutcomeSerializer(many=True, source="outcomes.all")

    class Meta:
        model = LearningOutcomeSet
        fields = ["name", "workload_hours", "outcomes"]


class OrganisationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = TranslatedField("name")


class RightSerializer(serializers.ModelSerializer):
    institution = OrganisationRefSerializer()
    city = serializers.CharField(source="institution.city")
    voivodeship = serializers.CharField(source="institution.voivodeship_id", allow_null=True)
    may_certify = serializers.BooleanField(
        read_only=True, help_text="Whether the institution may award the qualification today under this right."
    )
    since = serializers.DateField(help_text="The day the right's status took effect (its decision or its last change).")
    decision_date = serializers.DateField()
    pzzj = OrganisationRefSerializer(allow_null=True)
    pzzj_entry_expired_on = serializers.SerializerMethodField(
        help_text="When the designated PZZJ's list entry for this group ran out (the minister must designate "
        "another PZZJ); null while it is valid."
    )
    average_fee = serializers.DecimalField(
        source="latest_fee",
        max_digits=9,
        decimal_places=2,
        allow_null=True,
        read_only=True,
        help_text="The institution's latest reported average fee for validation and certification, in zł.",
    )
    fee_reported_for = serializers.SerializerMethodField(help_text="The quarter of that fee, e.g. 2025-Q2.")
    documents_issued = serializers.IntegerField(
        allow_null=True, read_only=True, help_text="Documents issued under this right in all quarterly reports."
    )

    class Meta:
        model = CertificationRight
        fields = [
            "institution",
            "city",
            "voivodeship",
            "status",
            "may_certify",
            "since",
            "decision_date",
            "ended_on",
            "pzzj",
            "pzzj_entry_expired_on",
            "average_fee",
            "fee_reported_for",
            "documents_issued",
        ]

    def get_fee_reported_for(self, right) -> str | None:
        return f"{right.fee_year}-Q{right.fee_quarter}" if right.fee_year else None

    @extend_schema_field(OpenApiTypes.DATE)
    def get_pzzj_entry_expired_on(self, right):
        return pzzj_entry_expired_on(right)


def pzzj_entry_expired_on(right):
    """The day after which the right's PZZJ had no list entry for the group (None while it has one)."""
    if right.pzzj_problem() == "expired":
        return right.pzzj_valid_until
    return None


PROSE = [
    "characteristic",
    "target_groups",
    "entry_conditions",
    "validation_requirements",
    "ic_additional_conditions",
    "entitlements",
    "demand",
    "typical_uses",
]


class QualificationDetailSerializer(QualificationListSerializer):
    document = serializers.SerializerMethodField()
    learning_outcome_sets = OutcomeSetSerializer(many=True, source="outcome_sets.all")
    certification_rights = RightSerializer(many=True, source="public_rights")
    related = serializers.SerializerMethodField()
    awarding_route = serializers.SerializerMethodField()

    class Meta(QualificationListSerializer.Meta):
        fields = [
            *QualificationListSerializer.Meta.fields,
            *PROSE,
            "document",
            "workload_hours",
            "isced_code",
            "pkd_code",
            "learning_outcome_sets",
            "certification_rights",
            "related",
            "awarding_route",
        ]

    def get_fields(self):
        fields = super().get_fields()
        for name in PROSE:
            fields[name] = TranslatedField(name)
        return fields

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                "name": {"type": "string"},
                "validity_months": {"type": "integer", "nullable": True},
                "valid_indefinitely": {"type": "boolean"},
                "renewal_conditions": {"type": "string"},
            },
        }
    )
    def get_document(self, obj):
        return {
            "name": text_in(obj, "document_name")[0],
            "validity_months": obj.validity_months,
            "valid_indefinitely": obj.validity_indefinite,
            "renewal_conditions": text_in(obj, "renewal_conditions")[0],
        }

    def get_related(self, obj) -> list[int]:
        return [related.zrk_id for related in obj.public_related]

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                "code": {
                    "type": "string",
                    "enum": sorted({route.code for route in ROUTES.values()}),
                },
                "certifying_institutions": {"type": "boolean"},
                "awarded_by": {"type": "string"},
                "steps": {"type": "array", "items": {"type": "string"}},
            },
        }
    )
    def get_awarding_route(self, obj):
        """How the qualification is obtained: by certifying institutions with certification rights
        (certifying_institutions true), or by the route its category follows."""
        route = awarding_route(obj.category)
        return {
            "code": route.code,
            "certifying_institutions": route.uses_certifying_institutions,
            "awarded_by": str(route.awarded_by),
            "steps": [str(step) for step in route.steps],
        }


class InstitutionSerializer(serializers.ModelSerializer):
    name = TranslatedField("name")
    voivodeship = serializers.CharField(source="voivodeship_id", allow_null=True, help_text="TERYT code.")
    roles = serializers.SerializerMethodField()
    qualification_count = serializers.IntegerField(source="certifiable", help_text="Qualifications it may certify.")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "short_name",
            "legal_form",
            "nip",
            "regon",
            "krs",
            "street",
            "postal_code",
            "city",
            "voivodeship",
            "website",
            "roles",
            "qualification_count",
            "url",
        ]

    def get_roles(self, obj) -> list[str]:
        return [role for role, held in (("ic", obj.is_ic), ("pzzj", obj.is_pzzj)) if held]

    def get_url(self, obj) -> str:
        return _absolute(self.context.get("request"), _public_path("institution_detail", obj.pk))


class InstitutionDetailSerializer(InstitutionSerializer):
    certification_rights = serializers.SerializerMethodField()

    class Meta(InstitutionSerializer.Meta):
        fields = [*InstitutionSerializer.Meta.fields, "certification_rights"]

    @extend_schema_field(
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "qualification": {"type": "integer"},
                    "name": {"type": "string"},
                    "status": {"type": "string"},
                    "may_certify": {"type": "boolean"},
                    "since": {"type": "string", "format": "date"},
                    "decision_date": {"type": "string", "format": "date"},
                    "ended_on": {"type": "string", "format": "date", "nullable": True},
                    "pzzj": {"type": "integer", "nullable": True},
                    "pzzj_entry_expired_on": {"type": "string", "format": "date", "nullable": True},
                },
            },
        }
    )
    def get_certification_rights(self, obj):
        return [
            {
                "qualification": right.qualification.zrk_id,
                "name": text_in(right.qualification, "name")[0],
                "status": right.status,
                "may_certify": right.may_certify,
                "since": right.since,
                "decision_date": right.decision_date,
                "ended_on": right.ended_on,
                "pzzj": right.pzzj_id,
                "pzzj_entry_expired_on": pzzj_entry_expired_on(right),
            }
            for right in obj.listed_rights
        ]


class PrkLevelSerializer(serializers.ModelSerializer):
    eqf_level = serializers.IntegerField(source="level")
    name = TranslatedField("name")
    summary = TranslatedField("summary")
    knowledge = TranslatedField("knowledge")
    skills = TranslatedField("skills")
    social_competence = TranslatedField("social_competence")
    qualification_count = serializers.IntegerField(source="public_count")

    class Meta:
        model = PrkLevel
        fields = [
            "level",
            "eqf_level",
            "name",
            "summary",
            "knowledge",
            "skills",
            "social_competence",
            "qualification_count",
        ]
