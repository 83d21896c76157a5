"""Links as a browser resolves them, and the rule every summary link goes through.

``browser_url`` is cross-checked against examples from the WHATWG URL standard (its URL and
host parser example tables) and the web-platform-tests ``url/resources/urltestdata.json``
cases for special schemes; ``public_href`` is checked on the reported bypasses and on
Hypothesis-generated URL strings.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kbgen.linear_data.sanitize import clean_html
from kbgen.linear_data.urls import browser_url, is_linear_host, parse_host, public_href

# input -> the host a browser resolves (None: the URL parser fails), no base URL.
WHATWG_HOSTS = {
    "http://example\t.\norg": "example.org",
    "http://user:pass@foo:21/bar;par?b#c": "foo",
    "https://test:@test": "test",
    "https://:@test": "test",
    "http://f:21/ b ? d # e ": "f",
    "http://f:/c": "f",
    "http://f:0/c": "f",
    "http://f:00000000000000000000080/c": "f",
    "http://f:\n/c": "f",
    "http://f:b/c": None,
    "http://f: /c": None,
    "http://f:fifty-two/c": None,
    "http://f:999999/c": None,
    "http://f: 21 / b ? d # e ": None,
    "http://a:b@c:29/d": "c",
    "http://&a:foo(b]c@d:2/": "d",
    "http://::@c@d:2": "d",
    "http://foo.com:b@d/": "d",
    "http://foo.com/\\@": "foo.com",
    "http:\\\\www.google.com\\foo": "www.google.com",
    "http://www/foo%2Ehtml": "www",
    "http://ExAmPlE.CoM": "example.com",
    "http://example example.com": None,
    "http://[]": None,
    "http://[:]": None,
    "http://[google.com]": None,
    "http://[1:0::]": "[1::]",
    "http://GOO\u200b\u2060\ufeffgoo.com": "googoo.com",
    "http://GOO\u00a0\u3000goo.com": None,
    "http://www.foo\u3002bar.com": "www.foo.bar.com",
    "http://\ufdd0zyx.com": None,
    "http://%ef%b7%90zyx.com": None,
    "http://\uff27\uff4f.com": "go.com",
    "http://\uff05\uff14\uff11.com": None,
    "http://%ef%bc%85%ef%bc%94%ef%bc%91.com": None,
    "http://%zz%66%a.com": None,
    "http://%25": None,
    "http://hello%00": None,
    "http://%41.com": "a.com",
    "http://\u4f60\u597d\u4f60\u597d": "xn--6qqa088eba",
    "https://fa\u00df.ExAmPlE/": "xn--fa-hia.example",
    "http://a.b.c.xn--pokxncvks": None,
    "\u0000\u001b\u0004\u0012 http://example.com/\u001f \u000d ": "example.com",
    "http://192.168.0.257": None,
    "http://0Xc0.0250.01": "192.168.0.1",
    "http://\uff10\uff38\uff43\uff10\uff0e\uff10\uff12\uff15\uff10\uff0e\uff10\uff11": (
        "192.168.0.1"
    ),
    "http://192.168.0.1 hello": None,
    "https://x x:12": None,
    "http://4294967295": "255.255.255.255",
    "http://4294967296": None,
    "http://0xffffffff": "255.255.255.255",
    "http://0xffffffff1": None,
    "http://256.256.256.256": None,
    "http://1.2.3.4.5": None,
    "http://0..0x300/": None,
    "http://foo.09": None,
    "http://foo.0x4": None,
    "http://1.2.3.08": None,
    "http://0x100.2.3.4": None,
    "http://0x.0x.0": "0.0.0.0",
    # the URL standard's own URL-parser examples
    "https:example.org": "example.org",
    "https://////example.com///": "example.com",
    "https://EXAMPLE.com/../x": "example.com",
    "https://ex ample.org/": None,
    "https://example.com:demo": None,
    "http://[www.example.com]/": None,
}

# the URL standard's host-parser examples: input -> serialised host (None: failure)
WHATWG_HOST_PARSER = {
    "EXAMPLE.COM": "example.com",
    "example%2Ecom": "example.com",
    "fa\u00df.example": "xn--fa-hia.example",
    "0": "0.0.0.0",
    "%30": "0.0.0.0",
    "0x": "0.0.0.0",
    "0xffffffff1": None,
    "[0:0::1]": "[::1]",
    "[0:0::1%5D": None,
    "[0:0::%31]": None,
    "09": None,
    "example.255": None,
    "example^example": None,
}

# The reported bypasses and their relatives: a browser opens each at a Linear host.
INTO_LINEAR = [
    "https://linear.app/tallyflow/issue/ENG-1",
    "https:///linear.app/x",
    "HTTPS:///LINEAR.APP/x",
    "https:////uploads.linear.app/a.png",
    "http:linear.app/x",
    "https:linear.app/x",
    "http:/linear.app/x",
    "https:\\\\linear.app\\x",
    "https:/\\/linear.app",
    "https://\\linear.app",
    "ht\ttps://linear.app/x",
    "https://lin\near.app/x",
    "https://linear.a\r\npp/x",
    " https://linear.app/x",
    "\x01https://linear.app/x",
    "https://linear%2Eapp/x",
    "https://%6c%69%6e%65%61%72.app/x",
    "https://linear%E3%80%82app/x",
    "https://linear\u3002app/x",
    "https://linear\uff0eapp/x",
    "https://\uff4c\uff49\uff4e\uff45\uff41\uff52.\uff41\uff50\uff50/x",
    "https://\uff2c\uff29\uff2e\uff25\uff21\uff32.app/x",
    "https://LI\u00adNEAR.app/x",
    "https://lin\u200bear.app/x",
    "https://linear.app./x",
    "https://uploads.linear.app../a.png",
    "https://x@linear.app/x",
    "https://linear.app@linear.app/x",
    "https://example.com@linear.app/x",
    "https://user:pw@uploads.linear.app:443/x",
    "https://linear.app:443/x",
    "http://linear.app:80/x",
    "https://LINEAR.APP",
    "https://linear.app?x",
    "https://linear.app#x",
    # issue 17 round 2: circled letters (IDNA maps them), a trailing ideographic or full-width
    # full stop, a zero-padded port, a tab or soft hyphen inside the host, mixed case with
    # backslashes, a partly percent-encoded host
    "https://\u24db\u24d8\u24dd\u24d4\u24d0\u24e1.app/x",
    "https://linear.app\u3002/x",
    "https://linear.app\uff0e/x",
    "https://linear.app:0443/x",
    "https://lin\tear.app/x",
    "https://linear.app\u00ad/x",
    "HtTpS:\\\\LiNeAr.ApP",
    "https://%6c%69near.app/x",
]
DROPPED_OTHERS = [
    "https://\uff05\uff16\uff23inear.app/x",  # the standard fails; Chromium opens linear.app
    "https://\uff05\uff16\uff23\uff05\uff16\uff19near.app/x",
    "//linear.app/x",
    "//example.com/x",
    "/relative",
    "relative/path",
    "#fragment",
    "?query",
    "mailto:help@tallyflow.example",
    "javascript:alert(1)",
    "data:text/html,x",
    "ftp://example.com/",
    "https:example.com/x",
    "https:///example.com/x",
    "https://user@example.com/",
    "https://example.com\\x",
    "https://127.0.0.1/",
    "https://[::1]/",
    "https://example.com./",
    "https://exa%23mple.org/",
    "https://example.com:99999/",
    "https:",
    "https://",
]
KEPT = {
    "https://tallyflow.example/": "https://tallyflow.example/",
    "https://notlinear.app/": "https://notlinear.app/",
    "https://linear.app.example/x": "https://linear.app.example/x",
    "https://linearapp.com/": "https://linearapp.com/",
    "HTTPS://Example.COM/Path?q=1#F": "https://example.com/Path?q=1#F",
    "http://example.com": "http://example.com/",
    "https://example.com:8443/a": "https://example.com:8443/a",
    "https://example.com/a b{c}": "https://example.com/a%20b%7Bc%7D",
    "https://fa\u00df.example/": "https://xn--fa-hia.example/",
    "https://example.com/x@y": "https://example.com/x@y",
}


@pytest.mark.parametrize("url", WHATWG_HOSTS)
def test_browser_host_matches_the_url_standard(url: str) -> None:
    """The host our parser finds is the one the WHATWG parser (and so a browser) finds."""
    parsed = browser_url(url)
    assert (parsed.host if parsed else None) == WHATWG_HOSTS[url]


@pytest.mark.parametrize("host", WHATWG_HOST_PARSER)
def test_host_parser_matches_the_url_standard(host: str) -> None:
    """The URL standard's host-parser examples, domain, IPv4 and IPv6 alike."""
    assert parse_host(host) == WHATWG_HOST_PARSER[host]


