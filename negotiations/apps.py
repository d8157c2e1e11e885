from django.apps import AppConfig


class NegotiationsConfig(AppConfig):
    name = "negotiations"

    def ready(self):
        from . import signals

        signals.connect()
