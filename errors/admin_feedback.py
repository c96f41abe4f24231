"""The admin of what visitors tell us: answers to "Did this solve it?" and
searches that found no good match (with "Create an entry from this").
Both are read-only: they are what visitors said or searched."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from errors.feedback import Feedback
from errors.search_log import MissedSearch


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    """Answers to "Did this solve it?", newest first, with their notes;
    read-only (they are what visitors said), deletable as spam."""

    list_display = ["entry", "solved", "note", "created_at"]
    list_filter = ["solved", "day"]
    search_fields = ["note", "entry__message", "entry__code"]
    list_select_related = ["entry"]
    readonly_fields = ["entry", "solved", "note", "day", "created_at"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MissedSearch)
class MissedSearchAdmin(admin.ModelAdmin):
    """Searches that found no good match, most frequent first: what to add.
    Stored redacted (errors/redaction.py); read-only."""

    list_display = [
        "message",
        "count",
        "status",
        "code",
        "first_seen",
        "last_seen",
        "resolved_at",
        "create_entry",
    ]
    list_filter = [("resolved_at", admin.EmptyFieldListFilter)]
    search_fields = ["message", "code"]
    readonly_fields = [
        "message",
        "example",
        "filters",
        "status",
        "code",
        "count",
        "first_seen",
        "last_seen",
        "resolved_at",
        "create_entry",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="")
    def create_entry(self, row: MissedSearch) -> str:
        """The add form, pre-filled: the message with `xxx` for its values,
        and the status and code found in the paste."""
        url = reverse("admin:errors_errorentry_add") + "?" + row.create_entry_query
        return format_html('<a href="{}">Create an entry from this</a>', url)
