"""Admin base class: django-reversion's `VersionAdmin`, with diffs and safe restores.

`VersionAdmin` records a revision for each add and change (user and change
message). On top of it, `HistoryAdmin`:

- records the row as it was before its first recorded change (a baseline),
  and every delete, bulk deletes included (errors/history.py);
- shows an object's history as field-by-field diffs (errors/history_diff.py),
  deleted objects included;
- restores a version, or recovers a deleted object, on a POST (CSRF-protected,
  staff with change or add permission) that writes back that one object: the
  library's own revert would also roll back the products the revision followed;
- turns a save the database refuses ("database is locked", a failing trigger)
  into a form error that keeps what the admin typed. Only public hooks: the
  view runs once more with a form that reports the failure instead of saving.
"""

from __future__ import annotations

import logging

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from reversion.admin import VersionAdmin
from reversion.models import Version

from errors import history
from errors.history_diff import history_rows

logger = logging.getLogger(__name__)

SAVE_FAILED = (
    "Nothing was saved: the database could not write the change ({error}). "
    "What you typed is kept below; try “Save” again in a moment."
)
WRITE_FAILED = "Nothing was changed: the database could not write ({error}). Try again in a moment."


class HistoryAdmin(VersionAdmin):
    history_latest_first = True
    recover_list_template = "admin/errors/deleted.html"

    def url(self, name: str, *args) -> str:
        opts = self.opts
        name = f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_{name}"
        return reverse(name, args=args)

    # Recording -----------------------------------------------------------

    def save_model(self, request, obj, form, change):
        # An unchanged form writes nothing, so it adds no version.
        if not change or form.has_changed():
            super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        history.delete(obj, user=request.user)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                history.delete(obj, user=request.user)

    # A failed write keeps what was typed ---------------------------------

    def add_view(self, request, form_url="", extra_context=None):
        try:
            return super().add_view(request, form_url, extra_context)
        except DatabaseError as error:
            if request.method != "POST":
                raise
            self.note_failed_save(request, None, error)
            return super().add_view(request, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method != "POST":
            return super().change_view(request, object_id, form_url, extra_context)
        try:
            # The baseline is its own revision, written before VersionAdmin
            # opens the one for this change, and rolled back with it.
            with transaction.atomic():
                history.ensure_baseline(self.model, unquote(object_id))
                return super().change_view(request, object_id, form_url, extra_context)
        except DatabaseError as error:
            self.note_failed_save(request, object_id, error)
            return super().change_view(request, object_id, form_url, extra_context)

    def note_failed_save(self, request, object_id, error) -> None:
        """Everything was rolled back; the next run of the view shows the form
        bound to the posted data, with the failure as its error, and saves nothing."""
        logger.warning(
            "admin save of %s %s failed: %s", self.opts.model_name, object_id, error
        )
        request.admin_save_error = SAVE_FAILED.format(error=error)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        message = getattr(request, "admin_save_error", None)
        if message is None:
            return form_class

        class SaveFailedForm(form_class):
            def clean(self):
                cleaned_data = super().clean()
                self.add_error(None, message)
                return cleaned_data

        return SaveFailedForm

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except DatabaseError as error:
            if request.method != "POST":
                raise
            return self.write_failed(request, error)

    def changelist_view(self, request, extra_context=None):
        # Not inside VersionAdmin's revision (it is there for list_editable,
        # which this admin does not use): a bulk delete must close a revision
        # per deletion, before the row is gone.
        context = {"has_change_permission": self.has_change_permission(request)}
        context.update(extra_context or {})
        if request.method != "POST":
            return admin.ModelAdmin.changelist_view(self, request, context)
        try:
            # One transaction, so the log entries of a failed bulk delete go too.
            with transaction.atomic():
                return admin.ModelAdmin.changelist_view(self, request, context)
        except DatabaseError as error:
            return self.write_failed(request, error)

    def write_failed(self, request, error) -> HttpResponseRedirect:
        logger.warning("admin write to %s failed: %s", self.opts.model_name, error)
        self.message_user(request, WRITE_FAILED.format(error=error), messages.ERROR)
        return HttpResponseRedirect(request.get_full_path())

    # History, restore, deleted objects -------------------------------------

    def history_view(self, request, object_id, extra_context=None):
        """Every version of one object with a diff against the one before."""
        object_id = unquote(object_id)
        obj = self.get_object(request, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        versions = list(history.versions_of(self.model, object_id))
        if obj is None and not versions:
            self.message_user(
                request,
                f"No {self.opts.verbose_name} with ID “{object_id}”, nor any history of one.",
                messages.WARNING,
            )
            return HttpResponseRedirect(self.url("changelist"))
        exists = obj is not None
        can_restore = (
            self.has_change_permission(request, obj)
            if exists
            else self.has_add_permission(request)
        )
        name = obj if exists else versions[-1].object_repr
        context = {
            **self.admin_site.each_context(request),
            "title": f"History: {name}",
            "subtitle": None,
            "opts": self.opts,
            "object": obj,
            "object_id": object_id,
            "rows": history_rows(self.model, versions, exists=exists),
            "can_restore": can_restore,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/errors/history.html", context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """POST: write an old version of this object back."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        version = self.version_or_404(version_id, unquote(object_id))
        return self.restore(request, version, back=self.url("history", object_id))

    def recover_view(self, request, version_id, extra_context=None):
        """POST: bring a deleted object back as it was in one of its versions."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        version = self.version_or_404(version_id)
        return self.restore(request, version, back=self.url("recoverlist"))

    def recoverlist_view(self, request, extra_context=None):
        """Deleted objects, each with who deleted it and a restore button."""
        context = {"deleted": history.deleted_versions(self.model)}
        return super().recoverlist_view(request, {**context, **(extra_context or {})})

    def version_or_404(self, version_id, object_id=None) -> Version:
        versions = Version.objects.get_for_model(self.model)
        if object_id is not None:
            versions = versions.filter(object_id=object_id)
        return get_object_or_404(versions.select_related("revision"), pk=version_id)

    def restore(self, request, version: Version, back: str):
        existed = self.model._default_manager.filter(pk=version.object_id).exists()
        allowed = (
            self.has_change_permission(request)
            if existed
            else self.has_add_permission(request)
        )
        if not allowed:
            raise PermissionDenied
        try:
            with transaction.atomic():
                obj = history.restore(version, user=request.user)
                message = f"Restored version {version.pk}."
                if existed:
                    self.log_change(request, obj, message)
                else:
                    self.log_addition(request, obj, message)
        except ValidationError as error:
            self.message_user(
                request, "Not restored: " + " ".join(error.messages), messages.ERROR
            )
            return HttpResponseRedirect(back)
        except DatabaseError as error:
            logger.warning("admin restore of version %s failed: %s", version.pk, error)
            self.message_user(request, WRITE_FAILED.format(error=error), messages.ERROR)
            return HttpResponseRedirect(back)
        self.message_user(
            request,
            f"“{obj}” is back as it was in version {version.pk} "
            f"({version.revision.date_created:%Y-%m-%d %H:%M} UTC). "
            "The restore is in its history too.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self.url("change", obj.pk))
