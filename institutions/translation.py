import simple_history
from modeltranslation.translator import TranslationOptions, register

from institutions.models import Ministry, Organisation, Voivodeship


@register(Voivodeship)
class VoivodeshipTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("pl",)


@register(Ministry)
class MinistryTranslation(TranslationOptions):
    fields = ("name", "department")
    required_languages = ("pl",)


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("pl",)


# Registered here, after modeltranslation, so the history tables get the _pl/_en columns too.
simple_history.register(Organisation, app=__package__)
