"""Demo content for ``manage.py load_demo``: roles, demo users, then each app's content.

Every step is idempotent (get_or_create / update_or_create on natural keys), so running
the command again changes nothing that is already there.
"""

import importlib
import secrets

from django.contrib.auth import get_user_model
from django.db import transaction

from core import pageversions
from core.roles import AUTHORS, EDITORS, MODERATORS, sync_roles

DEMO_USERS = [
    # username, group, full name
    ("editor", EDITORS, "Eddie Editor"),
    ("author", AUTHORS, "Ada Author"),
    ("moderator", MODERATORS, "Mo Moderator"),
]

# Each app adds its content here, in dependency order. Each module has
# ``load(*, users, stdout)``.
APP_DEMO_MODULES: list[str] = [
    "catalog.demo",
    "articles.demo",
    "livefacts.demo",
    "comments.demo",
    "articles.demo_revisions",
    "newsroom.demo",
]


@transaction.atomic
def load(*, stdout, fixed_passwords: bool) -> dict[str, str]:
    """Load all demo content in one transaction; return the demo logins."""
    groups = sync_roles()
    User = get_user_model()
    users, logins = {}, {}
    for username, group_name, full_name in DEMO_USERS:
        first, last = full_name.split(" ", 1)
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.com",
                "is_staff": True,
            },
        )
        password = f"{username}-demo" if fixed_passwords else secrets.token_urlsafe(12)
        user.set_password(password)
        user.is_staff = True
        user.save()
        user.groups.add(groups[group_name])
        users[username] = user
        logins[username] = password
    with pageversions.bulk_load():  # every page changes: one bump at the end
        for module_name in APP_DEMO_MODULES:
            importlib.import_module(module_name).load(users=users, stdout=stdout)
    return logins
