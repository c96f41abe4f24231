"""`python manage.py resolve_search_log`: mark kept searches that an entry now answers."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from errors.models import ErrorEntry
from errors.search.results import find_entries
from errors.search_log import MissedSearch


class Command(BaseCommand):
    help = (
        "Search again for every unresolved search without an answer, and mark "
        "those that now find a good match (after entries were added or edited)."
    )

    def handle(self, *args, **options):
        now, marked = timezone.now(), []
        for row in MissedSearch.objects.filter(resolved_at__isnull=True):
            result = find_entries(ErrorEntry.objects.all(), row.message).search
            if result is not None and result.confident:
                marked.append(row.pk)
        MissedSearch.objects.filter(pk__in=marked).update(resolved_at=now)
        self.stdout.write(f"resolved {len(marked)} searches")
