"""Who is asking: the client's address, and the network that counts as one device.

Behind a reverse proxy the connection comes from the proxy, and the client's address is in
X-Forwarded-For, which nginx's `$proxy_add_x_forwarded_for` extends with the address it saw.
Anyone can send that header, so it is read only when the connection comes from a trusted proxy
(`MATPUNKT_TRUSTED_PROXIES`, addresses or networks), and then from the right: each hop that is a
trusted proxy hands over to the address it forwarded, and the first address that is not a trusted
proxy is the client. A client that sends its own X-Forwarded-For straight to gunicorn, or through
the proxy, changes nothing: without a proxy the header is ignored, and through one its entries lie
to the left of the address the proxy appended.
"""

import ipaddress

from django.conf import settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# An IPv6 customer gets a /56 or a /48 (RIPE-690), a phone a /64 of its own: counting single
# IPv6 addresses would give one household 2^72 "devices". A /56 is counted as one device, as a
# home router's single IPv4 address is.
IPV6_DEVICE_PREFIX = 56
# Longest X-Forwarded-For entry looked at (a full IPv6 address with a zone is far shorter).
_MAX_ENTRY = 64


def _address(raw: str) -> IPAddress | None:
    try:
        address = ipaddress.ip_address(raw.strip()[:_MAX_ENTRY])
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(address: IPAddress | None) -> bool:
    return address is not None and any(
        address in network for network in settings.MATPUNKT_TRUSTED_PROXIES
    )


def client_address(request) -> str:
    """The client's address: the connection's, or the one the trusted proxies forwarded."""
    remote = request.META.get("REMOTE_ADDR", "")
    current = _address(remote)
    if not _trusted(current):
        return str(current) if current is not None else remote[:_MAX_ENTRY]
    hops = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for raw in reversed([hop for hop in hops if hop]):
        forwarded = _address(raw)
        if forwarded is None:
            # Not an address: whatever a trusted proxy passed on here came from the client.
            return raw[:_MAX_ENTRY]
        current = forwarded
        if not _trusted(current):
            break
    return str(current)


def client_device(request) -> str:
    """The client's address as the network counted as one device: an IPv4 address, an IPv6
    /56 (see IPV6_DEVICE_PREFIX), or the raw value when it is not an address."""
    address = client_address(request)
    parsed = _address(address)
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network(f"{parsed}/{IPV6_DEVICE_PREFIX}", strict=False))
    return address
