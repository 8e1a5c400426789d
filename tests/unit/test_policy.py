"""UrlPolicy: Chrome filter format, kiosk tightenings, browser-accurate URL parsing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk import UrlPolicy
from kiosk.core.policy import RuleError, parse_rule
from kiosk.core.urls import loggable_url

DEMO = UrlPolicy(
    allow=["powiat.lublin.pl", ".login.gov.pl", "https://epuap.gov.pl/wps", "127.0.0.1:8080", "example.org/a@x=1&y*"],
    block=["bip.powiat.lublin.pl", ".login.gov.pl/bank"],
)


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://powiat.lublin.pl/", True),
        ("http://powiat.lublin.pl/aktualnosci?id=3", True),
        ("https://www.powiat.lublin.pl/x", True),  # subdomains included
        ("https://bip.powiat.lublin.pl/", False),  # more specific block
        ("https://a.bip.powiat.lublin.pl/", False),
        ("https://login.gov.pl/", True),  # exact host rule
        ("https://evil.login.gov.pl/", False),  # ... does not include subdomains
        ("https://login.gov.pl/bank/pko", False),  # longer path beats the same host without path
        ("https://epuap.gov.pl/wps/portal", True),
        ("https://epuap.gov.pl/", False),  # path prefix not matched
        ("http://epuap.gov.pl/wps/portal", False),  # scheme given in rule
        ("http://127.0.0.1:8080/", True),
        ("http://127.0.0.1:8081/", False),
        ("https://example.org/a?x=1&yes=1", True),
        ("https://example.org/a?yes=1&x=1", True),  # token order ignored
        ("https://example.org/a?x=1", False),  # all tokens required
        ("https://example.org/a?x=2&y=1", False),
        ("https://unlisted.example/", False),  # default deny
    ],
)
def test_demo_table(url: str, allowed: bool) -> None:
    assert DEMO.allows(url) is allowed, DEMO.verdict(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://EVIL.example\\@powiat.lublin.pl/",  # Chromium loads EVIL (SECURITY.md #8)
        "https://powiat.lublin.pl.evil.example/",  # lookalike suffix
        "https://powiat-lublin.pl/",
        "https://xpowiat.lublin.pl.evil/",
        "https://powiat.lublin.pl@evil.example/",  # userinfo
        "https://powiat.lublin.pl:x@evil.example/",
        "https://evil.example/powiat.lublin.pl",
        "https://evil.example/?u=https://powiat.lublin.pl/",
        "https://evil.example#powiat.lublin.pl",
        "https://pow\u0456at.lublin.pl/",  # Cyrillic i homograph → punycode, not the allowed host
        "https://127.0.0.2:8080/",
        "http://2130706434:8080/",  # 127.0.0.2 as a number
        "javascript:location='https://powiat.lublin.pl/'",
        "data:text/html,<a href=https://powiat.lublin.pl>",
        "file:///etc/passwd",
        "file://powiat.lublin.pl/etc/passwd",
        "view-source:https://powiat.lublin.pl/",
        "chrome://gpu",
        "devtools://devtools/bundled/inspector.html",
        "qrc:/index.html",
        "ftp://powiat.lublin.pl/",
        "blob:https://powiat.lublin.pl/uuid",
        "about:blank",
        "mailto:a@powiat.lublin.pl",
        "ws://powiat.lublin.pl/",
        "//powiat.lublin.pl/",
        "powiat.lublin.pl",
        "",
        "https://",
        "https://powiat.lublin.pl:99999/",
    ],
)
def test_bypasses_are_denied(url: str) -> None:
    assert not DEMO.allows(url), DEMO.verdict(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://POWIAT.Lublin.PL/",
        "https://powiat.lublin.pl./",  # trailing dot is the same host
        "https://powiat%2elublin.pl/",  # percent-encoded host decodes to the same host
        " https://powiat.lublin.pl/ ",
        "https://powi\tat.lublin.pl/",  # tabs and newlines are removed by the browser
        "https://user:pw@powiat.lublin.pl/",  # user:pass ignored
        "http://0x7f.0.0.1:8080/",  # IPv4 number forms
        "http://2130706433:8080/",
        "http://0177.0.0.1:8080/",
    ],
)
def test_equivalent_forms_are_judged_like_the_browser(url: str) -> None:
    assert DEMO.allows(url), DEMO.verdict(url)


def test_allow_beats_block_on_tie() -> None:
    policy = UrlPolicy(allow=["example.org/x"], block=["example.org/x"])
    assert policy.allows("https://example.org/x/1")


def test_exact_host_rule_beats_subdomain_rule_for_same_host() -> None:
    # Chrome: a '.host' filter takes precedence over 'host' filters, whatever their path.
    policy = UrlPolicy(allow=[".login.gov.pl"], block=["login.gov.pl/bank"])
    assert policy.allows("https://login.gov.pl/bank/pko")
    assert not policy.allows("https://x.login.gov.pl/bank/pko")


def test_wildcard_host_is_least_specific() -> None:
    policy = UrlPolicy(allow=["*"], block=["evil.example"])
    assert policy.allows("https://anything.example/")
    assert not policy.allows("https://evil.example/")
    assert not UrlPolicy(allow=["example.org"], block=["*"]).allows("https://other.example/")
    assert UrlPolicy(allow=["example.org"], block=["*"]).allows("https://example.org/")


def test_wildcard_never_allows_non_web_schemes() -> None:
    policy = UrlPolicy(allow=["*"])
    for url in ("file:///etc/passwd", "javascript:1", "chrome://kill", "data:,x", "about:blank"):
        assert not policy.allows(url)


def test_idn_rule_matches_punycode_and_unicode() -> None:
    policy = UrlPolicy(allow=["łęczna.pl"])
    assert policy.allows("https://xn--czna-4va9v.pl/")
    assert policy.allows("https://łęczna.pl/")
    assert policy.allows("https://ŁĘCZNA.pl/")


def test_extended_policy_adds_service_rules_without_touching_global() -> None:
    base = UrlPolicy(["powiat.lublin.pl"])
    with_service = base.extended(allow=["epuap.gov.pl"])
    assert with_service.allows("https://epuap.gov.pl/")
    assert not base.allows("https://epuap.gov.pl/")


def test_ip_rules_do_not_match_subdomains() -> None:
    policy = UrlPolicy(["127.0.0.1"])
    assert policy.allows("http://127.0.0.1/")
    assert not policy.allows("http://1.127.0.0.1/")


@pytest.mark.parametrize(
    ("rule", "fragment"),
    [
        ("*.gov.pl", "write 'gov.pl' (includes its subdomains) or '.gov.pl'"),
        ("gov.*", "wildcards inside a host are not supported"),
        ("file:///etc", "scheme 'file' can never be allowed"),
        ("javascript:alert(1)", "scheme 'javascript' can never be allowed"),
        ("chrome://settings", "scheme 'chrome' can never be allowed"),
        ("example.org:0", "port '0' is not a number from 1 to 65535"),
        ("example.org:65536", "port '65536'"),
        ("example.org:http", "port 'http'"),
        ("", "empty rule"),
        ("exa mple.org", "cannot contain spaces"),
        (".*", "'.*' is not a host"),
        ("exa$mple.org", "not a valid host name"),
    ],
)
def test_bad_rules_say_how_to_fix_them(rule: str, fragment: str) -> None:
    with pytest.raises(RuleError) as info:
        parse_rule(rule)
    assert fragment in str(info.value)
    assert repr(rule) in str(info.value)
    with pytest.raises(ValueError):  # the contract: a bad rule raises ValueError
        UrlPolicy([rule])


def test_rule_normalisation() -> None:
    rule = parse_rule("HTTPS://User:Pw@Example.ORG./path#frag")
    assert (rule.scheme, rule.host, rule.path) == ("https", "example.org", "/path")
    assert parse_rule("example.org/").path == ""
    assert parse_rule("[::1]:8080").host == "[::1]"


def test_loggable_url_drops_query_and_credentials() -> None:
    assert loggable_url("https://u:secret@epuap.gov.pl/login?pesel=90010112345#x") == "https://epuap.gov.pl/login"
    assert "alert" not in loggable_url("javascript:alert(document.cookie)")


# --- properties -------------------------------------------------------------------------

labels = st.from_regex(r"\A[a-z][a-z0-9]{0,9}\Z")
hosts = st.lists(labels, min_size=2, max_size=4).map(".".join)
paths = st.lists(labels, max_size=3).map(lambda parts: "/" + "/".join(parts))


@given(host=hosts, path=paths)
def test_host_rule_allows_its_host_and_subdomains_only(host: str, path: str) -> None:
    policy = UrlPolicy([host])
    assert policy.allows(f"https://{host}{path}")
    assert policy.allows(f"https://sub.{host}{path}")
    assert not policy.allows(f"https://{host}.evil{path}")
    assert not policy.allows(f"https://x{host}{path}")


@given(host=hosts, other=hosts, path=paths)
def test_userinfo_and_backslash_tricks_never_reach_the_allowed_host(host: str, other: str, path: str) -> None:
    policy = UrlPolicy([host])
    if other == host or other.endswith("." + host):
        return
    assert not policy.allows(f"https://{host}@{other}{path}")
    assert not policy.allows(f"https://{other}\\@{host}{path}")
    assert not policy.allows(f"https://{other}\\.{host}{path}")


@given(url=st.text(max_size=200))
def test_default_deny_for_arbitrary_text(url: str) -> None:
    policy = UrlPolicy(["example.org"])
    verdict = policy.verdict(url)
    if verdict.allowed:
        assert verdict.rule is not None and verdict.rule.host == "example.org"


@given(
    scheme=st.sampled_from(["file", "data", "javascript", "chrome", "about", "ftp", "blob", "view-source"]),
    rest=st.text(max_size=40),
)
def test_non_web_schemes_are_never_allowed(scheme: str, rest: str) -> None:
    assert not UrlPolicy(["*"]).allows(f"{scheme}:{rest}")


@given(host=hosts, path=paths, block_path=paths)
def test_most_specific_path_wins(host: str, path: str, block_path: str) -> None:
    policy = UrlPolicy(allow=[host], block=[f"{host}{block_path}"])
    url = f"https://{host}{block_path}{path}"
    expected_allowed = block_path == "/"  # "/" path means the whole host: tie → allow
    assert policy.allows(url) is expected_allowed


@pytest.mark.parametrize(
    ("current", "target", "bank"),
    [
        ("https://login.gov.pl/login", "https://www.ipko.pl/auth", True),
        ("https://login.gov.pl/login?x=1", "https://login.ing.pl/", True),
        ("https://sub.login.gov.pl/", "https://bank.example/", True),
        ("https://login.gov.pl/", "https://pz.gov.pl/", False),  # still government
        ("https://epuap.gov.pl/", "https://www.ipko.pl/", False),  # not from the login node
        ("https://notlogin.gov.pl.evil.example/", "https://www.ipko.pl/", False),
        ("", "https://www.ipko.pl/", False),
        ("https://login.gov.pl/", "javascript:alert(1)", True),
    ],
)
def test_leaving_the_login_node_for_a_bank(current: str, target: str, bank: bool) -> None:
    from kiosk.web.navigation import leaves_login_node

    assert leaves_login_node(current, target) is bank


@pytest.mark.parametrize(
    ("url", "app"),
    [
        ("mobywatel://login?session=abc", True),
        ("intent://scan/#Intent;scheme=zxing;end", True),
        ("mailto:a@b.pl", True),
        ("tel:+48810000000", True),
        ("ms-settings:network", True),
        ("https://login.gov.pl/", False),
        ("http://epuap.gov.pl/", False),
        ("javascript:alert(1)", False),
        ("data:text/html,x", False),
        ("file:///etc/passwd", False),
        ("chrome://gpu", False),
        ("about:blank", False),
        ("not a url", False),
        ("", False),
    ],
)
def test_a_hand_off_to_an_application_is_told_from_a_page(url: str, app: bool) -> None:
    from kiosk.web.navigation import hands_off_to_app

    assert hands_off_to_app(url) is app
