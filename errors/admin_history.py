"""Admin base class: every save recorded, any version restorable, no typing lost.

`HistoryAdmin` records a `Version` for each add, change and delete, shows an
object's history as field-by-field diffs, restores old versions and deleted
objects (POST, CSRF-protected, staff with change or add permission), and turns
a save the database refuses ("database is locked") into a form error that
keeps what the admin typed.
"""

from __future__ import annotations

import logging

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from errors import history
from errors.history import Action, Version

logger = logging.getLogger(__name__)

SAVE_FAILED = (
    "Nothing was saved: the database could not write the change ({error}). "
    "What you typed is kept below; try “Save” again in a moment."
)
WRITE_FAILED = "Nothing was changed: the database could not write ({error}). Try again in a moment."


class HistoryAdmin(admin.ModelAdmin):
    change_list_template = "admin/errors/history_change_list.html"

    def get_urls(self):
        # Before the default patterns, whose "<object_id>/" would catch "deleted/".
        deleted = self.admin_site.admin_view(self.deleted_view)
        restore = self.admin_site.admin_view(self.restore_view)
        return [
            path("deleted/", deleted, name=self.url_name("deleted")),
            path("restore/<int:version_id>/", restore, name=self.url_name("restore")),
            *super().get_urls(),
        ]

    def url_name(self, name: str) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_{name}"

    def url(self, name: str, *args) -> str:
        return reverse(f"{self.admin_site.name}:{self.url_name(name)}", args=args)

    # Recording -----------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if change:
            history.ensure_baseline(self.model, obj.pk)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        # After the many-to-many fields are saved, so the snapshot has them.
        super().save_related(request, form, formsets, change)
        action = Action.CHANGE if change else Action.CREATE
        history.record(form.instance, action, user=request.user)

    def delete_model(self, request, obj):
        history.delete(obj, user=request.user)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                history.delete(obj, user=request.user)

    # A failed write keeps what was typed ---------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DatabaseError as error:
            if request.method != "POST":
                raise
            logger.warning(
                "admin save of %s %s failed: %s", self.opts.model_name, object_id, error
            )
            # The atomic block rolled everything back. Show the form again,
            # bound to the posted data, with the failure as its error; outside
            # a transaction, since the database may still refuse writes.
            request.admin_save_error = SAVE_FAILED.format(error=error)
            return self._changeform_view(request, object_id, form_url, extra_context)

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
            logger.warning(
                "admin delete of %s %s failed: %s",
                self.opts.model_name,
                object_id,
                error,
            )
            self.message_user(request, WRITE_FAILED.format(error=error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def changelist_view(self, request, extra_context=None):
        try:
            return super().changelist_view(request, extra_context)
        except DatabaseError as error:
            if request.method != "POST":
                raise
            logger.warning(
                "admin bulk action on %s failed: %s", self.opts.model_name, error
            )
            self.message_user(request, WRITE_FAILED.format(error=error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    # History, restore, deleted objects -------------------------------------

    def history_view(self, request, object_id, extra_context=None):
        """Every version of one object with a diff against the one before."""
        object_id = unquote(object_id)
        obj = self.get_object(request, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        versions = []
        if object_id.isdigit():
            versions = list(
                Version.objects.for_object(self.model, object_id).select_related("user")
            )
        if obj is None and not versions:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
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
            "rows": history.history_rows(self.model, versions, exists=exists),
            "can_restore": can_restore,
            "restore_url_name": f"{self.admin_site.name}:{self.url_name('restore')}",
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/errors/history.html", context)

    def restore_view(self, request, version_id):
        """POST: write an old version back, or bring a deleted object back."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        content_type = ContentType.objects.get_for_model(self.model)
        version = get_object_or_404(Version, pk=version_id, content_type=content_type)
        exists = self.model._default_manager.filter(pk=version.object_id).exists()
        allowed = (
            self.has_change_permission(request)
            if exists
            else self.has_add_permission(request)
        )
        if not allowed:
            raise PermissionDenied
        back = self.url("history", version.object_id) if exists else self.url("deleted")
        try:
            with transaction.atomic():
                obj = history.restore(version, user=request.user)
                message = f"Restored version {version.pk}."
                if exists:
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
            f"({version.created_at:%Y-%m-%d %H:%M} UTC). The restore is in its history too.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self.url("change", obj.pk))

    def deleted_view(self, request):
        """Deleted objects of this model, each with a restore button."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": f"Deleted {self.opts.verbose_name_plural}",
            "subtitle": None,
            "opts": self.opts,
            "versions": history.deleted_versions(self.model),
            "can_restore": self.has_add_permission(request),
            "restore_url_name": f"{self.admin_site.name}:{self.url_name('restore')}",
            "history_url_name": f"{self.admin_site.name}:{self.url_name('history')}",
        }
        return TemplateResponse(request, "admin/errors/deleted.html", context)
