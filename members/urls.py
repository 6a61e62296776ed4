"""Member URLs, included under the language prefix: /en/account/…, /fr/account/…"""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from members import views
from members.forms import MemberPasswordResetForm

app_name = "members"

urlpatterns = [
    path("", views.account, name="account"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="members/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password-reset/",
        views.PasswordResetView.as_view(
            template_name="members/password_reset.html",
            form_class=MemberPasswordResetForm,
            email_template_name="members/emails/password_reset_body.txt",
            subject_template_name="members/emails/password_reset_subject.txt",
            success_url=reverse_lazy("members:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="members/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="members/password_reset_confirm.html",
            success_url=reverse_lazy("members:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="members/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("request-access/", views.request_access, name="request_access"),
    path("request-access/thanks/", views.request_access_thanks, name="request_access_thanks"),
    path("tokens/<str:kind>/regenerate/", views.regenerate_token, name="regenerate_token"),
    path("tokens/<str:kind>/revoke/", views.revoke_token, name="revoke_token"),
]
