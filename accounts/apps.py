from axes import apps as axes_apps
from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    """Staff accounts: sign-in throttling, two-step sign-in, the sign-in log."""

    default = True
    name = "accounts"
    verbose_name = "Staff accounts"

    def ready(self):
        from . import receivers  # noqa: F401


class StaffAdminConfig(admin_apps.AdminConfig):
    """The admin, served by the site that asks editors for their second factor."""

    default = False

    default_site = "accounts.sites.StaffAdminSite"


class LockoutsConfig(axes_apps.AppConfig):
    """django-axes, named in the admin for what staff do there: unlock accounts."""

    default = False
    verbose_name = "Sign-in lockouts"
