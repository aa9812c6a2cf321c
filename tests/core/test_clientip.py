"""The reader's address behind proxies: only what our proxies wrote is believed, and
a value that is not an address is ignored, never stored or crashed on."""

import pytest
from django.test import RequestFactory

from core.clientip import client_ip, parse_address


def _request(remote="10.0.0.2", forwarded=None, **meta):
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", REMOTE_ADDR=remote, **meta)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request(forwarded="198.51.100.1")) == "10.0.0.2"


def test_one_trusted_proxy_gives_the_address_it_appended(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client wrote "1.1.1.1" itself to dodge the limit; our proxy appended the rest.
    request = _request(forwarded="1.1.1.1, 203.0.113.7")
    assert client_ip(request) == "203.0.113.7"


def test_two_trusted_proxies_skip_the_inner_one(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = _request(forwarded="1.1.1.1, 203.0.113.7, 10.0.0.5")
    assert client_ip(request) == "203.0.113.7"


def test_fewer_entries_than_proxies_falls_back_to_the_peer(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(_request(forwarded="203.0.113.7")) == "10.0.0.2"


def test_trusted_networks_give_the_right_most_address_outside_them(settings):
    settings.TRUSTED_PROXY_NETWORKS = ["10.0.0.0/8", "192.168.0.0/16"]
    request = _request(forwarded="1.1.1.1, 203.0.113.7, 192.168.1.4")
    assert client_ip(request) == "203.0.113.7"


def test_trusted_networks_ignore_the_header_from_an_untrusted_peer(settings):
    settings.TRUSTED_PROXY_NETWORKS = ["10.0.0.0/8"]
    request = _request(remote="198.51.100.9", forwarded="203.0.113.7")
    assert client_ip(request) == "198.51.100.9"


def test_a_named_header_set_by_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    assert client_ip(_request(HTTP_X_REAL_IP="2001:db8::7")) == "2001:db8::7"


@pytest.mark.parametrize(
    "value", ["not-an-ip", "999.1.1.1", "unknown", "1.2.3.4/24", "fe80::1%eth0", " "]
)
def test_a_value_that_is_not_an_address_is_ignored_and_logged(settings, value, caplog):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    assert client_ip(_request(HTTP_X_REAL_IP=value)) == "10.0.0.2"
    if value.strip():
        assert "not an IP address" in caplog.text


@pytest.mark.parametrize(
    ("value", "address"),
    [
        ("1.2.3.4:5678", "1.2.3.4"),
        ("[::1]", "::1"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        (" 203.0.113.7 ", "203.0.113.7"),
    ],
)
def test_addresses_with_ports_or_brackets_are_read(value, address):
    assert str(parse_address(value)) == address


def test_an_unusable_remote_addr_gives_none():
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="")) is None
