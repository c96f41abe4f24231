"""The app's configuration: where its signals are connected."""

from django.apps import AppConfig
from django.core.signals import request_finished, request_started
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_save


class ErrorsConfig(AppConfig):
    name = "errors"
    verbose_name = "Error catalogue"

    def ready(self):
        # Models cannot be imported before the app registry is ready, so the
        # receivers are imported here, as Django's documentation does it.
        from errors.catalogue_version import restore_row
        from errors.database_file import follow_database_file, remember_new_connection
        from errors.models import ErrorEntry, remember_old_slug, store_rendering
        from errors.web.search_log import flush

        # Every save of an entry (admin, import, shell) keeps its old slug.
        pre_save.connect(
            remember_old_slug, sender=ErrorEntry, dispatch_uid="remember_old_slug"
        )
        # Every save keeps the entry's cause and solution as HTML.
        pre_save.connect(
            store_rendering, sender=ErrorEntry, dispatch_uid="store_rendering"
        )
        # The searches noted during answers are written once an answer has gone.
        request_finished.connect(flush, dispatch_uid="errors.search_log.flush")
        # A kept SQLite connection is dropped when its file changed under it.
        request_started.connect(
            follow_database_file, dispatch_uid="errors.follow_database_file"
        )
        connection_created.connect(
            remember_new_connection, dispatch_uid="errors.remember_new_connection"
        )
        # `flush` empties the version counter's table too; its row comes back.
        post_migrate.connect(
            restore_row, sender=self, dispatch_uid="errors.catalogue_version.restore"
        )
