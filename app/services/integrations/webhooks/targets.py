"""Where webhooks may go: https in production, and never to loopback, private, link-local
or otherwise non-public addresses (checked on subscribing, and again after DNS resolution
before each delivery) unless WEBHOOKS_ALLOW_PRIVATE_TARGETS allows them."""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from app.errors import invalid_field
from app.settings import Settings

NAT64 = ipaddress.ip_network("64:ff9b::/96")  # IPv4 addresses spelled as IPv6 (RFC 6052)


def _non_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    for embedded in _embedded_ipv4(ip):
        if not embedded.is_global or embedded.is_multicast:
            return True
    return not ip.is_global or ip.is_multicast


def _embedded_ipv4(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> list:
    """The IPv4 addresses an IPv6 address stands for: mapped (::ffff:a.b.c.d), 6to4
    (2002::/16), Teredo's client, and the NAT64 prefix."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return []
    found = [ip.ipv4_mapped, ip.sixtofour, ip.teredo[1] if ip.teredo else None]
    if ip in NAT64:
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return [a for a in found if a is not None]


def _literal_ip(host: str) -> str | None:
    """The address a host names by itself, in any spelling a resolver accepts: dotted,
    shortened (127.1), hexadecimal (0x7f000001), one number (2130706433), or IPv6."""
    try:
        return str(ipaddress.ip_address(host.split("%", 1)[0]))
    except ValueError:
        pass
    if all(c in "0123456789abcdefxABCDEFX." for c in host):
        try:
            return socket.inet_ntoa(socket.inet_aton(host))
        except OSError:
            return None
    return None


def url_problem(url: str, settings: Settings) -> str | None:
    """Why this target URL is refused, without resolving its name; None when fine."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018  (raises on a bad port)
    except ValueError:
        return "is not a valid URL"
    if parts.scheme not in ("https", "http") or not host:
        return "must be an absolute http(s) URL"
    if settings.environment == "production" and parts.scheme != "https":
        return "must use https"
    if settings.webhooks_allow_private_targets:
        return None
    host = host.rstrip(".")  # "localhost." is localhost
    if host == "localhost" or host.endswith(".localhost"):
        return "must not point to localhost"
    literal = _literal_ip(host)
    if literal is not None and _non_public(literal):
        return "must not point to a loopback, private or link-local address"
    return None


def check_target_url(url: str, settings: Settings) -> None:
    """422 naming target_url when it is refused."""
    problem = url_problem(url, settings)
    if problem:
        raise invalid_field("target_url", f"The webhook target URL {problem}.")


@dataclass(frozen=True)
class Pinned:
    """The checked address to connect to, and the name for the Host header and TLS."""

    url: str
    host_header: str
    hostname: str


def delivery_problem(url: str, settings: Settings) -> tuple[str | None, Pinned | None]:
    """Why not to post to this URL now (the URL check, then every address its name resolves
    to must be public: a name may have been pointed at an inside address since), and the
    checked address to post to, so that no second lookup can answer differently."""
    problem = url_problem(url, settings)
    if problem or settings.webhooks_allow_private_targets:
        return (problem and f"target URL {problem}"), None
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        return f"cannot resolve {parts.hostname}: {exc}", None
    if not infos or any(_non_public(info[4][0]) for info in infos):
        return f"{parts.hostname} resolves to a loopback, private or link-local address", None
    address = infos[0][4][0]
    netloc = f"[{address}]:{port}" if ":" in address else f"{address}:{port}"
    return None, Pinned(urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, "")),
                        parts.netloc.rsplit("@", 1)[-1], parts.hostname)
