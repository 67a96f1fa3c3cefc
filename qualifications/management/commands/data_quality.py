"""python manage.py data_quality: the data-quality view of the admin as a table, for reports and
scripts (the same figures, from the same single query)."""

from django.core.management.base import BaseCommand
from django.utils import translation

from qualifications.completeness import register_gaps


class Command(BaseCommand):
    help = "Count the public records lacking each element their category requires."

    def add_arguments(self, parser):
        parser.add_argument("--language", choices=["pl", "en"], default="en", help="language of the labels")

    def handle(self, *args, language="en", **options):
        with translation.override(language):
            report = register_gaps()
            rows = [
                (str(gap.element.label), gap.element.code, gap.missing, gap.required)
                for gap in report.gaps
                if gap.required
            ]
            width = max([len(label) for label, *_ in rows] + [len("element")])
            self.stdout.write(f"{'element':<{width}}  {'code':<24}{'missing':>8}{'of':>8}")
            for label, code, missing, required in rows:
                self.stdout.write(f"{label:<{width}}  {code:<24}{missing:>8}{required:>8}")
            self.stdout.write(
                f"{report.incomplete} of {report.records} public records lack at least one required element."
            )
