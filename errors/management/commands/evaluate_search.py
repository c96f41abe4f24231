from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from errors.evaluation import (
    evaluate,
    format_report,
    load_cases,
    split_cases,
)
from errors.models import ErrorEntry
from errors.search.results import find_entries


def search_entries(query: str):
    """The real search, as the API runs it: (entries best first, confident)."""
    results = find_entries(ErrorEntry.objects.all(), query)
    entries = results[:10]
    return entries, bool(results.search and results.search.confident)


class Command(BaseCommand):
    help = (
        "Run evaluation cases (JSON lines) through the real search; print recall@1, "
        "recall@3, MRR and misses. --split reports the tuning and check halves "
        "apart (misses of the tuning half only: the check half is not for tuning)."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument(
            "--split",
            action="store_true",
            help="report the tuning and check halves separately",
        )

    def handle(self, *args, paths: list[Path], split: bool, **options):
        if not ErrorEntry.objects.exists():
            raise CommandError("The database has no entries: run load_catalogue first.")
        for path in paths:
            if not path.is_file():
                raise CommandError(f"No such file: {path}")
            cases = load_cases(path)
            if not split:
                report = evaluate(cases, search_entries)
                self.stdout.write(format_report(report, title=str(path)))
                continue
            for half, members in split_cases(cases).items():
                report = evaluate(members, search_entries)
                self.stdout.write(
                    format_report(
                        report,
                        title=f"{path.name} [{half} half]",
                        show_misses=half == "tuning",
                    )
                )
