"""The one FilterSet behind the pages and the API."""

import django_filters
from django import forms

from errors.models import Category, ErrorEntry, Product

NO_STATUS = "none"


def status_choices() -> list[tuple[str, str]]:
    """The statuses the catalogue has, plus "none" for entries without one."""
    statuses = ErrorEntry.objects.order_by("status").values_list("status", flat=True).distinct()
    return [(str(status), str(status)) for status in statuses if status is not None] + [
        (NO_STATUS, "No status")
    ]


class ErrorEntryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="Search", max_length=64 * 1024)
    status = django_filters.ChoiceFilter(choices=status_choices, method="filter_status", label="Status")
    code = django_filters.CharFilter(method="filter_code", label="Code", max_length=200)
    # Repeated products narrow the results (an entry must carry all of them),
    # so each facet count is the number of results that adding it would give.
    product = django_filters.ModelMultipleChoiceFilter(
        field_name="products__slug",
        to_field_name="slug",
        queryset=Product.objects.all(),
        conjoined=True,
        label="Product",
    )
    category = django_filters.ChoiceFilter(choices=Category.choices, label="Category")

    class Meta:
        model = ErrorEntry
        fields = ["q", "status", "code", "product", "category"]

    def filter_queryset(self, queryset):
        # Filters first, search last: ranking then happens within the rows
        # the filters allow, so a filtered search still finds the best match.
        data = dict(self.form.cleaned_data)
        q = data.pop("q", "")
        for name, value in data.items():
            queryset = self.filters[name].filter(queryset, value)
        return queryset.search(q) if q and q.strip() else queryset

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_status(self, queryset, name, value):
        if value == NO_STATUS:
            return queryset.filter(status__isnull=True)
        return queryset.filter(status=int(value))

    def filter_code(self, queryset, name, value):
        return queryset.with_code(value)


def first_error(form: forms.Form) -> tuple[str, str]:
    """(field, message) of the first invalid parameter, for error bodies."""
    for name, errors in form.errors.items():
        return name, f"{name}: {' '.join(errors)}"
    return "", "invalid parameters"
