"""The reader's address, from the right place when proxies stand in front.

Each proxy appends the address it saw to ``X-Forwarded-For`` (``CLIENT_IP_HEADER``),
so only the entries our own proxies added can be believed; a client can write
anything to the left of them. ``TRUSTED_PROXY_COUNT`` says how many proxies stand in
front (the address is the entry that many places from the right);
``TRUSTED_PROXY_NETWORKS`` names the networks they are in (the address is the
right-most entry outside them). Neither: ``REMOTE_ADDR``. A value that is not an
address is ignored and logged, never stored. The README's "Behind a proxy" section
says which to set.
"""

import ipaddress
import logging
import re
from functools import lru_cache

from django.conf import settings

logger = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# "[2001:db8::1]:443" and "203.0.113.7:5678": some proxies append the port.
_BRACKETED = re.compile(r"^\[([^\]]+)\](?::\d{1,5})?$")
_V4_WITH_PORT = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$")


def parse_address(value: str) -> IPAddress | None:
    """An IP address from a header entry, or None if it is not one."""
    value = value.strip()
    match = _BRACKETED.match(value) or _V4_WITH_PORT.match(value)
    if match:
        value = match.group(1)
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if address.version == 6:
        if address.scope_id:
            return None  # a link-local zone means nothing beyond the proxy's host
        if address.ipv4_mapped:
            return address.ipv4_mapped
    return address


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(net.strip(), strict=False) for net in spec)


def _trusted(address: IPAddress, networks) -> bool:
    return any(address in network for network in networks)


def client_ip(request) -> str | None:
    """The reader's address as text, or None if it cannot be known."""
    remote = parse_address(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return None
    count = settings.TRUSTED_PROXY_COUNT
    networks = _networks(tuple(settings.TRUSTED_PROXY_NETWORKS))
    if count <= 0 and not (networks and _trusted(remote, networks)):
        return str(remote)
    header = request.META.get(settings.CLIENT_IP_HEADER, "")
    entries = [entry for entry in header.split(",") if entry.strip()]
    if count > 0:
        if len(entries) < count:
            return str(remote)  # did not come through every proxy
        candidates = [entries[-count]]
    else:
        candidates = list(reversed(entries))
    for entry in candidates:
        address = parse_address(entry)
        if address is None:
            logger.warning(
                "Ignored %s entry %r: not an IP address; using the proxy's address.",
                settings.CLIENT_IP_HEADER,
                entry[:60],
            )
            return str(remote)
        if count > 0 or not _trusted(address, networks):
            return str(address)
        remote = address  # one more of our proxies: look further left
    return str(remote)
