"""Back-office editing of the search thesaurus: registry operators keep it (applications/roles.py);
every change takes effect on the next search (the register version moves, so no cached page keeps
the old results)."""

from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from qualifications.models import SynonymSet


@admin.register(SynonymSet)
class SynonymSetAdmin(admin.ModelAdmin):
    list_display = ("shown_terms", "note", "updated_at")
    search_fields = ("terms", "note")
    fields = ("terms", "note")
    list_per_page = 100

    @admin.display(description=_("terms"), ordering="terms")
    def shown_terms(self, synonym_set):
        return format_html_join(" ~ ", "{}", ((term,) for term in synonym_set.terms))
