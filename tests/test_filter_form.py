"""The FilterSet's form: each request's form shares its fields' widgets and
choices (errors.filters.SharedField) but never another request's values,
errors or field settings."""

import pytest

from errors.filters import ErrorEntryFilter
from errors.models import ErrorEntry


def filterset(**data):
    return ErrorEntryFilter(data, queryset=ErrorEntry.objects.all())


@pytest.mark.django_db
def test_an_invalid_request_leaves_the_next_form_valid():
    bad = filterset(status="999", category="nonsense")
    assert not bad.is_valid()
    assert set(bad.form.errors) == {"status", "category"}
    good = filterset(status="429", category="api", q="rate")
    assert good.is_valid(), good.form.errors
    assert good.form.cleaned_data["status"] == "429"
    assert good.form.cleaned_data["q"] == "rate"
    # and the first form's errors are still its own
    assert "not an HTTP status" in bad.form.errors["status"][0]


@pytest.mark.django_db
def test_a_change_to_one_forms_field_stays_in_that_form():
    first = filterset(q="a")
    first.form.fields["q"].required = True
    first.form.fields["q"].max_length = 3
    first.form.fields["q"].widget.attrs["placeholder"] = "only here"
    second = filterset()
    assert second.form.fields["q"] is not first.form.fields["q"]
    assert "placeholder" not in second.form.fields["q"].widget.attrs
    assert second.form.fields["q"].required is False
    assert second.form.fields["q"].max_length is None
    assert second.is_valid(), second.form.errors


@pytest.mark.django_db
def test_an_unknown_product_is_refused_and_a_known_one_kept(catalogue):
    refused = filterset(product=["no-such-product"])
    assert not refused.is_valid()
    assert "product" in refused.form.errors
    slug = ErrorEntry.objects.exclude(products=None).first().products.first().slug
    kept = filterset(product=[slug])
    assert kept.is_valid(), kept.form.errors
    assert [p.slug for p in kept.form.cleaned_data["product"]] == [slug]
