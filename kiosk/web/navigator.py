"""The navigator: which policy is in force and what may open under which service. Pure
Python, no Qt.

It owns the policies of the config (the global rules, and global + own rules per
service) and the service the visitor has open. Every question about a URL — a tile, the
automation API's ``open``, a news item's "open page" link, a popup, a navigation, a
request, a socket — is answered from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kiosk.core.urls import normalize_url
from kiosk.web.events import LoadProblem
from kiosk.web.navigation import (
    NavigationDecision,
    NavigationKind,
    NavigationRequest,
    Outcome,
    decide_navigation,
    hands_off_to_app,
    leaves_login_node,
)

if TYPE_CHECKING:
    from kiosk.core.policy import UrlPolicy


@dataclass(frozen=True)
class OpenDecision:
    """The answer to "may this open?" for a tile, a link or a typed target."""

    allowed: bool
    url: str  # normalised, what the engine is handed
    service: Any  # the service it opens under (None: the global rules)
    reason: str
    log_target: str


class Navigator:
    """Policies of one config and the visitor's open service."""

    def __init__(self, config: Any) -> None:
        self.adopt(config)

    def adopt(self, config: Any) -> None:
        """Use ``config`` from now on (the validated equal of a start-up snapshot)."""
        self.config = config
        self._policies: dict[str | None, UrlPolicy] = {None: config.global_policy()}
        for service in config.services:
            self._policies[service.id] = config.service_policy(service)
        self.service: Any = None

    def policy(self) -> UrlPolicy:
        """Global rules plus those of the open service (read from other threads too)."""
        service = self.service
        return self._policies[service.id if service is not None else None]

    def service_allowing(self, url: str) -> Any:
        """The service a URL opens under: the open one if the global rules allow it, else
        the first service whose rules do; None if nothing allows it."""
        if self._policies[None].allows(url):
            return self.service
        return next((s for s in self.config.services if self._policies[s.id].allows(url)), None)

    def may_open(self, url: str) -> bool:
        """Would :meth:`resolve` allow this URL? (the news "open page" link asks)."""
        return self.resolve(url).allowed

    def resolve(self, target: str) -> OpenDecision:
        """A service id or a URL → what would open, under which service, and whether."""
        service = self.config.service(target)
        url = service.url if service is not None else target
        if service is None:
            service = self.service_allowing(url)
        policy = self._policies[service.id if service is not None else None]
        decision = decide_navigation(NavigationRequest(url, NavigationKind.TYPED, True), policy)
        return OpenDecision(decision.allowed, normalize_url(url) or url, service, decision.reason, decision.log_target)

    def enter(self, service: Any) -> None:
        """The visitor opened ``service`` (or a page under the global rules: None)."""
        self.service = service

    def leave(self) -> None:
        """The session ended: no service is open."""
        self.service = None

    def decide(self, request: NavigationRequest) -> NavigationDecision:
        return decide_navigation(request, self.policy())

    @staticmethod
    def problem_for_blocked(current_url: str, target: str) -> str:
        """Which explanation a blocked page gets: a phone app's hand-off, the bank-login one
        when leaving the login node, else the generic one."""
        if hands_off_to_app(target):
            return LoadProblem.APP_HANDOFF
        return LoadProblem.BANK_LOGIN if leaves_login_node(current_url, target) else LoadProblem.BLOCKED

    @staticmethod
    def explains(decision: NavigationDecision) -> bool:
        return decision.outcome is Outcome.BLOCK_AND_EXPLAIN
