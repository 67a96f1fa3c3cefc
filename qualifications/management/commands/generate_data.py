"""python manage.py generate_data --qualifications 100000 --organisations 5000 --rights 200000 --seed 1"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from qualifications.generator import NEAR_DUPLICATE_SUBJECTS, Sizes, generate
from qualifications.similarity.index import rebuild


class Progress:
    """A one-line progress bar on a terminal; a line per 10 % otherwise (logs, CI)."""

    def __init__(self, stream):
        self.stream = stream  # a command's OutputWrapper: write(text, ending=...)
        self.tty = stream.isatty()
        self.last: tuple[str, int] = ("", -1)
        self.started = time.monotonic()

    def __call__(self, label: str, done: int, total: int) -> None:
        percent = 100 * done // max(total, 1)
        step = percent if self.tty else percent // 10 * 10
        if (label, step) == self.last:
            return
        self.last = (label, step)
        elapsed = time.monotonic() - self.started
        bar = "#" * (percent // 4) + "." * (25 - percent // 4)
        line = f"{label:>22} [{bar}] {percent:3d}% {done:>9,}/{total:,}  {elapsed:6.0f} s"
        if self.tty:
            self.stream.write("\r" + line, ending="\n" if done >= total else "")
        else:
            self.stream.write(line)
        self.stream.flush()


class Command(BaseCommand):
    help = "Insert generated (synthetic, labelled) qualifications, organisations and rights for scale tests."

    def add_arguments(self, parser):
        parser.add_argument("--qualifications", type=int, default=1000)
        parser.add_argument("--organisations", type=int, default=100)
        parser.add_argument("--rights", type=int, default=2000)
        parser.add_argument("--outcomes", type=int, default=10, help="learning outcomes per qualification")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--near-duplicates",
            type=int,
            default=0,
            help=f"pairs of near-duplicate records to plant for eval_similar (at most {len(NEAR_DUPLICATE_SUBJECTS)})",
        )
        parser.add_argument(
            "--no-similarity", action="store_true", help="do not rebuild the similarity index afterwards"
        )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("generate_data refuses to run with ZRK_ENV=production: it adds synthetic records.")
        for name in ("qualifications", "organisations", "rights", "outcomes"):
            if options[name] < 0 or options[name] > 10_000_000:
                raise CommandError(f"--{name} must be between 0 and 10,000,000.")
        if not 0 <= options["near_duplicates"] <= len(NEAR_DUPLICATE_SUBJECTS):
            raise CommandError(f"--near-duplicates must be between 0 and {len(NEAR_DUPLICATE_SUBJECTS)}.")
        if options["organisations"] == 0 and options["rights"]:
            raise CommandError("Rights need organisations: give --organisations.")
        sizes = Sizes(
            options["qualifications"],
            options["organisations"],
            options["rights"],
            options["outcomes"],
            options["near_duplicates"],
        )
        started = time.monotonic()
        progress = Progress(self.stderr) if options["verbosity"] else (lambda label, done, total: None)
        counts = generate(sizes, options["seed"], progress)
        if not options["no_similarity"]:
            # Bulk inserts send no signals: the new records enter the similarity index here.
            rebuild(progress)
        summary = ", ".join(f"{count:,} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Generated {summary} in {time.monotonic() - started:.0f} s."))
