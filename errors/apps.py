"""The app's configuration: where its one signal is connected."""

from django.apps import AppConfig
from django.db.models.signals import pre_save


class ErrorsConfig(AppConfig):
    name = "errors"
    verbose_name = "Error catalogue"

    def ready(self):
        # Models cannot be imported before the app registry is ready, so the
        # receiver is imported here, as Django's documentation does it.
        from errors.models import ErrorEntry, remember_old_slug

        # Every save of an entry (admin, import, shell) keeps its old slug.
        pre_save.connect(
            remember_old_slug, sender=ErrorEntry, dispatch_uid="remember_old_slug"
        )
