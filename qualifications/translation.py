import simple_history
from modeltranslation.translator import TranslationOptions, register

from qualifications.models import (
    CertificationRight,
    LearningOutcome,
    LearningOutcomeSet,
    PrkLevel,
    Qualification,
    QuarterlyReport,
    SectorFramework,
    VerificationCriterion,
)


@register(PrkLevel)
class PrkLevelTranslation(TranslationOptions):
    fields = ("name", "summary", "knowledge", "skills", "social_competence", "typical_full_qualification")
    required_languages = ("pl",)


@register(SectorFramework)
class SectorFrameworkTranslation(TranslationOptions):
    fields = ("name", "sector")
    required_languages = ("pl",)


@register(Qualification)
class QualificationTranslation(TranslationOptions):
    fields = (
        "name",
        "document_name",
        "renewal_conditions",
        "characteristic",
        "entitlements",
        "target_groups",
        "entry_conditions",
        "validation_requirements",
        "ic_additional_conditions",
        "demand",
        "typical_uses",
    )
    required_languages = ("pl",)


@register(LearningOutcomeSet)
class LearningOutcomeSetTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("pl",)


@register(LearningOutcome)
class LearningOutcomeTranslation(TranslationOptions):
    fields = ("text",)
    required_languages = ("pl",)


@register(VerificationCriterion)
class VerificationCriterionTranslation(TranslationOptions):
    fields = ("text",)
    required_languages = ("pl",)


@register(CertificationRight)
class CertificationRightTranslation(TranslationOptions):
    fields = ("reason",)


# After modeltranslation, so the history tables carry every language column.
# The search and active-rights columns are derived by triggers: in history they would only bloat it.
simple_history.register(
    Qualification,
    app=__package__,
    excluded_fields=["search_vector", "name_vector", "search_names", "active_regions", "active_institutions"],
)
simple_history.register(CertificationRight, app=__package__)
# Reported figures are published; a correction must show who changed what and when.
simple_history.register(QuarterlyReport, app=__package__)
