"""python manage.py eval_search: the search's relevance on the judged queries of
qualifications/search/relevance.py (over the demo register): hit@1, hit@3, hit@10 and nDCG@10, in
all and per kind of query."""

from django.core.management.base import BaseCommand, CommandError

from qualifications.models import Qualification
from qualifications.search.relevance import JUDGED, evaluate


class Command(BaseCommand):
    help = "Print the search's hit@k and nDCG@10 on the judged queries over the demo register."

    def add_arguments(self, parser):
        parser.add_argument("--misses", action="store_true", help="list the queries whose first three miss")
        parser.add_argument("--min-ndcg", type=float, default=0.0, help="fail below this nDCG@10 (all)")

    def handle(self, *args, **options):
        expected = {pk for judged in JUDGED for pk in judged.expected}
        if Qualification.objects.public().filter(zrk_id__in=expected).count() < len(expected):
            raise CommandError("The judged qualifications are not all in this database: load the demo (load_demo).")
        scores = evaluate()
        self.stdout.write(f"{'queries':<12} {'n':>4} {'hit@1':>7} {'hit@3':>7} {'hit@10':>7} {'nDCG@10':>8}")
        for name, part in [("all", scores), *sorted(scores.by_kind().items())]:
            self.stdout.write(
                f"{name:<12} {len(part.outcomes):>4} {part.share(1):>7.3f} {part.share(3):>7.3f} "
                f"{part.share(10):>7.3f} {part.ndcg:>8.3f}"
            )
        if options["misses"]:
            for outcome in scores.outcomes:
                if not outcome.hit(3) or outcome.ndcg < 1:
                    judged = outcome.judged
                    self.stdout.write(
                        f"  {judged.language} “{judged.query}”: nDCG {outcome.ndcg:.2f}, first {outcome.found[:5]}, "
                        f"expected {list(judged.expected)[:5]}"
                    )
        if scores.ndcg < options["min_ndcg"]:
            raise CommandError(f"Below the floor: nDCG@10 {scores.ndcg:.3f} (min {options['min_ndcg']}).")
