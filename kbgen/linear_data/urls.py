"""Links as a browser resolves them (WHATWG URL rules), and which ones a summary may keep.

``browser_url`` reads an ``http``/``https`` link the way the WHATWG URL parser does with no
base: leading and trailing C0 controls and spaces stripped, tabs and newlines removed
anywhere, any run of ``/`` and ``\\`` after the scheme skipped, credentials up to the last
``@``, the host percent-decoded and mapped by UTS #46 (case, fullwidth letters and dots,
IDNA), IPv4 in any of its numeric forms. ``public_href`` then keeps only a link written
plainly as ``http(s)://host/...`` whose host is not Linear's, re-serialised canonically.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

import idna

DEFAULT_PORTS = {"http": 80, "https": 443}
LINEAR_DOMAIN = "linear.app"
_C0_OR_SPACE = "".join(chr(code) for code in range(0x21))
_TAB_OR_NEWLINE = re.compile("[\t\n\r]")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_AUTHORITY_END = re.compile(r"[/\\?#]")
_FORBIDDEN_DOMAIN = re.compile("[\x00-\x20#%/:<>?@\\[\\\\\\]^|\x7f]")
_PLAIN = re.compile(r"(?i:https?)://[^/\\@\x00-\x20\x7f]+(?:[/?#][^\\\x00-\x1f\x7f]*)?")
_UNSAFE_IN_HREF = re.compile(r"[^A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]")


@dataclass(frozen=True, slots=True)
class BrowserUrl:
    """The parts of an http(s) URL that decide where a browser goes."""

    scheme: str  # 'http' or 'https'
    host: str  # ASCII domain, dotted IPv4 or bracketed IPv6, as the URL standard serialises
    port: int | None  # None: the scheme's default
    tail: str  # path, query and fragment as written (tabs and newlines removed)
    has_credentials: bool


def browser_url(url: str) -> BrowserUrl | None:
    """The http(s) URL a browser makes of ``url`` (None: another scheme, relative, or failure)."""
    text = _TAB_OR_NEWLINE.sub("", url.strip(_C0_OR_SPACE))
    scheme = _SCHEME.match(text)
    if scheme is None or scheme.group()[:-1].lower() not in DEFAULT_PORTS:
        return None
    name = scheme.group()[:-1].lower()
    rest = text[scheme.end() :].lstrip("/\\")
    end = _AUTHORITY_END.search(rest)
    authority, tail = (rest[: end.start()], rest[end.start() :]) if end else (rest, "")
    _credentials, at, host_and_port = authority.rpartition("@")
    split = _split_port(host_and_port, DEFAULT_PORTS[name])
    if split is None:
        return None
    host = parse_host(split[0])
    if host is None:
        return None
    return BrowserUrl(name, host, split[1], tail, bool(at))


def public_href(url: str) -> str | None:
    """``url`` re-serialised if it may be published, else None.

    Kept: written plainly as ``http(s)://host...`` (no stripped or removed characters, exactly
    two slashes, no credentials, no backslash) with a domain host (no IP address, no empty
    label) that is not Linear's. Everything else is dropped.
    """
    if _PLAIN.fullmatch(url) is None or url != url.strip(_C0_OR_SPACE):
        return None
    parsed = browser_url(url)
    if parsed is None or parsed.has_credentials or not is_plain_domain(parsed.host):
        return None
    if is_linear_host(parsed.host):
        return None
    port = f":{parsed.port}" if parsed.port is not None else ""
    tail = parsed.tail if parsed.tail.startswith("/") else "/" + parsed.tail
    return f"{parsed.scheme}://{parsed.host}{port}{_percent_encode(tail)}"


def is_linear_host(host: str) -> bool:
    """linear.app or any of its subdomains (uploads.linear.app, ...), trailing dots ignored."""
    name = host.rstrip(".")
    return name == LINEAR_DOMAIN or name.endswith("." + LINEAR_DOMAIN)


def is_plain_domain(host: str) -> bool:
    """A domain name of non-empty labels: not an IP address, no trailing or double dot."""
    if host.startswith("[") or _ends_in_number(host):
        return False
    return all(host.split("."))


def parse_host(text: str) -> str | None:
    """The URL standard's host parser for special schemes (None: failure)."""
    if text.startswith("["):
        return _parse_ipv6(text)
    domain = unquote_to_bytes(text).decode("utf-8", errors="replace")
    ascii_domain = _domain_to_ascii(domain)
    if ascii_domain is None or not ascii_domain or _FORBIDDEN_DOMAIN.search(ascii_domain):
        return None
    if _ends_in_number(ascii_domain):
        return _parse_ipv4(ascii_domain)
    return ascii_domain


