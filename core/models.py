"""The rows page versions live in; the rules that move them are core/pageversions.py."""

import secrets

from django.db import models

# Moved only by ``pageversions.bump`` and ``pageversions.advance`` (UPDATEs in SQL),
# never by an ordinary save, which would write back a version read earlier.
VERSION_FIELDS = ("render_version", "valid_until")


def first_render_version() -> int:
    """A random start, so that a new database (a fresh ``migrate``, a test run) never
    reuses the keys an earlier database left in a shared cache: same primary key and
    version 0 would otherwise find that database's stored pages and fragments."""
    return secrets.randbits(40)


class PageVersioned(models.Model):
    """A row that owns a public page: the page cache keys the page by its version."""

    render_version = models.BigIntegerField(
        default=first_render_version, editable=False
    )
    valid_until = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the page changes by itself (a scheduled piece, comments "
        "closing): it is rendered anew at that time.",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        """Never write the version fields back: the in-memory values may be stale."""
        if (
            not self._state.adding
            and self.pk is not None
            and kwargs.get("update_fields") is None
        ):
            if not kwargs.get("force_insert"):
                deferred = self.get_deferred_fields()
                kwargs["update_fields"] = [
                    f.name
                    for f in self._meta.concrete_fields
                    if not f.primary_key
                    and f.name not in VERSION_FIELDS
                    and f.attname not in deferred
                ]
        super().save(*args, **kwargs)


class PageList(PageVersioned):
    """The version of a family of list pages (home, archives, feeds, sitemaps)."""

    key = models.CharField(max_length=40, unique=True)

    def __str__(self):
        return self.key
