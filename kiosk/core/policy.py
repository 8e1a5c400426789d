"""URL policy: Chrome's URLBlocklist/URLAllowlist filter format, default deny.

Pure Python, no Qt. Rules are written as ``[scheme://][.]host[:port][/path][@query]``
(see https://chromium.org/administrators/url-blocklist-filter-format). URLs are parsed
with a WHATWG parser (ada) so that the host we judge is the host the browser will
connect to: backslashes, tabs/newlines, percent-encoded hosts, IDN and IPv4 number
forms are all normalised the way Chromium does before any comparison.

Kiosk tightenings over Chrome:
- nothing matches → the URL is denied;
- only ``http`` and ``https`` URLs can ever be allowed;
- wildcard labels (``*.example.com``), non-web schemes and bad ports are rule errors.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import ada_url

from kiosk.core.urls import WEB_SCHEMES, ParsedUrl, parse_url

# Host characters a rule may contain after IDN conversion; anything else is a typo.
_HOST_LABEL_RE = re.compile(r"^[a-z0-9-_]+$")


class RuleError(ValueError):
    """A rule string that cannot be used; the message names the rule and says how to fix it."""

    def __init__(self, rule: str, problem: str) -> None:
        super().__init__(f"rule {rule!r}: {problem}")
        self.rule = rule
        self.problem = problem


@dataclass(frozen=True)
class QueryToken:
    """One ``key[=value]`` token of a rule's ``@query`` part; a trailing ``*`` means prefix."""

    key: str
    value: str | None
    prefix: bool

    def matches(self, pairs: list[tuple[str, str]]) -> bool:
        for key, value in pairs:
            if self.value is None:
                if key.startswith(self.key) if self.prefix else key == self.key:
                    return True
            elif key == self.key and (value.startswith(self.value) if self.prefix else value == self.value):
                return True
        return False


@dataclass(frozen=True)
class Rule:
    """A parsed filter. ``host`` is ASCII (punycode) and lower case; ``"*"`` matches any host."""

    text: str
    scheme: str | None
    host: str
    exact_host: bool
    port: int | None
    path: str
    query: tuple[QueryToken, ...]

    @property
    def is_wildcard(self) -> bool:
        return self.host == "*"

    def specificity(self) -> tuple[int, ...]:
        """Larger wins. Order: host length (``*`` lowest; an exact ``.host`` beats the same
        host with subdomains), path length, query tokens, scheme/port given."""
        return (
            -1 if self.is_wildcard else len(self.host),
            1 if self.exact_host else 0,
            len(self.path),
            len(self.query),
            (self.scheme is not None) + (self.port is not None),
        )

    def matches_origin(self, url: ParsedUrl) -> bool:
        """Scheme, host and port match (path and query not looked at)."""
        if self.scheme is not None and self.scheme != url.scheme:
            return False
        if self.port is not None and self.port != url.port:
            return False
        if self.is_wildcard:
            return True
        if self.exact_host or url.is_ip:
            return url.host == self.host
        return url.host == self.host or url.host.endswith("." + self.host)

    def matches(self, url: ParsedUrl) -> bool:
        if not self.matches_origin(url):
            return False
        if self.path and not url.path.startswith(self.path):
            return False
        return all(token.matches(url.query_pairs) for token in self.query)

    def example_target(self) -> str:
        """Path and query of a URL this rule matches (for "is anything here allowed?")."""
        query = "&".join(t.key if t.value is None else f"{t.key}={t.value}" for t in self.query)
        return (self.path or "/") + (f"?{query}" if query else "")


def _split_scheme(text: str, rule: str) -> tuple[str | None, str]:
    if "://" in text:
        scheme, rest = text.split("://", 1)
        scheme = scheme.lower()
        if scheme == "*":
            return None, rest
        if scheme not in WEB_SCHEMES:
            raise RuleError(
                rule,
                f"scheme '{scheme}' can never be allowed in the kiosk; write 'https://host' "
                "or just 'host' (other schemes are always blocked)",
            )
        return scheme, rest
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+-]*:(?!\d)", text) and not text.lower().startswith(("http:", "https:")):
        scheme = text.split(":", 1)[0].lower()
        raise RuleError(
            rule,
            f"scheme '{scheme}' can never be allowed in the kiosk; only http:// and https:// "
            "addresses can be (other schemes are always blocked)",
        )
    return None, text


def _split_userinfo(rest: str) -> str:
    """Drop ``user:pass@`` in front of the host (Chrome ignores it) without eating ``@query``."""
    authority_end = rest.find("/") if "/" in rest else len(rest)
    at = rest.find("@", 0, authority_end)
    if at == -1:
        return rest
    left, right = rest[:at], rest[at + 1 : authority_end]
    looks_like_userinfo = ":" in left or ("." in right and "=" not in right and "&" not in right)
    return rest[at + 1 :] if looks_like_userinfo else rest


def _parse_host(raw: str, rule: str) -> tuple[str, bool]:
    exact = raw.startswith(".")
    host = raw[1:] if exact else raw
    host = host.rstrip(".")
    if not host:
        raise RuleError(rule, "no host; write a host name such as 'epuap.gov.pl'")
    if host == "*":
        if exact:
            raise RuleError(rule, "'.*' is not a host; write '*' to match every host")
        return "*", False
    if "*" in host:
        suggestion = host.replace("*.", "").replace("*", "")
        raise RuleError(
            rule,
            "wildcards inside a host are not supported; write "
            f"'{suggestion}' (includes its subdomains) or '.{suggestion}' (that host only)",
        )
    try:
        parsed = ada_url.URL(f"http://{host}/")
    except ValueError:
        raise RuleError(rule, f"'{host}' is not a valid host name or IP address") from None
    ascii_host = parsed.hostname.rstrip(".")
    if parsed.host_type == ada_url.HostType.DEFAULT:
        labels = ascii_host.split(".")
        if not all(_HOST_LABEL_RE.match(label) for label in labels):
            raise RuleError(rule, f"'{host}' is not a valid host name")
    return ascii_host, exact