@pytest.mark.parametrize("url", INTO_LINEAR)
def test_links_into_linear_resolve_to_linear(url: str) -> None:
    """Each reported form really is a link into Linear (so dropping it is the point)."""
    parsed = browser_url(url)
    assert parsed is not None and is_linear_host(parsed.host)


@pytest.mark.parametrize("url", INTO_LINEAR + DROPPED_OTHERS)
def test_only_plain_http_links_to_other_hosts_are_kept(url: str) -> None:
    """Linear in any spelling, other schemes, relative and unusual forms lose their href."""
    assert public_href(url) is None
    assert "href" not in clean_html(f'<p><a href="{html.escape(url)}">x</a></p>')


@pytest.mark.parametrize("url", KEPT)
def test_plain_links_are_kept_in_canonical_form(url: str) -> None:
    """A plain http(s) link elsewhere stays, written as a browser serialises it."""
    assert public_href(url) == KEPT[url]
    assert f'href="{KEPT[url]}"' in clean_html(f'<p><a href="{html.escape(url)}">x</a></p>')


# -- property: every href that survives is plain, elsewhere, and reads the same to Python --

_SCHEMES = st.sampled_from(["http", "https", "HTTPS", "hTtP", "ftp", "javascript", "mailto", ""])
_SLASHES = st.text(alphabet="/\\", max_size=4)
_HOSTS = st.sampled_from(
    [
        "linear.app",
        "LINEAR.APP",
        "uploads.linear.app",
        "linear.app.",
        "linear%2Eapp",
        "%6Cinear.app",
        "\uff4c\uff49\uff4e\uff45\uff41\uff52.app",
        "linear\u3002app",
        "lin\u200bear.app",
        "xn--linear-.app",
        "example.com",
        "tallyflow.example",
        "notlinear.app",
        "linear.app.example",
        "127.0.0.1",
        "[::1]",
        "fa\u00df.example",
    ]
)
_NOISE = st.sampled_from(["", "\t", "\n", "\r", " ", "\x00", "\u3000", "@", ":443", "%2e", "."])


