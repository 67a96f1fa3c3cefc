"""django-simple-history's admin, answering 404 (not 500) for an address whose id is not an id."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin


class HistoryAdmin(SimpleHistoryAdmin):
    def _valid_id_or_404(self, object_id, model=None):
        try:
            (model or self.model)._meta.pk.to_python(unquote(object_id))
        except (ValidationError, ValueError, TypeError) as bad:
            raise Http404 from bad

    def history_view(self, request, object_id, extra_context=None):
        self._valid_id_or_404(object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._valid_id_or_404(object_id)
        self._valid_id_or_404(version_id, self.model.history.model)
        return super().history_form_view(request, object_id, version_id, extra_context)
