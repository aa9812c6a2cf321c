"""Helpers for the tests of pages served from stored shells (core/pageshell.py)."""

from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest

from core.fragments import FragmentStore


def get(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def whole(client, url, settings) -> str:
    """The page rendered with no fragment read or stored: the reference."""
    settings.FRAGMENTS_ENABLED = False
    try:
        return get(client, url)
    finally:
        settings.FRAGMENTS_ENABLED = True


def give_message(client, text: str = "Thanks: your comment awaits moderation.") -> None:
    """A notice waiting for this reader, as ``messages.success`` leaves one."""
    storage = CookieStorage(HttpRequest())
    client.cookies["messages"] = storage._encode([Message(constants.SUCCESS, text)])


class Stored:
    """Records the shells stored (``FragmentStore.put``) and template renders."""

    def __init__(self, monkeypatch):
        self.shells: list[str] = []
        self.renders = 0
        put = FragmentStore.put

        def counted(store, key, value, valid_until=None):
            self.shells.append(key)
            return put(store, key, value, valid_until)

        monkeypatch.setattr(FragmentStore, "put", counted)
        from django.template.base import Template

        render = Template.render

        def counted_render(template, context):
            self.renders += 1
            return render(template, context)

        monkeypatch.setattr(Template, "render", counted_render)