@st.composite
def _urls(draw: st.DrawFn) -> str:
    """URL-like strings mixing scheme case, slashes, backslashes, whitespace and hosts."""
    scheme = draw(_SCHEMES)
    cut = draw(st.integers(0, len(scheme)))
    scheme = scheme[:cut] + draw(_NOISE) + scheme[cut:]
    userinfo = draw(st.sampled_from(["", "x@", "linear.app@", "a:b@"]))
    host = draw(st.one_of(_HOSTS, st.text(max_size=12)))
    cut = draw(st.integers(0, len(host)))
    host = host[:cut] + draw(_NOISE) + host[cut:]
    port = draw(st.sampled_from(["", ":443", ":80", ":8080", ":x"]))
    tail = draw(st.text(max_size=10))
    return f"{draw(_NOISE)}{scheme}:{draw(_SLASHES)}{userinfo}{host}{port}/{tail}"


def _check_kept(original: str, kept: str) -> None:
    python = urlsplit(kept)
    ours = browser_url(kept)
    assert python.scheme in ("http", "https") and python.hostname and ours is not None
    assert re.fullmatch(r"https?://[^/\\@\s]+(/\S*)?", kept), kept
    assert ours.host == python.hostname and not is_linear_host(python.hostname)
    assert browser_url(original) is not None
    assert browser_url(original).host == ours.host  # type: ignore[union-attr]
    assert public_href(kept) == kept


@settings(max_examples=600, deadline=None)
@given(_urls())
def test_surviving_hrefs_are_plain_and_not_linear(url: str) -> None:
    """Any kept href: http(s), a non-Linear host that Python's urlsplit reads the same way,
    the host the original resolves to, and stable when judged again."""
    kept = public_href(url)
    if kept is not None:
        _check_kept(url, kept)


@settings(max_examples=300, deadline=None)
@given(_urls())
def test_sanitised_links_are_plain_and_not_linear(url: str) -> None:
    """The same holds for whatever href survives nh3 and the filter in a summary."""
    cleaned = clean_html(f'<p><a href="{html.escape(url, quote=True)}">x</a></p>')
    for href in re.findall(r'href="([^"]*)"', cleaned):
        _check_kept(url, html.unescape(href))
