"""The technician configuration: one typed schema with a default and a description per key.

Everything a technician can write in ``kiosk.toml`` is declared here once; the loader,
``kiosk check-config`` and ``docs/configuration.md`` are all derived from it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

from pydantic import Field, PrivateAttr, model_validator

from kiosk.config.cross_checks import cross_check
from kiosk.config.fields import (
    ClockTime,
    Colour,
    FleetUrl,
    Hours,
    Language,
    Listen,
    LocalizedText,
    MinisignKey,
    NightRange,
    PinHash,
    PromFile,
    Rule,
    StrictModel,
    Text,
    TileIcon,
    WebUrl,
)
from kiosk.config.methods import ConfigMethods
from kiosk.config.sections import AccessibilitySection, Command, HelpSection, PrintingSection
from kiosk.core.technician import TN_

CONFIG_VERSION = 1
"""The newest ``config_version`` this program understands."""


class KioskSection(StrictModel):
    id: str = Field(
        "",
        pattern=r"^$|^[a-z0-9][a-z0-9-]{0,39}$",
        json_schema_extra={"hint": TN_("lower-case letters, digits and '-', e.g. 'jastkow-ug'")},
        description="Short stable id of this kiosk in statistics, metrics and the county file; "
        "empty = the computer's host name.",
    )
    name: str = Field(
        "Infomat", min_length=1, max_length=120, description="Name shown in the header of the home screen."
    )
    county: str = Field("", max_length=120, description="County (powiat) shown under the name.")
    gmina: str = Field(
        "", max_length=80,
        description="The gmina the kiosk stands in: a label of its metrics, and its office comes first on the home "
        "screen (matched in the offices' names).",
    )  # fmt: skip
    teryt: str = Field(
        "",
        pattern=r"^$|^\d{7}$",
        json_schema_extra={
            "hint": TN_("the gmina's 7-digit TERYT (TERC) code from GUS; powiat lubelski's begin with 0609")
        },
        description="TERYT code of that gmina: a label of its metrics (maps, joins with GUS data).",
    )
    language: Language = Field("pl", description="Default language for each new visitor: pl, en or uk.")
    lockdown: bool = Field(
        True,
        description="Fullscreen, frameless, key blocking. false = a normal window for development and demos.",
    )
    screen_bottom_mm: int = Field(
        0, ge=0, le=2500,
        description="Height of the screen's lower edge above the floor, in mm (0 = unknown): places the "
        "reachable band of [accessibility] low_reach (380–1220 mm, EN 301 549 8.3).",
    )  # fmt: skip
    screen_height_mm: int = Field(
        0, ge=0, le=3000,
        description="Height of the visible screen area, in mm (0 = unknown; a 32-inch portrait screen: ~710).",
    )  # fmt: skip


class ThemeSection(StrictModel):
    primary: Colour = Field("#1d4e89", description="County colour of the header and tiles (#RRGGBB).")
    accent: Colour = Field("#b0182a", description="Accent colour for highlights and the end-session button.")
    logo: str = Field(
        "",
        description="County crest (PNG, SVG or JPEG) in the header and on the attract screen; "
        "relative to the config file.",
    )


class SessionSection(StrictModel):
    idle_seconds: int = Field(
        120, ge=15, le=3600, description="No real input for this long shows the 'are you still there?' warning."
    )
    warning_seconds: int = Field(20, ge=5, le=120, description="Countdown on the warning before everything is wiped.")
    confirmation_seconds: int = Field(
        4, ge=1, le=15, description="How long 'Your data has been deleted' stays on screen after a wipe."
    )


class PolicySection(StrictModel):
    allow: list[Rule] = Field(
        default_factory=list,
        description="Global allowlist in Chrome URLAllowlist format; everything not allowed is blocked.",
    )
    block: list[Rule] = Field(
        default_factory=list,
        description="Global blocklist (Chrome URLBlocklist format); the most specific rule wins.",
    )


class Service(StrictModel):
    id: str = Field(
        pattern=r"^[a-z0-9][a-z0-9-]{0,39}$",
        json_schema_extra={"hint": TN_("lower-case letters, digits and '-', e.g. 'epuap'")},
        description="Short unique identifier (used by `kiosk run --open ID` and in statistics).",
    )
    title: Text = Field(description="Tile title; text or a table {pl=…, en=…, uk=…}.")
    description: Text | None = Field(None, description="One line under the title on the tile.")
    url: WebUrl = Field(description="Start page of the service (must be allowed by the rules).")
    allow: list[Rule] = Field(
        default_factory=list, description="Extra allow rules that apply only while this service is open."
    )
    icon: TileIcon = Field(
        "globe",
        json_schema_extra={"hint": TN_("the icons are pictured in docs/icons.png")},
        description="Tile icon, one of the names pictured in docs/icons.png.",
    )
    print: bool = Field(
        False,
        description="This service may print (window.print(), the PDF viewer) to [printing] printer, with no dialog.",
    )
    media: list[Literal["camera", "microphone"]] = Field(
        default_factory=list,
        description="Devices this service alone may use, on its allowed origins, while it is open, with no prompt "
        '(a PJM interpreter\'s video call: ["camera", "microphone"]); every other page gets none.',
    )


class NewsSource(StrictModel):
    title: Text = Field(
        default_factory=lambda: LocalizedText(pl="Aktualności", en="News", uk="Новини"),
        description="Heading of the news panel.",
    )
    url: WebUrl | None = Field(None, description="RSS or Atom feed address.")
    file: str | None = Field(None, description="Feed file on disk (relative to the config file); used when no url.")
    refresh_minutes: int = Field(30, ge=5, le=1440, description="How often the feed is fetched.")
    max_items: int = Field(6, ge=1, le=30, description="Number of news items shown.")


class Event(StrictModel):
    date: dt.date = Field(description="Day of the event (TOML date, e.g. 2026-11-28).")
    time: ClockTime | None = Field(None, description="Start time 'HH:MM', if any.")
    title: Text = Field(description="What happens.")
    place: str = Field("", description="Where.")


class CalendarSource(StrictModel):
    url: WebUrl | None = Field(None, description="iCalendar (.ics) address.")
    file: str | None = Field(None, description="iCalendar file on disk (relative to the config file).")
    events: list[Event] = Field(default_factory=list, description="Events written directly in the config.")
    days_ahead: int = Field(14, ge=1, le=90, description="How many days ahead the calendar shows.")
    refresh_minutes: int = Field(60, ge=5, le=1440, description="How often the calendar URL is fetched.")


class OpeningHours(StrictModel):
    mon: Hours | None = Field(None, description="Monday, 'HH:MM-HH:MM' or several: '7:30-12:00, 12:30-15:30'.")
    tue: Hours | None = Field(None, description="Tuesday.")
    wed: Hours | None = Field(None, description="Wednesday.")
    thu: Hours | None = Field(None, description="Thursday.")
    fri: Hours | None = Field(None, description="Friday.")
    sat: Hours | None = Field(None, description="Saturday.")
    sun: Hours | None = Field(None, description="Sunday.")


class Office(StrictModel):
    name: str = Field(min_length=1, description="Office name, e.g. 'Urząd Gminy Jastków'.")
    kind: Literal["miejska", "miejsko-wiejska", "wiejska", "starostwo", "inna"] = Field(
        "wiejska", description="Type of gmina (or 'starostwo')."
    )
    address: str = Field("", description="Street, postcode and town.")
    phone: str = Field("", description="Phone number as it should be shown.")
    hours: OpeningHours = Field(default_factory=OpeningHours, description="Opening hours per weekday.")
    closed: list[dt.date] = Field(default_factory=list, description="Extra closed days (public holidays are known).")
    example: bool = Field(False, description="true marks address, phone and hours as placeholders; the screen says so.")


class Form(StrictModel):
    title: Text = Field(description="The form's name on the 'Formularze' screen.")
    file: str = Field(description="The PDF file (relative to the config file).")


class ContentSection(StrictModel):
    news: NewsSource = Field(default_factory=NewsSource, description="County news feed.")
    calendar: CalendarSource = Field(default_factory=CalendarSource, description="Calendar of events.")
    offices: list[Office] = Field(default_factory=list, description="Offices of the gminy of the county.")
    cache_days: int = Field(30, ge=1, le=365, description="Cached content older than this is not shown.")
    forms: list[Form] = Field(
        default_factory=list, description="County forms to read and print ([[content.forms]]: title, PDF file)."
    )


class AttractSection(StrictModel):
    enabled: bool = Field(
        True,
        description="Show the attract screen when nobody uses the kiosk: date, name days, the next events "
        "and the latest news over the county's pictures.",
    )
    after_seconds: int = Field(300, ge=30, le=7200, description="Idle time on the home screen before it starts.")
    slide_seconds: int = Field(12, ge=4, le=120, description="How long each picture stays before the next.")
    images: list[str] = Field(
        default_factory=list,
        description="Pictures shown full-bleed behind the attract screen, darkened so its text stays readable "
        "(relative to the config file).",
    )


class AdminSection(StrictModel):
    pin_hash: PinHash = Field(
        "",
        json_schema_extra={"hint": TN_("the output of `kiosk hash-pin`")},
        description="Admin PIN as printed by `kiosk hash-pin`; empty disables the admin panel.",
    )
    close_after_seconds: int = Field(60, ge=10, le=900, description="The admin panel closes after this idle time.")
    allow_exit: bool = Field(
        False,
        description="Show an 'Exit' button in the admin panel (only where leaving the kiosk is safe, e.g. a "
        "technician's desktop session; under Shell Launcher or cage there is nothing behind it).",
    )


class SupervisorSection(StrictModel):
    heartbeat_seconds: int = Field(
        15, ge=3, le=300, description="A kiosk that writes no heartbeat for this long is restarted."
    )
    memory_soft_mb: int = Field(
        1500, ge=200, le=65536, description="Restart between visitors when the process tree uses more (PSS)."
    )
    memory_hard_mb: int = Field(
        3000, ge=300, le=65536, description="Restart immediately, even during a session, above this."
    )
    nightly_restart: ClockTime | None = Field(None, description="Restart every night at 'HH:MM' (between visitors).")


class NetworkSection(StrictModel):
    check_urls: list[WebUrl] = Field(
        default_factory=list, description="Addresses probed to tell whether the kiosk is online."
    )
    timeout_seconds: int = Field(5, ge=1, le=60, description="Timeout of each network request.")


class StatsSection(StrictModel):
    enabled: bool = Field(
        True, description="Count anonymous usage for reports (docs/statistics.md); off: in memory only."
    )
    retention_years: int = Field(
        6, ge=1, le=20, description="Counters older than this are deleted (EU projects: durability period + reports)."
    )
    file: str = Field(
        "",
        description="Where the counters are kept (`kiosk stats --config` reads it too); empty: the data folder's "
        "stats.sqlite3. A relative path starts at the config file's folder.",
    )


class MetricsSection(StrictModel):
    listen: Listen = Field(
        "", description="Serve Prometheus metrics on 'HOST:PORT' (docs/monitoring.md); empty: no listening socket."
    )
    tls_cert: str = Field("", description="Certificate (PEM) for HTTPS on `listen`; relative to the config file.")
    tls_key: str = Field("", description="Its private key (PEM).")
    tls_client_ca: str = Field(
        "", description="CA (PEM) whose client certificates alone may scrape: Prometheus' tls_config cert."
    )
    textfile: PromFile = Field(
        "", description="Write the same metrics to this .prom file for node_exporter's textfile collector."
    )
    textfile_seconds: int = Field(15, ge=5, le=300, description="How often the textfile is rewritten.")


class FleetSection(StrictModel):
    config_url: FleetUrl = Field(
        "", description="The signed county file (docs/fleet.md), https://; empty: this file alone configures the kiosk."
    )
    public_keys: list[MinisignKey] = Field(
        default_factory=list,
        max_length=2,
        description="One or two minisign public keys (the RW… line) whose signature the kiosk accepts; "
        "two while a key is rotated.",
    )
    poll_seconds: int = Field(300, ge=30, le=86400, description="How often the county file is checked (±10 %).")
    ca_file: str = Field(
        "", description="CA certificate (PEM) of the county's web server, if not a public one; relative to this file."
    )
    max_bytes: int = Field(1048576, ge=4096, le=16777216, description="A larger county file is refused.")
    timeout_seconds: int = Field(20, ge=2, le=300, description="A download that takes longer is refused.")


class OpenDay(StrictModel):
    date: dt.date = Field(description="A day open outside the weekly hours, e.g. a Saturday duty day.")
    hours: Hours = Field(description="Its hours, 'HH:MM-HH:MM'.")


class ScheduleSection(StrictModel):
    hours: OpeningHours = Field(
        default_factory=OpeningHours, description="The kiosk's opening hours per weekday; none at all: always open."
    )
    closed: list[dt.date] = Field(default_factory=list, description="Extra closed days (public holidays are known).")
    open: list[OpenDay] = Field(default_factory=list, description="Open days with their own hours ([[schedule.open]]).")
    outside: Literal["closed_screen", "display_off"] = Field(
        "closed_screen", description="Outside the hours: a calm 'closed' screen, or the display switched off."
    )
    display_off: NightRange = Field("", description="The display is off in this range every day, e.g. '22:00-6:00'.")
    services_when_closed: bool = Field(False, description="E-service tiles stay usable while the kiosk is closed.")
    wake_on_touch: bool = Field(True, description="A touch on the dark display wakes it for one idle period.")
    display: Literal["auto", "x11", "wayland", "windows", "none"] = Field(
        "auto", description="How the display is switched off; 'none' blanks the window black (docs/schedule.md)."
    )
    display_output: str = Field("", description="wlr-randr output to switch (e.g. 'HDMI-A-1'); empty: every output.")


class Alert(StrictModel):
    id: str = Field(min_length=1, max_length=80, description="The alert's id (e.g. the RCB message number).")
    severity: Literal["extreme", "severe", "moderate", "minor"] = Field(
        description="CAP 1.2: extreme and severe take over the screen; moderate and minor are a banner."
    )
    headline: Text = Field(description="One line, {pl=…, en=…, uk=…}; Polish required.")
    description: Text | None = Field(None, description="What is happening.")
    instruction: Text | None = Field(None, description="What people should do.")
    effective: dt.datetime | None = Field(None, description="From when (TOML date-time; default: at once).")
    expires: dt.datetime = Field(description="Until when; mandatory (RCB alerts are never called off).")


class KioskConfig(ConfigMethods, StrictModel):
    """The whole technician configuration."""

    config_version: int = Field(CONFIG_VERSION, ge=1, description="Format version of this file.")
    kiosk: KioskSection = Field(default_factory=KioskSection, description="Identity and window.")
    theme: ThemeSection = Field(default_factory=ThemeSection, description="County colours.")
    session: SessionSection = Field(default_factory=SessionSection, description="Visitor session timing.")
    policy: PolicySection = Field(default_factory=PolicySection, description="Global URL rules.")
    services: list[Service] = Field(default_factory=list, description="E-service tiles on the home screen.")
    content: ContentSection = Field(default_factory=ContentSection, description="County information.")
    attract: AttractSection = Field(default_factory=AttractSection, description="Attract screen.")
    accessibility: AccessibilitySection = Field(
        default_factory=AccessibilitySection, description="Speech output and low reach."
    )
    help: HelpSection = Field(default_factory=HelpSection, description="Calling a staff member.")
    admin: AdminSection = Field(default_factory=AdminSection, description="Technician access.")
    supervisor: SupervisorSection = Field(default_factory=SupervisorSection, description="`kiosk supervise`.")
    network: NetworkSection = Field(default_factory=NetworkSection, description="Connectivity check.")
    stats: StatsSection = Field(default_factory=StatsSection, description="Usage statistics.")
    metrics: MetricsSection = Field(default_factory=MetricsSection, description="Fleet monitoring (Prometheus).")
    fleet: FleetSection = Field(default_factory=FleetSection, description="One signed config for the county.")
    schedule: ScheduleSection = Field(default_factory=ScheduleSection, description="Opening hours, display power.")
    alerts: list[Alert] = Field(default_factory=list, description="Emergency messages ([[alerts]]).")
    printing: PrintingSection = Field(default_factory=PrintingSection, description="The kiosk's printer.")
    commands: list[Command] = Field(
        default_factory=list, description="Remote commands from the county file ([[commands]]), run between visitors."
    )
    _source: Path | None = PrivateAttr(default=None)
    _warnings: list = PrivateAttr(default_factory=list)

    @property
    def warnings(self) -> list:
        """What the loader found allowed but probably not meant (``ConfigIssue``, warning=True)."""
        return self._warnings

    @model_validator(mode="after")
    def _cross_checks(self) -> KioskConfig:
        problems = cross_check(self.model_dump(mode="python"))
        if problems:
            raise ValueError(CROSS_CHECK_MARK + "; ".join(f"{'.'.join(map(str, loc))}: {m}" for loc, m in problems))
        return self


CROSS_CHECK_MARK = "[cross-check] "