def _parse_port(raw: str, rule: str) -> int:
    if not raw.isdigit() or not 1 <= int(raw) <= 65535:
        raise RuleError(rule, f"port '{raw}' is not a number from 1 to 65535")
    return int(raw)


def _parse_query(raw: str) -> tuple[QueryToken, ...]:
    tokens = []
    for part in raw.split("&"):
        if not part:
            continue
        prefix = part.endswith("*")
        if prefix:
            part = part[:-1]
        key, eq, value = part.partition("=")
        tokens.append(QueryToken(key=key, value=value if eq else None, prefix=prefix))
    return tuple(tokens)


def parse_rule(rule: str) -> Rule:
    """Parse one filter; raise :class:`RuleError` naming the rule when it cannot be used."""
    if not isinstance(rule, str):
        raise RuleError(str(rule), "a rule must be a text string")
    text = rule.strip()
    if not text:
        raise RuleError(rule, "empty rule; write a host name such as 'epuap.gov.pl'")
    if any(c.isspace() for c in text):
        raise RuleError(rule, "rules cannot contain spaces")
    text = text.split("#", 1)[0]
    scheme, rest = _split_scheme(text, rule)
    rest = _split_userinfo(rest)

    if rest.startswith("["):  # IPv6 literal: the host ends at the bracket
        close = rest.find("]")
        host_end = close + 1 if close != -1 else len(rest)
    else:
        host_end = min((i for i in (rest.find(c) for c in ":/@") if i != -1), default=len(rest))
    host, exact = _parse_host(rest[:host_end], rule)
    rest = rest[host_end:]

    port = None
    if rest.startswith(":"):
        port_end = min((i for i in (rest.find(c) for c in "/@") if i != -1), default=len(rest))
        port = _parse_port(rest[1:port_end], rule)
        rest = rest[port_end:]

    path_part, _, query_part = rest.partition("@")
    path = ""
    if path_part and path_part != "/":
        path = ada_url.URL(f"http://h{path_part}").pathname
    return Rule(
        text=rule,
        scheme=scheme,
        host=host,
        exact_host=exact,
        port=port,
        path=path,
        query=_parse_query(query_part),
    )


@dataclass(frozen=True)
class Verdict:
    """Why a URL was allowed or denied; ``rule`` is the deciding rule, if any."""

    allowed: bool
    rule: Rule | None
    reason: str


class UrlPolicy:
    """Allow/block lists in Chrome's filter format; default deny, http(s) only.

    >>> UrlPolicy(["gov.pl"]).allows("https://epuap.gov.pl/wps/portal")
    True
    """

    def __init__(self, allow: Iterable[str], block: Iterable[str] = ()) -> None:
        self.allow_rules = tuple(parse_rule(r) for r in allow)
        self.block_rules = tuple(parse_rule(r) for r in block)

    def extended(self, allow: Iterable[str] = (), block: Iterable[str] = ()) -> UrlPolicy:
        """A new policy with extra rules (a service's own allowlist while it is open)."""
        policy = UrlPolicy(())
        policy.allow_rules = self.allow_rules + tuple(parse_rule(r) for r in allow)
        policy.block_rules = self.block_rules + tuple(parse_rule(r) for r in block)
        return policy

    def verdict(self, url: str) -> Verdict:
        parsed = parse_url(url)
        if parsed is None:
            return Verdict(False, None, "not an http(s) address")
        best: tuple[tuple[int, ...], bool, Rule] | None = None
        for allowed, rules in ((True, self.allow_rules), (False, self.block_rules)):
            for rule in rules:
                if not rule.matches(parsed):
                    continue
                key = (rule.specificity(), allowed, rule)
                # Most specific wins; on a tie allow (True) beats block (False).
                if best is None or key[:2] > best[:2]:
                    best = key
        if best is None:
            return Verdict(False, None, "no rule allows it")
        _, allowed, rule = best
        return Verdict(allowed, rule, f"{'allowed' if allowed else 'blocked'} by {rule.text!r}")

    def allows(self, url: str) -> bool:
        """True only when the most specific matching rule is an allow rule."""
        return self.verdict(url).allowed

    def allows_origin(self, host: str, port: int) -> bool:
        """True when some http(s) URL on ``host:port`` is allowed: the question a network
        connection asks before any URL is known (the host and port of a socket)."""
        authority = f"[{host}]" if ":" in host else host
        for scheme in WEB_SCHEMES:
            base = f"{scheme}://{authority}:{port}"
            parsed = parse_url(base + "/")
            if parsed is None:
                continue
            targets = {"/"} | {r.example_target() for r in self.allow_rules if r.matches_origin(parsed)}
            if any(self.allows(base + target) for target in targets):
                return True
        return False

    def __repr__(self) -> str:
        allow = [r.text for r in self.allow_rules]
        block = [r.text for r in self.block_rules]
        return f"UrlPolicy(allow={allow!r}, block={block!r})"
