"""Staff see followers read-only, with the view permission only."""

from django.contrib.auth.models import Permission

from follows.models import Follow
from tests.factories import UserFactory

LIST = "/admin/follows/follow/"


def _staff(*perms):
    user = UserFactory(is_staff=True)
    granted = Permission.objects.filter(
        content_type__app_label="follows", codename__in=perms
    )
    user.user_permissions.add(*granted)
    return user


def test_staff_with_the_view_permission_see_followers_and_counts(client, show):
    follow = Follow.objects.create(email="reader@example.com", show=show)
    follow.confirmed_at = follow.requested_at
    follow.save()
    client.force_login(_staff("view_follow"))

    page = client.get(LIST)

    assert page.status_code == 200
    html = page.content.decode()
    assert "reader@example.com" in html
    assert "Confirmed followers per show" in html
    change = client.get(f"{LIST}{follow.pk}/change/")
    assert change.status_code == 200
    assert 'name="email"' not in change.content.decode()  # read-only
    assert client.get(f"{LIST}add/").status_code == 403
    assert client.post(f"{LIST}{follow.pk}/delete/").status_code == 403


def test_staff_without_it_see_nothing(client, show):
    Follow.objects.create(email="reader@example.com", show=show)
    client.force_login(_staff())
    assert client.get(LIST).status_code == 403
