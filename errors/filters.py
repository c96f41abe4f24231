"""The one FilterSet behind the pages and the API."""

import copy

import django_filters
from django import forms
from django_filters.fields import ChoiceField, ModelMultipleChoiceField

from errors.advice import Retryable, WhoActs
from errors.limits import MAX_CODE_CHARS, MAX_QUERY_BYTES, MAX_STATUS_CHARS, utf8_length
from errors.models import Category, ErrorEntry, Product
from errors.search.results import Results, find_entries

NO_STATUS = "none"


STATUS_CHOICES = [(str(status), str(status)) for status in range(100, 600)] + [
    (NO_STATUS, "No status")
]


class CheapCopy:
    """FilterSet.__init__ deep-copies every filter for every request, with
    the querysets and choice lists they hold (a tenth of a millisecond for
    ours). A filter keeps no other state than what that __init__ then sets
    (model, parent), so its copy is a shallow one with its own `extra` (the
    queryset filters write to it) and its `method` bound to the copy: a
    method bound to the original would look up the original's parent."""

    def __deepcopy__(self, memo):
        copied = copy.copy(self)
        memo[id(self)] = copied
        copied.extra = dict(self.extra)
        copied.method = self.method
        return copied


class SharedField:
    """Django's Form.__init__ deep-copies every field for every form, with
    its widget, messages, validators and choices (a fifth of a millisecond
    for this form, a twentieth of a search). Nothing changes these once
    built (validation reads them, rendering builds its own attributes), so
    each form's copy is a shallow one that shares them; only the widget and
    its attributes are its own, the one thing code tends to change per form
    (``form.fields["q"].widget.attrs["placeholder"] = …``)."""

    def __deepcopy__(self, memo):
        copied = copy.copy(self)
        memo[id(self)] = copied
        copied.widget = copy.copy(self.widget)
        copied.widget.attrs = dict(self.widget.attrs)
        return copied


class StatusField(SharedField, forms.CharField):
    """An HTTP status (100-599) or "none". Any status may be asked for (one the
    catalogue lacks finds nothing): checking against the database would cost
    a query per request, and a 500-item choice list a deep copy per form."""

    def clean(self, value):
        value = super().clean(value)
        if (
            value
            and value != NO_STATUS
            and not (value.isascii() and value.isdigit() and 100 <= int(value) <= 599)
        ):
            raise forms.ValidationError(
                f"Select a valid choice. {value[:20]} is not an HTTP status (100-599) or “none”.",
                code="invalid_choice",
            )
        return value


class StatusFilter(CheapCopy, django_filters.Filter):
    field_class = StatusField


class SearchTextField(SharedField, forms.CharField):
    """Pasted text of at most MAX_QUERY_BYTES bytes of UTF-8: NUL bytes
    (binary logs, C strings) become spaces rather than a refusal; the rest is
    the search's business."""

    def to_python(self, value):
        return super().to_python(
            value.replace("\x00", " ") if isinstance(value, str) else value
        )

    def validate(self, value):
        super().validate(value)
        if utf8_length(value) > MAX_QUERY_BYTES:
            raise forms.ValidationError(
                f"The text may be at most {MAX_QUERY_BYTES} bytes (UTF-8).",
                code="max_bytes",
            )


class SearchFilter(CheapCopy, django_filters.CharFilter):
    field_class = SearchTextField


class ProductField(SharedField, ModelMultipleChoiceField):
    """No product chosen cleans to [], not to an empty QuerySet: every test
    of the value ("is a product chosen?") would otherwise compile a query."""

    def clean(self, value):
        if not value and not self.required:
            return []
        return super().clean(value)


class ProductFilter(CheapCopy, django_filters.ModelMultipleChoiceFilter):
    field_class = ProductField


class CodeField(SharedField, forms.CharField):
    pass


class CodeFilter(CheapCopy, django_filters.CharFilter):
    field_class = CodeField


class FixedChoiceField(SharedField, ChoiceField):
    """A choice among constants: each form shares its choices too, where
    Django's ChoiceField deep-copies them for every form."""


class FixedChoiceFilter(CheapCopy, django_filters.ChoiceFilter):
    field_class = FixedChoiceField


class ErrorEntryFilter(django_filters.FilterSet):
    # Applied by filter_queryset(), after the other filters.
    q = SearchFilter(label="Search")
    status = StatusFilter(
        method="filter_status", label="Status", max_length=MAX_STATUS_CHARS
    )
    code = CodeFilter(method="filter_code", label="Code", max_length=MAX_CODE_CHARS)
    # Repeated products narrow the results (an entry must carry all of them),
    # so each facet count is the number of results that adding it would give.
    product = ProductFilter(
        field_name="products__slug",
        to_field_name="slug",
        queryset=Product.objects.all(),
        conjoined=True,
        label="Product",
    )
    category = FixedChoiceFilter(choices=Category.choices, label="Category")
    retryable = FixedChoiceFilter(choices=Retryable.choices, label="Retry")
    who_acts = FixedChoiceFilter(choices=WhoActs.choices, label="Who acts")

    class Meta:
        model = ErrorEntry
        fields = ["q", "status", "code", "product", "category", "retryable", "who_acts"]

    # The filters of one value each that a new search keeps (the search
    # form's hidden inputs, and the posted form's redirect); products are
    # kept apart, being many.
    KEPT = ("status", "code", "category", "retryable", "who_acts")

    def kept_values(self) -> list[tuple[str, object]]:
        """(name, value) of each KEPT filter chosen and valid."""
        cleaned = getattr(self.form, "cleaned_data", {})
        return [(name, cleaned[name]) for name in self.KEPT if cleaned.get(name)]

    def get_form_class(self):
        # django-filter builds a new form class for every request; the fields
        # never change, so build it once per FilterSet class.
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            cls._form_class = super().get_form_class()
        return cls._form_class

    _results: Results | None = None

    @property
    def results(self) -> Results:
        """The rows the filters and `q` select, best first when `q` searched,
        each with why it matched: what the pages and the API paginate."""
        if self._results is None:
            queryset = self.queryset.all()
            if self.is_bound:
                self.is_valid()  # cleans the form, as django-filter's `qs` does
                self._results = self.search(queryset)
            else:
                self._results = Results(queryset)
        return self._results

    def filter_queryset(self, queryset):
        # `qs`: the same rows, as a QuerySet in rank order.
        return self.results.queryset

    def search(self, queryset) -> Results:
        # Filters first, then the search within them: the filters go into
        # the index query itself, so no match is lost to a candidate limit.
        # What the search finds does not depend on the filters (see
        # errors.search.results), so a facet count is what choosing that
        # facet gives.
        data = dict(self.form.cleaned_data)
        q = data.pop("q", "") or ""
        for name, value in data.items():
            queryset = self.filters[name].filter(queryset, value)
        return find_entries(queryset, q)

    def filter_status(self, queryset, name, value):
        if value == NO_STATUS:
            return queryset.filter(status__isnull=True)
        return queryset.filter(status=int(value))

    def filter_code(self, queryset, name, value):
        return queryset.with_code(value)


def first_error(form: forms.Form) -> tuple[str, str]:
    """(field, message) of the first invalid parameter, for error bodies."""
    for name, errors in form.errors.items():
        message = f"{name}: {' '.join(errors)}"
        # Messages may quote the value sent: keep a huge one from coming back.
        return name, message if len(message) <= 300 else message[:297] + "…"
    return "", "invalid parameters"
