"""Checks that span several keys, on the raw TOML data: they report with exact locations
even when other keys are wrong (the schema's own validators stop at the first error)."""

from __future__ import annotations

from kiosk.core.listen_address import parse_listen
from kiosk.core.minisign import MinisignError, parse_public_key
from kiosk.core.policy import RuleError, UrlPolicy, parse_rule
from kiosk.core.reach import SMALLEST_USEFUL_SHARE, band_share
from kiosk.core.technician import TN_, tech
from kiosk.core.urls import parse_url

Loc = tuple[str | int, ...]


def _valid_rules(rules: object) -> list[str]:
    if not isinstance(rules, list):
        return []
    valid = []
    for rule in rules:
        try:
            parse_rule(rule)
        except (RuleError, TypeError):
            continue
        valid.append(rule)
    return valid


def _section(data: dict, name: str) -> dict:
    return data.get(name) if isinstance(data.get(name), dict) else {}


def _metrics_problems(metrics: dict) -> list[tuple[Loc, str]]:
    has = {key: isinstance(metrics.get(key), str) and bool(metrics[key]) for key in
           ("listen", "tls_cert", "tls_key", "tls_client_ca")}  # fmt: skip
    problems: list[tuple[Loc, str]] = []
    if has["tls_cert"] != has["tls_key"]:
        missing = "tls_key" if has["tls_cert"] else "tls_cert"
        present = "tls_cert" if has["tls_cert"] else "tls_key"
        message = tech("HTTPS needs both tls_cert and tls_key; set metrics.{missing} too", missing=missing)
        problems.append((("metrics", present), message))
    if has["tls_client_ca"] and not has["tls_cert"]:
        problems.append(
            (("metrics", "tls_client_ca"), tech("client certificates need HTTPS: set tls_cert and tls_key"))
        )
    if not has["listen"]:
        for key in ("tls_cert", "tls_key", "tls_client_ca"):
            if has[key]:
                problems.append(
                    (("metrics", key), tech("has no effect without metrics.listen (the textfile is a file)"))
                )
    return problems


def _fleet_problems(fleet: dict) -> list[tuple[Loc, str]]:
    keys = fleet.get("public_keys") if isinstance(fleet.get("public_keys"), list) else []
    if fleet.get("config_url") and not keys:
        return [(("fleet", "public_keys"), tech("a county file is accepted only signed: add the county's public key"))]
    ids: dict[bytes, int] = {}
    for index, text in enumerate(keys):
        try:
            key_id = parse_public_key(text).key_id if isinstance(text, str) else None
        except MinisignError:
            continue  # the schema reports it
        if key_id in ids:
            return [(("fleet", "public_keys", index), tech("the same key as public_keys[{index}]", index=ids[key_id]))]
        if key_id is not None:
            ids[key_id] = index
    return []


def cross_check(data: dict) -> list[tuple[tuple[str | int, ...], str]]:
    """Checks that span keys, run on raw data so they report even when other keys are wrong."""
    problems: list[tuple[tuple[str | int, ...], str]] = _metrics_problems(_section(data, "metrics"))
    problems += _fleet_problems(_section(data, "fleet"))
    policy = data.get("policy") if isinstance(data.get("policy"), dict) else {}
    services = data.get("services") if isinstance(data.get("services"), list) else []
    global_policy = UrlPolicy(_valid_rules(policy.get("allow", [])), _valid_rules(policy.get("block", [])))
    seen: dict[str, int] = {}
    for index, service in enumerate(services):
        if not isinstance(service, dict):
            continue
        service_id = service.get("id")
        if isinstance(service_id, str):
            if service_id in seen:
                message = tech(
                    "duplicate id {id} (also services[{index}])", id=repr(service_id), index=seen[service_id]
                )
                problems.append((("services", index, "id"), message))
            else:
                seen[service_id] = index
        url = service.get("url")
        if isinstance(url, str) and parse_url(url) is not None:
            verdict = global_policy.extended(allow=_valid_rules(service.get("allow", []))).verdict(url)
            if verdict.allowed:
                continue
            if verdict.rule is None:
                message = tech(
                    "{url} would be blocked: no rule allows it; add its host to this service's allow list",
                    url=repr(url),
                )
            else:  # a block rule wins over the allow rules that would let the tile open
                message = tech(
                    "{url} would be blocked: the global block rule {rule} blocks it (the most specific rule wins); "
                    "remove that rule or narrow it, e.g. to a path the tile does not start at",
                    url=repr(url), rule=repr(verdict.rule.text),
                )  # fmt: skip
            problems.append((("services", index, "url"), message))
    return problems


def cross_check_warnings(data: dict) -> list[tuple[tuple[str | int, ...], str]]:
    """What is allowed but probably not meant: a service's allow rule that silently lifts a
    global block rule while that service is open."""
    warnings: list[tuple[tuple[str | int, ...], str]] = []
    kiosk = _section(data, "kiosk")
    bottom, height = kiosk.get("screen_bottom_mm", 0), kiosk.get("screen_height_mm", 0)
    if isinstance(bottom, int) and isinstance(height, int) and bottom > 0 and height > 0:
        share = band_share(bottom, height)
        if share < SMALLEST_USEFUL_SHARE:
            message = TN_(
                "only {share} of the screen lies 380–1220 mm above the floor: low reach cannot place "
                "the controls within a wheelchair user's reach; mount the screen lower"
            )
            percent = f"{share:.0%}"
            warnings.append((("kiosk", "screen_bottom_mm"), tech(message, share=percent)))
    metrics = _section(data, "metrics")
    listen = metrics.get("listen")
    if isinstance(listen, str) and listen and not metrics.get("tls_cert"):
        try:
            address = parse_listen(listen)
        except ValueError:
            address = None  # the schema reports it
        if address is not None and not address.loopback_only:
            message = TN_(
                "{listen} is reachable from the network over plain HTTP; set tls_cert, tls_key and tls_client_ca, "
                "or listen on 127.0.0.1 behind a proxy"
            )
            warnings.append((("metrics", "listen"), tech(message, listen=repr(listen))))
    policy = data.get("policy") if isinstance(data.get("policy"), dict) else {}
    services = data.get("services") if isinstance(data.get("services"), list) else []
    block = _valid_rules(policy.get("block", []))
    global_policy = UrlPolicy(_valid_rules(policy.get("allow", [])), block)
    for index, service in enumerate(services):
        if not isinstance(service, dict):
            continue
        allow = _valid_rules(service.get("allow", []))
        open_policy = global_policy.extended(allow=allow)
        for blocked in (parse_rule(r) for r in block):
            if blocked.is_wildcard:
                continue
            example = f"{blocked.scheme or 'https'}://{blocked.host}{blocked.example_target()}"
            verdict = open_policy.verdict(example)
            if global_policy.allows(example) or not verdict.allowed or verdict.rule is None:
                continue
            lifting = verdict.rule.text
            if lifting in allow:
                message = TN_(
                    "{rule} lifts the global block rule {blocked} while this service is open (e.g. {example} is "
                    "then allowed); if that is meant, ignore this warning"
                )
                said = tech(message, rule=repr(lifting), blocked=repr(blocked.text), example=example)
                warnings.append((("services", index, "allow", allow.index(lifting)), said))
    return warnings
