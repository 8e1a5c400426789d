"""Messages the config shows but does not write, in the technician's language.

The parsers in :mod:`kiosk.core` (rules, hours, addresses, keys, PIN hashes) and
``tomllib`` say what is wrong in English, for every caller. A config problem is shown to a
technician, so each such message is matched here against its English template and said
again from the catalogue (``tech``) with the same values. A message no template matches
(one added to a parser later) is shown as it is, and so is one the parser already said in
the technician's language; tests/unit/test_config_polish.py finds the first kind.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from kiosk.core.technician import TN_, tech

#: What kiosk.core's parsers say about a value in a config (policy.py without "rule '…': ").
CORE_MESSAGES = (
    # kiosk.core.policy: the problem of a RuleError
    TN_("a rule must be a text string"),
    TN_("empty rule; write a host name such as 'epuap.gov.pl'"),
    TN_("rules cannot contain spaces"),
    TN_(
        "scheme '{scheme}' can never be allowed in the kiosk; write 'https://host' or just 'host' "
        "(other schemes are always blocked)"
    ),
    TN_(
        "scheme '{scheme}' can never be allowed in the kiosk; only http:// and https:// addresses can be "
        "(other schemes are always blocked)"
    ),
    TN_("no host; write a host name such as 'epuap.gov.pl'"),
    TN_("'.*' is not a host; write '*' to match every host"),
    TN_(
        "wildcards inside a host are not supported; write '{host}' (includes its subdomains) "
        "or '.{host}' (that host only)"
    ),
    TN_("'{host}' is not a valid host name or IP address"),
    TN_("'{host}' is not a valid host name"),
    TN_("port '{port}' is not a number from 1 to 65535"),
    # kiosk.core.hours
    TN_(
        "write opening hours as 'HH:MM-HH:MM', several separated by commas (e.g. '7:30-12:00, 12:30-15:30'), "
        "got {value}"
    ),
    TN_("{value} is not a valid time range (opening must be before closing)"),
    TN_("{value} starts before the previous range ends; write the ranges in order"),
    TN_("write the night as 'HH:MM-HH:MM', e.g. '22:00-6:00', got {value}"),
    TN_("{value} is not a valid time range"),
    # kiosk.core.listen_address
    TN_(
        "{value} is not an address to listen on; write HOST:PORT, e.g. '127.0.0.1:9464', '0.0.0.0:9464' or '[::1]:9464'"
    ),
    TN_("port {port} in {value} is not between 1 and 65535"),
    TN_(
        "{host} in {value} is not an IPv6 address; write HOST:PORT, e.g. '127.0.0.1:9464', '0.0.0.0:9464' "
        "or '[::1]:9464'"
    ),
    # kiosk.core.minisign (a public key)
    TN_("the public key is not valid base64"),
    TN_("a minisign public key is one line of base64 starting with 'RW'"),
    TN_("not a minisign Ed25519 public key (expected 42 bytes starting with 'Ed')"),
    # kiosk.core.pin_hash
    TN_("not a PIN hash printed by `kiosk hash-pin` (pbkdf2_sha256$ITERATIONS$SALT$HASH)"),
    TN_("{iterations} PBKDF2 iterations is too fast to guess slowly (at least {minimum}); use `kiosk hash-pin`"),
    TN_("the salt or hash part is not valid base64"),
    TN_("the salt or hash part has the wrong length; use `kiosk hash-pin`"),
)

#: What tomllib (Python 3.11–3.13) says about a syntax error, without its "(at line …)".
TOML_MESSAGES = (
    TN_("Invalid statement"),
    TN_("Expected newline or end of document after a statement"),
    TN_("Expected ']' at the end of a table declaration"),
    TN_("Expected ']]' at the end of an array declaration"),
    TN_("Expected '=' after a key in a key/value pair"),
    TN_("Expected {expected}"),
    TN_("Found invalid character {character}"),
    TN_("Cannot declare {key} twice"),
    TN_("Cannot overwrite a value"),
    TN_("Cannot mutate immutable namespace {key}"),
    TN_("Cannot redefine namespace {key}"),
    TN_("Invalid initial character for a key part"),
    TN_("Unclosed array"),
    TN_("Duplicate inline table key {key}"),
    TN_("Unclosed inline table"),
    TN_("Unescaped '\\' in a string"),
    TN_("Invalid hex value"),
    TN_("Escaped character is not a Unicode scalar value"),
    TN_("Unterminated string"),
    TN_("Illegal character {character}"),
    TN_("Invalid date or datetime"),
    TN_("Invalid value"),
)

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@cache
def _patterns(templates: Sequence[str]) -> list[tuple[re.Pattern[str], str]]:
    """Each template as a regular expression with a group per placeholder, the most
    specific (most fixed text) first, so "Expected {expected}" is tried last."""
    compiled = []
    for template in templates:
        pattern, seen, end = "", set(), 0
        for match in _PLACEHOLDER.finditer(template):
            pattern += re.escape(template[end : match.start()])
            name = match.group(1)
            pattern += f"(?P={name})" if name in seen else f"(?P<{name}>.*?)"
            seen.add(name)
            end = match.end()
        pattern += re.escape(template[end:])
        compiled.append((re.compile(pattern, re.DOTALL), template))
    return sorted(compiled, key=lambda item: -len(_PLACEHOLDER.sub("", item[1])))


def say_again(message: str, templates: Sequence[str] = CORE_MESSAGES) -> str:
    """``message`` (English, from a parser) in the technician's language, its values kept."""
    for pattern, template in _patterns(tuple(templates)):
        match = pattern.fullmatch(message)
        if match:
            return tech(template, **match.groupdict())
    return message


def rule_problem(rule: str, problem: str) -> str:
    """A URL rule that cannot be used (kiosk.core.policy.RuleError), as the config says it."""
    return tech("rule {rule}: {problem}", rule=repr(rule), problem=say_again(problem))
