"""Markdown to safe HTML (errors.rendering), and the HTML an entry keeps of
its cause and solution: used only for the texts it was rendered from, and
sanitised again when used."""

from django.db import connection

from errors.catalogue.synthetic import add_synthetic
from errors.models import ErrorEntry
from errors.rendering import render_markdown, rendering_key


def test_a_save_keeps_the_html_of_cause_and_solution(make_entry):
    entry = make_entry(cause="Too *many*.", solution="1. Wait.\n2. Retry.")
    stored = ErrorEntry.objects.get(pk=entry.pk)
    assert stored.rendered_cause == "<p>Too <em>many</em>.</p>"
    assert stored.rendered_solution == "<ol>\n<li>Wait.</li>\n<li>Retry.</li>\n</ol>"
    assert stored.rendered_key == rendering_key(stored.cause, stored.solution)
    assert stored.rendering_is_current


def test_the_kept_html_is_what_pages_show(make_entry):
    entry = make_entry(cause="Too *many*.")
    # Kept HTML that differs from a fresh rendering shows that it is used.
    ErrorEntry.objects.filter(pk=entry.pk).update(rendered_cause="<p>Kept.</p>")
    assert ErrorEntry.objects.get(pk=entry.pk).cause_html == "<p>Kept.</p>"


def test_kept_html_is_sanitised_again(make_entry):
    # A database is no more trusted than an admin's paste (a restored backup).
    entry = make_entry(cause="Too many.")
    ErrorEntry.objects.filter(pk=entry.pk).update(
        rendered_cause='<p onclick="alert(1)">Kept.</p><script>alert(2)</script>'
        '<a href="javascript:alert(3)">x</a>'
    )
    html = ErrorEntry.objects.get(pk=entry.pk).cause_html
    assert html == '<p>Kept.</p><a rel="nofollow noopener noreferrer">x</a>'


def test_a_text_changed_by_update_or_raw_sql_is_rendered_afresh(make_entry):
    first = make_entry(cause="Old *cause*.")
    second = make_entry(solution="Old *solution*.")
    ErrorEntry.objects.filter(pk=first.pk).update(cause="New **cause**.")
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {ErrorEntry._meta.db_table} SET solution = %s WHERE id = %s",
            ["New **solution**.", second.pk],
        )
    first, second = (
        ErrorEntry.objects.get(pk=first.pk),
        ErrorEntry.objects.get(pk=second.pk),
    )
    assert not first.rendering_is_current and not second.rendering_is_current
    assert first.cause_html == "<p>New <strong>cause</strong>.</p>"
    assert second.solution_html == "<p>New <strong>solution</strong>.</p>"
    assert first.rendered_cause == "<p>Old <em>cause</em>.</p>"  # not used


def test_the_key_is_of_each_text_whole():
    # Moving text from the cause to the solution is another pair of texts.
    assert rendering_key("ab", "c") != rendering_key("a", "bc")
    assert rendering_key("a", "b") == rendering_key("a", "b")


def test_bulk_created_entries_keep_their_html_too(db):
    add_synthetic(3)
    entries = list(ErrorEntry.objects.all())
    assert len(entries) == 3
    for entry in entries:
        assert entry.rendering_is_current
        assert entry.rendered_solution == str(render_markdown(entry.solution))
