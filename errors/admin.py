"""Admin: declarative lists, filters and search; a rendered preview on edit.

History, restore and safe saves come from `HistoryAdmin` (errors/admin_history.py).
Login throttling is django-axes (portal/settings.py, AXES_*); its attempts and
logs have their own admin pages.
"""

from django import forms
from django.contrib import admin
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html

from errors import admin_feedback  # noqa: F401 (registers Feedback, MissedSearch)
from errors.admin_history import HistoryAdmin
from errors.admin_preview import (
    CHEAT_SHEET,
    PREVIEW_BUTTON,
    HasTableFilter,
    NeedsLinkFilter,
    NoProductsFilter,
    preview_form,
    preview_of,
    wants_preview,
)
from errors.models import ErrorEntry, Product


@admin.register(Product)
class ProductAdmin(HistoryAdmin):
    list_display = ["name", "slug", "updated_at"]
    search_fields = ["name", "slug", "aliases"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ErrorEntry)
class ErrorEntryAdmin(HistoryAdmin):
    list_display = [
        "status",
        "code",
        "message_excerpt",
        "product_names",
        "category",
        "retryable",
        "who_acts",
        "solved_count",
        "not_solved_count",
        "updated_at",
    ]
    list_display_links = ["message_excerpt"]
    list_filter = [
        NeedsLinkFilter,
        NoProductsFilter,
        HasTableFilter,
        "status",
        "category",
        "retryable",
        "who_acts",
        "products",
    ]
    search_fields = ["code", "aliases", "message", "cause", "solution", "slug"]
    filter_horizontal = ["products"]
    readonly_fields = ["preview", "source_key", "created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "status",
                    "code",
                    "aliases",
                    "message",
                    "category",
                    "products",
                    "slug",
                ]
            },
        ),
        (
            "What to do next",
            {
                "fields": ["retryable", "who_acts"],
                "description": "Derived at import by the rules in errors/advice.py; "
                "a change here is kept by later imports.",
            },
        ),
        (
            "Cause and solution (Markdown)",
            {"fields": ["cause", "solution", "preview"], "description": CHEAT_SHEET},
        ),
        (
            "Source",
            {
                "fields": ["heading", "source_key", "created_at", "updated_at"],
                "classes": ["collapse"],
            },
        ),
    ]
    list_per_page = 50
    change_form_template = "admin/errors/errorentry/change_form.html"

    class Media:
        css = {"all": ["errors/admin.css"]}

    def get_form(self, request, obj=None, change=False, **kwargs):
        # A monospace editor for the Markdown fields.
        editor = forms.Textarea(attrs={"class": "markdown-editor", "rows": 14})
        kwargs["widgets"] = {
            "cause": editor,
            "solution": editor,
            **kwargs.get("widgets", {}),
        }
        form_class = super().get_form(request, obj, change, **kwargs)
        return preview_form(form_class) if wants_preview(request) else form_class

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        context["preview_button"] = PREVIEW_BUTTON
        if wants_preview(request):
            context["unsaved_preview"] = preview_of(request.POST)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_queryset(self, request):
        # "Did this solve it?" counts, sortable: the list sorted by "not
        # solved" is what to edit first.
        return (
            super()
            .get_queryset(request)
            .prefetch_related("products")
            .annotate(
                solved=Count("feedback", filter=Q(feedback__solved=True)),
                not_solved=Count("feedback", filter=Q(feedback__solved=False)),
            )
        )

    @admin.display(description="solved", ordering="solved")
    def solved_count(self, entry: ErrorEntry) -> int:
        return entry.solved

    @admin.display(description="not solved", ordering="not_solved")
    def not_solved_count(self, entry: ErrorEntry) -> str:
        if not entry.not_solved:
            return "0"
        url = reverse("admin:errors_feedback_changelist")
        return format_html(
            '<a href="{}?entry__id__exact={}&amp;solved__exact=0">{}</a>',
            url,
            entry.pk,
            entry.not_solved,
        )

    @admin.display(description="message")
    def message_excerpt(self, entry: ErrorEntry) -> str:
        return entry.message if len(entry.message) <= 90 else entry.message[:87] + "…"

    @admin.display(description="products")
    def product_names(self, entry: ErrorEntry) -> str:
        return ", ".join(product.name for product in entry.products.all())

    @admin.display(description="rendered preview (as saved)")
    def preview(self, entry: ErrorEntry) -> str:
        if not entry.pk:
            return "Save to see the rendered cause and solution."
        # Both parts are sanitised HTML from render_markdown.
        return format_html(
            '<div class="portal-preview"><h3>Cause</h3>{}<h3>Solution</h3>{}</div>',
            entry.cause_html,
            entry.solution_html,
        )
