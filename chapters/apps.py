from django.apps import AppConfig


class ChaptersConfig(AppConfig):
    name = "chapters"
