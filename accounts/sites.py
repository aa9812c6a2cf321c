"""The admin site: Django's, with a second sign-in step and the staff's own pages."""

from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from . import twofactor
from .redirects import next_url


class StaffAdminSite(admin.AdminSite):
    """Opens only to staff who owe no second factor; the login page asks for it."""

    def has_permission(self, request):
        return super().has_permission(request) and (
            twofactor.owed(request) == twofactor.PASSED
        )

    def login(self, request, extra_context=None):
        user = request.user
        if user.is_active and user.is_staff:
            state = twofactor.owed(request)
            if state != twofactor.PASSED and request.method == "GET":
                # Devices may have changed since sign-in (a superuser's reset).
                state = twofactor.remember(request)
            target = next_url(request, reverse("admin:index", current_app=self.name))
            if state == twofactor.NEEDS_CODE:
                from . import views

                return views.verify(request, site=self, target=target)
            if state == twofactor.NEEDS_ENROLMENT:
                url = reverse("admin:account_two_factor", current_app=self.name)
                query = urlencode({REDIRECT_FIELD_NAME: target}, safe="/")
                return redirect(f"{url}?{query}")
        return super().login(request, extra_context)

    def get_urls(self):
        from . import views

        staff = self.staff_view
        return [
            # Before Django's: a session that still owes its code can sign out too.
            path("logout/", self.logout_view, name="logout"),
            path("account/", staff(views.account), name="account"),
            path(
                "account/two-factor/",
                staff(views.two_factor_enrol, enrolling=True),
                name="account_two_factor",
            ),
            path(
                "account/two-factor/remove/",
                staff(views.two_factor_remove),
                name="account_two_factor_remove",
            ),
            path(
                "account/backup-codes/",
                staff(views.backup_codes),
                name="account_backup_codes",
            ),
            path(
                "account/sign-out-everywhere/",
                staff(views.sign_out_everywhere),
                name="account_sign_out_everywhere",
            ),
            *super().get_urls(),
        ]

    def logout_view(self, request):
        """Django's admin logout, without requiring a fully signed-in session."""
        return never_cache(csrf_protect(self.logout))(request)

    def staff_view(self, view, *, enrolling=False):
        """``admin_view`` for the account pages; enrolment also opens to a session
        that owes an enrolment, so a required editor can set up the app."""
        if not enrolling:
            return self.admin_view(lambda request: view(request, site=self))

        def enrol_view(request):
            user = request.user
            owes = twofactor.owed(request) == twofactor.NEEDS_ENROLMENT
            if user.is_active and user.is_staff and owes:
                return view(request, site=self)
            return self.admin_view(lambda request: view(request, site=self))(request)

        return never_cache(csrf_protect(enrol_view))
