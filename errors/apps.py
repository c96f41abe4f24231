from django.apps import AppConfig


class ErrorsConfig(AppConfig):
    name = "errors"
    verbose_name = "Error catalogue"

    def ready(self):
        # The searches noted during answers are written once an answer has gone.
        from django.core.signals import request_finished

        from errors.search_log import flush

        request_finished.connect(flush, dispatch_uid="errors.search_log.flush")