def _split_port(text: str, default: int) -> tuple[str, int | None] | None:
    """Host and port (None: the default); the first ``:`` outside brackets starts the port."""
    closing = text.find("]") if text.startswith("[") else -1
    colon = text.find(":", closing + 1)
    if colon < 0:
        return text, None
    host, port = text[:colon], text[colon + 1 :]
    if port == "":
        return host, None
    if not port.isascii() or not port.isdigit() or int(port) > 65535:
        return None
    return host, None if int(port) == default else int(port)


def _domain_to_ascii(domain: str) -> str | None:
    """UTS #46 ToASCII, non-transitional, no STD3 rules, no DNS length check."""
    try:
        mapped = idna.uts46_remap(domain, std3_rules=False, transitional=False)
    except (idna.IDNAError, UnicodeError, ValueError):
        return None
    labels = []
    for label in mapped.split("."):
        if label.isascii():
            if label.lower().startswith("xn--") and not _valid_punycode(label[4:]):
                return None
            labels.append(label.lower())
        else:
            labels.append("xn--" + label.encode("punycode").decode("ascii"))
    return ".".join(labels)


def _valid_punycode(text: str) -> bool:
    """An ``xn--`` label must decode to a non-ASCII label UTS #46 would leave unchanged."""
    try:
        decoded = text.encode("ascii").decode("punycode")
        remapped = idna.uts46_remap(decoded, std3_rules=False, transitional=False)
    except (idna.IDNAError, UnicodeError, ValueError):
        return False
    return bool(decoded) and not decoded.isascii() and remapped == decoded


def _ends_in_number(host: str) -> bool:
    parts = host.split(".")
    if parts[-1] == "" and len(parts) > 1:
        parts.pop()
    last = parts[-1]
    if last and last.isascii() and last.isdigit():
        return True
    return _ipv4_number(last) is not None


def _ipv4_number(part: str) -> int | None:
    """One part of an IPv4 address: decimal, ``0x`` hexadecimal or ``0`` octal."""
    if part == "":
        return None
    base, digits = 10, part
    if part[:2].lower() == "0x":
        base, digits = 16, part[2:]
    elif len(part) > 1 and part.startswith("0"):
        base, digits = 8, part[1:]
    if digits == "":
        return 0
    allowed = {10: "0123456789", 16: "0123456789abcdefABCDEF", 8: "01234567"}[base]
    if any(char not in allowed for char in digits):
        return None
    return int(digits, base)


def _parse_ipv4(host: str) -> str | None:
    parts = host.split(".")
    if parts[-1] == "" and len(parts) > 1:
        parts.pop()
    numbers = [_ipv4_number(part) for part in parts]
    if len(parts) > 4 or any(number is None for number in numbers):
        return None
    values = [number for number in numbers if number is not None]
    if any(value > 255 for value in values[:-1]) or values[-1] >= 256 ** (5 - len(values)):
        return None
    address = sum(value * 256 ** (3 - index) for index, value in enumerate(values[:-1]))
    address += values[-1]
    return str(ipaddress.IPv4Address(address))


def _parse_ipv6(text: str) -> str | None:
    inner = text[1:-1] if text.endswith("]") else None
    if inner is None or "%" in inner or not inner:
        return None
    try:
        return f"[{ipaddress.IPv6Address(inner).compressed}]"
    except ValueError:
        return None


def _percent_encode(tail: str) -> str:
    """Escape what is not URL-safe (spaces, quotes, ``<>``, braces, non-ASCII) as UTF-8 ``%XX``."""
    return _UNSAFE_IN_HREF.sub(
        lambda match: "".join(f"%{byte:02X}" for byte in match.group().encode("utf-8")), tail
    )
