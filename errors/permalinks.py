"""Permalinks never break: an entry's old slugs redirect to it.

Saving an entry under a new slug remembers the old one; the page and API
detail views ask `moved_entry_queryset()` on a miss and answer with a 301.
"""

from __future__ import annotations

from django.db import models
from django.db.models.signals import pre_save
from django.dispatch import receiver


class SlugRedirect(models.Model):
    old_slug = models.SlugField(max_length=120, unique=True)
    # No database constraint and nothing done on delete: the row outlives a
    # deleted entry, so its old links work again once the entry is restored
    # (restoring keeps the id). Until then the join finds nothing: a 404.
    entry = models.ForeignKey(
        "errors.ErrorEntry",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="old_slugs",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_slug"]

    def __str__(self) -> str:
        return f"{self.old_slug} → {self.entry_id}"


def moved_entry_queryset(slug: str):
    """The entry (zero or one) that was once published under `slug`."""
    from errors.models import ErrorEntry

    return ErrorEntry.objects.filter(old_slugs__old_slug=slug)


@receiver(pre_save, sender="errors.ErrorEntry")
def remember_old_slug(sender, instance, raw=False, **kwargs):
    """On a slug change, point the old slug at the entry."""
    if raw:
        return
    old_slug = None
    if instance.pk is not None:
        old_slug = (
            sender._default_manager.filter(pk=instance.pk)
            .values_list("slug", flat=True)
            .first()
        )
    if old_slug == instance.slug:
        return
    if old_slug:
        SlugRedirect.objects.update_or_create(
            old_slug=old_slug, defaults={"entry_id": instance.pk}
        )
    # The new slug is live now; a redirect that claimed it would be stale.
    SlugRedirect.objects.filter(old_slug=instance.slug).delete()
