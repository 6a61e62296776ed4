"""Included under the language prefix: /en/account/notices/…, /fr/account/notices/…"""

from django.urls import path

from notices import views

app_name = "notices"

urlpatterns = [
    path("", views.follows, name="follows"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
