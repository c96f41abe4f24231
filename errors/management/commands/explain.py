"""`python manage.py explain "TEXT"`: the best entry for an error, in the terminal."""

import sys
import textwrap

from django.core.management.base import BaseCommand, CommandError

from errors.models import ErrorEntry
from errors.search.alternatives import placeholder_names
from errors.search.results import find_entries

WIDTH = 88


def plain(markdown_text: str) -> str:
    """Markdown as readable terminal text (lists and paragraphs kept)."""
    lines = []
    for line in markdown_text.splitlines():
        stripped = line.strip()
        if not stripped:
            lines.append("")
            continue
        indent = " " * (len(line) - len(line.lstrip()))
        lines.append(
            textwrap.fill(
                stripped.replace("**", ""),
                width=WIDTH,
                initial_indent="  " + indent,
                subsequent_indent="  "
                + indent
                + ("  " if stripped[:2] in {"- ", "* "} else ""),
            )
        )
    return "\n".join(lines).strip("\n")


class Command(BaseCommand):
    help = (
        "Print the catalogue entry that best matches an error text (argument or standard input), "
        "with its cause and solution and the runners-up. Exit status 1 when there is no good match."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "text",
            nargs="*",
            help="The error text; read from standard input when omitted.",
        )
        parser.add_argument(
            "--others", type=int, default=3, help="How many runners-up to list."
        )

    def handle(self, *args, text: list[str], others: int, **options):
        query = " ".join(text) if text else sys.stdin.read()
        if not query.strip():
            raise CommandError(
                "Give the error text as an argument or on standard input."
            )
        results = find_entries(ErrorEntry.objects.all(), query)
        entries = results[: others + 1]
        search = results.search
        if not entries:
            self.stdout.write("No entry matches this text.")
            sys.exit(1)
        best = entries[0]
        if not search.confident:
            self.stdout.write("No good match. The closest entries:\n")
        self.stdout.write(self.describe(best))
        if best.match and best.match.values:
            names = placeholder_names(best.message)
            pairs = [
                f"{names[index] if index < len(names) else 'value'} = {value}"
                for index, value in enumerate(best.match.values)
            ]
            self.stdout.write("Values:   " + ", ".join(pairs))
        self.stdout.write(self.next_step(best))
        self.stdout.write("\nCause:\n" + (plain(best.cause) or "  (none documented)"))
        self.stdout.write(
            "\nSolution:\n" + (plain(best.solution) or "  (none documented)")
        )
        if len(entries) > 1:
            self.stdout.write("\nAlso possible:")
            for entry in entries[1:]:
                self.stdout.write("  " + self.describe(entry, short=True))
        if not search.confident:
            sys.exit(1)

    def next_step(self, entry: ErrorEntry) -> str:
        advice = entry.advice
        pause = (
            f" (about {advice['backoff_seconds']} s)"
            if advice["backoff_seconds"] is not None
            else ""
        )
        return (
            f"Next:     {entry.get_retryable_display()}{pause}. "
            f"{entry.get_who_acts_display()}."
        )

    def describe(self, entry: ErrorEntry, short: bool = False) -> str:
        status = str(entry.status) if entry.status is not None else "-"
        code = entry.code or "-"
        if short:
            return (
                f"{status} {code}: {entry.message[:100]}  [{entry.get_absolute_url()}]"
            )
        kind = f" ({entry.match.kind} match)" if entry.match else ""
        return (
            f"Status:   {status}\nCode:     {code}{' / ' + ' / '.join(entry.alias_list) if entry.alias_list else ''}\n"
            f"Message:  {entry.message}{kind}\nPage:     {entry.get_absolute_url()}"
        )
