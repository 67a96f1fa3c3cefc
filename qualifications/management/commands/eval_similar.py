"""python manage.py eval_similar: precision@5 and recall@10 of the similarity engine on the
evaluation pairs (qualifications/similarity/evaluation.py)."""

from django.core.management.base import BaseCommand, CommandError

from qualifications.similarity.evaluation import evaluate_all


class Command(BaseCommand):
    help = "Print precision@5 and recall@10 of the similar-qualifications engine on the evaluation pairs."

    def add_arguments(self, parser):
        parser.add_argument("--min-precision", type=float, default=0.0, help="fail below this precision@5 (all)")
        parser.add_argument("--min-recall", type=float, default=0.0, help="fail below this recall@10 (all)")
        parser.add_argument("--misses", action="store_true", help="list the related records not found")

    def handle(self, *args, **options):
        scores = evaluate_all()
        self.stdout.write(f"{'pairs from':<26} {'queries':>7} {'precision@5':>12} {'recall@10':>10}")
        for score in scores:
            self.stdout.write(f"{score.source:<26} {score.queries:>7} {score.precision:>12.3f} {score.recall:>10.3f}")
        overall = scores[-1]
        if options["misses"]:
            for query, missed in overall.misses:
                self.stdout.write(f"  not in the ten of “{query}”: “{missed}”")
        if not overall.queries:
            raise CommandError(
                "No evaluation pair is in this database: load the demo register (load_demo) or "
                "plant pairs (generate_data --near-duplicates 24)."
            )
        if overall.precision < options["min_precision"] or overall.recall < options["min_recall"]:
            raise CommandError(
                f"Below the floor: precision@5 {overall.precision:.3f} (min {options['min_precision']}), "
                f"recall@10 {overall.recall:.3f} (min {options['min_recall']})."
            )
