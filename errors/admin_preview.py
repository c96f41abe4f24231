"""Editing help for entries: a preview of the unsaved text, work-list filters.

The preview needs no JavaScript: a "Preview" submit posts the form like Save
does, the form then refuses to be valid (so Django shows it again with what was
typed, and saves nothing), and the change form renders the posted cause and
solution through the same Markdown function as the public pages. Only public
ModelAdmin hooks: get_form() and render_change_form().
"""

from django.contrib import admin
from django.utils.safestring import mark_safe

from errors.catalogue.links import has_table_q, needs_link_q, see_references
from errors.rendering import render_markdown

PREVIEW_BUTTON = "_preview"
PREVIEW_NOTE = "Preview only: nothing was saved. Press Save to publish."
CHEAT_SHEET = mark_safe(
    "Markdown: <code>**bold**</code>, <code>`code`</code>, "
    "<code>[title](https://…)</code>, <code>&lt;https://…&gt;</code>, "
    "<code>- item</code> (indent four spaces to nest), <code>1. step</code>, "
    "a blank line between paragraphs, and tables as "
    "<code>| a | b |</code> / <code>| --- | --- |</code>. "
    "Press <strong>Preview</strong> to see the unsaved text as the site shows it."
)


def wants_preview(request) -> bool:
    return request.method == "POST" and PREVIEW_BUTTON in request.POST


def preview_form(form_class):
    """`form_class`, never valid: the posted text comes back unsaved."""

    class PreviewForm(form_class):
        def clean(self):
            cleaned_data = super().clean()
            self.add_error(None, PREVIEW_NOTE)
            return cleaned_data

    return PreviewForm


def preview_of(data) -> dict:
    """The posted cause and solution, rendered and sanitised."""
    cause = data.get("cause", "")
    solution = data.get("solution", "")
    return {
        "message": data.get("message", ""),
        "cause_html": render_markdown(cause),
        "solution_html": render_markdown(solution),
        "see_references": see_references(cause) + see_references(solution),
    }


class NeedsLinkFilter(admin.SimpleListFilter):
    title = "needs a link"
    parameter_name = "needs_link"

    def lookups(self, request, model_admin):
        return [("yes", 'Has an unlinked "See …"')]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(needs_link_q())
        return queryset


class NoProductsFilter(admin.SimpleListFilter):
    title = "no products"
    parameter_name = "no_products"

    def lookups(self, request, model_admin):
        return [("yes", "Tagged with no product")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(products__isnull=True)
        return queryset


class HasTableFilter(admin.SimpleListFilter):
    title = "has a table"
    parameter_name = "has_table"

    def lookups(self, request, model_admin):
        return [("yes", "Cause or solution holds a table")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(has_table_q())
        return queryset
