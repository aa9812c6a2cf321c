"""The newsroom's roles, as Django groups and the permissions each one holds.

This is the one place that says who may do what; ``sync_roles`` makes the database match
it and is safe to run any number of times. Patterns are ``app_label.codename`` with
shell-style wildcards, resolved against the permissions that exist.
"""

from fnmatch import fnmatchcase

from django.contrib.auth.models import Group, Permission
from django.db import transaction

EDITORS = "Editors"
AUTHORS = "Authors"
MODERATORS = "Moderators"

ROLE_PERMISSIONS: dict[str, list[str]] = {
    # Editors run the newsroom: the catalog, every article, the image library, and
    # they may moderate comments too.
    EDITORS: [
        "catalog.*",
        "images.*",
        "articles.*",
        "livefacts.*",
        "comments.*",
        # The sign-in log, and unlocking a locked-out account (deleting its
        # access attempts).
        "accounts.view_signinevent",
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
    ],
    # Authors read the catalog and write their own pieces; the articles admin limits
    # them to their own drafts and to submitting for review.
    AUTHORS: [
        "catalog.view_*",
        "images.add_image",
        "images.change_image",
        "images.view_image",
        "articles.add_article",
        "articles.change_article",
        "articles.view_article",
        "articles.view_authorprofile",
        "articles.view_tag",
        "articles.add_tag",
        "articles.add_previewlink",
        "articles.change_previewlink",
        "articles.view_previewlink",
    ],
    # Moderators clear the comment queue and nothing else: they decide on comments
    # (never edit them), read reports and the log, and keep the ban and hold lists.
    MODERATORS: [
        "comments.view_comment",
        "comments.moderate_comment",
        "comments.view_commentreport",
        "comments.view_moderationlogentry",
        "comments.*_heldword",
        "comments.*_bannedemail",
        "comments.*_bannednetwork",
    ],
}


def permissions_for(patterns: list[str]) -> list[Permission]:
    """The existing permissions matched by ``patterns``."""
    perms = Permission.objects.select_related("content_type")
    return [
        perm
        for perm in perms
        if any(
            fnmatchcase(f"{perm.content_type.app_label}.{perm.codename}", pattern)
            for pattern in patterns
        )
    ]


@transaction.atomic
def sync_roles() -> dict[str, Group]:
    """Create the role groups and set their permissions to exactly ROLE_PERMISSIONS."""
    groups = {}
    for name, patterns in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions_for(patterns))
        groups[name] = group
    return groups
