"""The words of the deklaracja dostępności: its sections in Polish, in the order of the
minister's template, filled from the config (what this kiosk does and cannot do) and the
command's options. What neither knows (the contact person, the building) becomes an
"[uzupełnij: …]" placeholder, listed in ``Statement.todo`` for the command to warn about."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.commands.statement_doc import Line, Section, Statement, Value, h3, p, polish_date, ul
from kiosk.core.reach import REACH_HIGH_MM, REACH_LOW_MM, SMALLEST_USEFUL_SHARE, band_share
from kiosk.version import __version__

if TYPE_CHECKING:
    from kiosk.config.schema import KioskConfig

LANGUAGE_NAMES = {"pl": "polski", "en": "angielski", "uk": "ukraiński"}
TEXT_SIZES = (100, 150, 200)  # the visitor's text sizes, % (kiosk/ui/window/choices.py TEXT_SCALES)
LAW = (
    "ustawą z dnia 4 kwietnia 2019 r. o dostępności cyfrowej stron internetowych "
    "i aplikacji mobilnych podmiotów publicznych"
)


# ---------------------------------------------------------------- the options


@dataclass(frozen=True)
class StatementOptions:
    """What the command line adds to the config: the contact, the dates, the body's name."""

    prepared: dt.date  # the day the statement is drawn up (today)
    published: dt.date | None = None  # the kiosk's publication; default: prepared
    updated: dt.date | None = None  # its last significant update; default: published
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    entity: str = ""  # full name of the public body; default: from [kiosk] county / gmina


# ---------------------------------------------------------------- building


class _Todo:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def value(self, id: str, given: str, polish: str, english: str) -> Value:
        if given.strip():
            return Value(id, given.strip())
        self.lines.append(english)
        return Value(id, f"[uzupełnij: {polish}]", todo=True)

    def text(self, polish: str, english: str) -> Value:
        self.lines.append(english)
        return Value("", f"[uzupełnij: {polish}]", todo=True)


def entity_name(config: KioskConfig, options: StatementOptions) -> str:
    """The public body: ``--entity``, else what [kiosk] county and gmina say, else ""."""
    if options.entity.strip():
        return options.entity.strip()
    county, gmina = config.kiosk.county.strip(), config.kiosk.gmina.strip()
    if county and gmina:
        return f"{county} (gmina {gmina})"
    return county or (f"Gmina {gmina}" if gmina else "")


def build_statement(config: KioskConfig, options: StatementOptions) -> Statement:
    todo = _Todo()
    published = options.published or options.prepared
    updated = options.updated or published
    app = config.kiosk.name
    entity = todo.value(
        "a11y-podmiot",
        entity_name(config, options),
        "pełna nazwa podmiotu publicznego",
        "the public body's full name: give --entity (or set [kiosk] county / gmina)",
    )
    intro: Line = (
        entity,
        " zobowiązuje się zapewnić dostępność aplikacji kiosku informacyjnego (infomatu) „",
        Value("a11y-url", app),
        f"” zgodnie z przepisami ustawy z dnia 4 kwietnia 2019 r. o dostępności cyfrowej stron internetowych "
        "i aplikacji mobilnych podmiotów publicznych. Deklaracja dostępności dotyczy ekranów kiosku "
        f"(program Infomat {__version__}) i przeglądarki, w której kiosk otwiera e-usługi" + _where(config) + ".",
    )
    sections = (
        Section(
            "a11y-daty",
            "Data publikacji i aktualizacji",
            (
                ul(
                    ("Data publikacji: ", Value("a11y-data-publikacja", polish_date(published), published)),
                    (
                        "Data ostatniej istotnej aktualizacji: ",
                        Value("a11y-data-aktualizacja", polish_date(updated), updated),
                    ),
                ),
            ),
        ),
        _status(config),
        _features(config),
        Section(
            "a11y-przygotowanie",
            "Przygotowanie deklaracji dostępności",
            (
                ul(
                    (
                        "Deklarację sporządzono dnia: ",
                        Value("a11y-data-sporzadzenie", polish_date(options.prepared), options.prepared),
                    ),
                    (
                        "Deklarację ostatnio poddano przeglądowi dnia: ",
                        Value("a11y-data-przeglad", polish_date(options.prepared), options.prepared),
                    ),
                ),
                p(
                    "Deklarację sporządzono na podstawie samooceny przeprowadzonej przez podmiot publiczny, "
                    "z opisu działania kiosku w jego konfiguracji (polecenie kiosk accessibility-statement). "
                    "Deklaracja jest przeglądana i aktualizowana co najmniej raz w roku, do 31 marca, oraz po "
                    "każdej zmianie kiosku, która może wpłynąć na jego dostępność.",
                    id="a11y-audytor",
                ),
            ),
        ),
        _contact(options, todo),
        _procedure(),
        _architecture(config, todo),
        Section(
            "a11y-tlumacz",
            "Informacje o tłumaczu języka migowego",
            (
                p(
                    "Oprogramowanie kiosku samo nie łączy z tłumaczem polskiego języka migowego (PJM). "
                    "Podmiot publiczny zapewnia dostęp do tłumacza PJM online (art. 6 pkt 3 lit. a ustawy z dnia "
                    "19 lipca 2019 r. o zapewnianiu dostępności osobom ze szczególnymi potrzebami): ",
                    todo.text(
                        "jak skorzystać z tłumacza PJM online, np. kafelek usługi w kiosku, adres strony, godziny",
                        "how to reach the online Polish Sign Language (PJM) interpreter: edit the section "
                        "'Informacje o tłumaczu języka migowego'",
                    ),
                    ".",
                ),
            ),
        ),
    )
    return Statement("Deklaracja dostępności", intro, sections, tuple(todo.lines))


def _where(config: KioskConfig) -> str:
    gmina, county = config.kiosk.gmina.strip(), config.kiosk.county.strip()
    place = ", ".join(p for p in (f"gmina {gmina}" if gmina else "", county) if p)
    return f" (miejsce kiosku: {place})" if place else ""


def _status(config: KioskConfig) -> Section:
    missing: list[Line] = [
        (
            "Klawiatura ekranowa nie należy do kolejności fokusu klawiatury: nie można jej obsłużyć klawiszami "
            "Tab i Enter ani za pomocą czytnika ekranu. Osoba, która nie widzi ekranu, może wpisywać tekst tylko "
            "klawiaturą fizyczną, jeśli kiosk ją ma.",
        ),
    ]
    access = config.accessibility
    if access.speech == "off":
        missing.append(
            (
                "Kiosk nie odczytuje treści na głos: mowa jest wyłączona w konfiguracji tego kiosku "
                '([accessibility] speech = "off"). Nie jest spełnione wymaganie wyjścia głosowego '
                "dla funkcjonalności zamkniętej (EN 301 549, pkt 5.1.3).",
            )
        )
    bottom, height = config.kiosk.screen_bottom_mm, config.kiosk.screen_height_mm
    known = bottom > 0 and height > 0
    if access.low_reach == "off" and not (known and band_share(bottom, height) >= 1.0):
        missing.append(
            (
                "Tryb niskiego zasięgu jest wyłączony w konfiguracji tego kiosku "
                '([accessibility] low_reach = "off"): przyciski w górnej części ekranu mogą być poza zasięgiem '
                f"osoby na wózku (EN 301 549, pkt 8.3: {REACH_LOW_MM}–{REACH_HIGH_MM} mm nad podłogą).",
            )
        )
    if known and band_share(bottom, height) < SMALLEST_USEFUL_SHARE:
        missing.append(
            (
                f"Ekran jest zamontowany za wysoko: w zasięgu {REACH_LOW_MM}–{REACH_HIGH_MM} mm nad podłogą leży "
                f"tylko {round(band_share(bottom, height) * 100)} % jego wysokości, więc osoba na wózku nie "
                "sięgnie wszystkich przycisków.",
            )
        )
    services = [f"{s.title.pl} ({_host(s.url)})" for s in config.services]
    listed = f" W tym kiosku: {', '.join(services)}." if services else ""
    return Section(
        "a11y-status-sekcja",
        "Status pod względem zgodności z ustawą",
        (
            p(
                "Aplikacja kiosku jest ",
                Value("a11y-status", "częściowo zgodna"),
                f" z {LAW} z powodu niezgodności lub wyłączeń wymienionych poniżej. Kiosk jest funkcjonalnością "
                "zamkniętą w rozumieniu normy EN 301 549 V3.2.1: odwiedzający nie może podłączyć do niego "
                "własnych technologii wspomagających. Oceniono go względem WCAG 2.1 na poziomie AA "
                "(pkt 9–11 normy) i wymagań dla funkcjonalności zamkniętej (pkt 5.1 i 8.3 normy).",
            ),
            h3("Treści niedostępne", id="a11y-tresci-niedostepne"),
            ul(*missing),
            h3("Wyłączenia", id="a11y-wylaczenia"),
            p(
                "Strony e-usług otwierane w kiosku (np. ePUAP, gov.pl, info-car) należą do innych podmiotów: "
                "podmiot prowadzący kiosk ich nie wytworzył, nie sfinansował i nie ma nad nimi kontroli "
                "(art. 3 ust. 2 ustawy). Kiosk pokazuje je bez zmian, poza powiększeniem tekstu; ich dostępność "
                f"opisują deklaracje dostępności tych podmiotów.{listed}",
            ),
        ),
    )


def _host(url: object) -> str:
    match = re.match(r"^[a-z]+://([^/:?#]+)", str(url))
    return match.group(1) if match else str(url)


def _features(config: KioskConfig) -> Section:
    access, kiosk, session = config.accessibility, config.kiosk, config.session
    lines: list[Line] = []
    if access.speech == "always":
        lines.append(
            (
                "Mowa: kiosk czyta na głos to, co jest na ekranie, każdemu odwiedzającemu. Pojedyncze dotknięcie "
                "przycisku odczytuje jego nazwę, podwójne go uruchamia; odczytywana jest też każda zmiana fokusu.",
            )
        )
    elif access.speech == "button":
        lines.append(
            (
                "Mowa: przycisk w nagłówku ekranu włącza czytanie na głos dla bieżącego odwiedzającego. Pojedyncze "
                "dotknięcie przycisku odczytuje jego nazwę, podwójne go uruchamia; odczytywana jest też każda "
                "zmiana fokusu.",
            )
        )
    bottom, height = kiosk.screen_bottom_mm, kiosk.screen_height_mm
    if access.low_reach == "always":
        lines.append(
            (
                f"Niski zasięg: wszystkie przyciski ekranów kiosku są zawsze w {_band_text(bottom, height, False)}, "
                "w zasięgu ręki osoby na wózku lub niskiej.",
            )
        )
    elif access.low_reach == "button":
        lines.append(
            (
                "Niski zasięg: przycisk na dole ekranu przenosi wszystkie przyciski ekranów kiosku do "
                f"{_band_text(bottom, height, True)}, w zasięg ręki osoby na wózku lub niskiej.",
            )
        )
    others = [LANGUAGE_NAMES[code] for code in LANGUAGE_NAMES if code != kiosk.language]
    lines += [
        (
            f"Języki: ekrany kiosku są dostępne w języku polskim, angielskim i ukraińskim; każdy odwiedzający "
            f"zaczyna w języku {_adjective(LANGUAGE_NAMES[kiosk.language])} i może przełączyć na "
            f"{' lub '.join(others)}.",
        ),
        (
            "Rozmiar tekstu: "
            + ", ".join(f"{size} %" for size in TEXT_SIZES)
            + "; powiększenie obejmuje także strony e-usług otwierane w kiosku.",
        ),
        ("Wysoki kontrast: tryb o zwiększonym kontraście kolorów ekranów kiosku.",),
        (
            "Klawiatura: każdy przycisk ekranów kiosku można obsłużyć klawiaturą. Tab i Shift+Tab przenoszą "
            "fokus w kolejności czytania, Enter i Spacja uruchamiają przycisk, a fokus jest wyraźnie widoczny.",
        ),
        (
            "Czytniki ekranu: każdy przycisk ma rolę i nazwę w języku odwiedzającego, udostępnione technologiom "
            "wspomagającym przez AT-SPI (Linux, np. Orca) i UI Automation (Windows).",
        ),
        (
            f"Czas: po {session.idle_seconds} s bez dotyku kiosk ostrzega, że sesja się kończy, i przez "
            f"{session.warning_seconds} s pozwala ją przedłużyć jednym przyciskiem.",
        ),
        (
            "Prywatność: po zakończeniu sesji kiosk usuwa dane odwiedzającego i wraca do ustawień domyślnych "
            "(język, rozmiar tekstu, kontrast i ułatwienia włączone przyciskami).",
        ),
    ]
    return Section("a11y-ulatwienia", "Ułatwienia dostępu w kiosku", (ul(*lines),))


def _band_text(bottom: int, height: int, into: bool) -> str:
    """Where low reach puts the controls: after "do" (``into``) or after "w"."""
    if bottom > 0 and height > 0:
        return (
            f"części ekranu {REACH_LOW_MM}–{REACH_HIGH_MM} mm nad podłogą (ekran zamontowany "
            f"{bottom}–{bottom + height} mm nad podłogą)"
        )
    return "dolnej połowy ekranu" if into else "dolnej połowie ekranu"


def _adjective(name: str) -> str:
    return name + "m"  # polski -> polskim, ukraiński -> ukraińskim


def _contact(options: StatementOptions, todo: _Todo) -> Section:
    person = todo.value(
        "a11y-osoba",
        options.contact_name,
        "imię i nazwisko osoby odpowiedzialnej za dostępność",
        "the contact person's name: give --contact-name",
    )
    email = todo.value("a11y-email", options.contact_email, "adres e-mail", "the contact e-mail: give --contact-email")
    if not email.todo:
        email = Value(email.id, email.text, href=f"mailto:{email.text}")
    phone = todo.value(
        "a11y-telefon", options.contact_phone, "numer telefonu", "the contact telephone: give --contact-phone"
    )
    return Section(
        "a11y-kontakt",
        "Informacje zwrotne i dane kontaktowe",
        (
            p(
                "Każdy może zgłosić uwagi o dostępności kiosku, poprosić o informację niedostępną w kiosku "
                "w innej, dostępnej formie albo zażądać zapewnienia dostępności. Uwagi i wnioski rozpatruje:",
            ),
            ul(
                ("Osoba kontaktowa: ", person, "."),
                ("E-mail: ", email, "."),
                ("Telefon: ", phone, "."),
            ),
            p("Tą samą drogą można składać żądania zapewnienia dostępności i skargi opisane poniżej."),
        ),
    )


def _procedure() -> Section:
    return Section(
        "a11y-procedura",
        "Procedura wnioskowo-skargowa",
        (
            p(
                "Każdy ma prawo wystąpić z żądaniem zapewnienia dostępności cyfrowej kiosku lub jego elementu. "
                "Można też zażądać udostępnienia informacji w alternatywny sposób, na przykład przez odczytanie "
                "niedostępnego dokumentu lub opisanie zawartości ekranu.",
            ),
            p(
                "Żądanie powinno zawierać dane osoby, która je zgłasza, wskazanie, którego kiosku lub którego "
                "jego elementu dotyczy, oraz sposób kontaktu. Osoba, która potrzebuje informacji w alternatywnej "
                "formie, powinna wskazać dogodny dla siebie sposób jej przekazania.",
            ),
            p(
                "Podmiot publiczny realizuje żądanie niezwłocznie, nie później niż w ciągu 7 dni od dnia jego "
                "złożenia. Jeżeli dotrzymanie tego terminu nie jest możliwe, niezwłocznie informuje o tym osobę "
                "zgłaszającą i podaje, kiedy żądanie zrealizuje; ten termin nie może być dłuższy niż 2 miesiące "
                "od dnia złożenia żądania. Jeżeli zapewnienie dostępności nie jest możliwe, podmiot może "
                "zaproponować alternatywny sposób dostępu do informacji.",
            ),
            p(
                "Jeżeli podmiot publiczny odmówi realizacji żądania zapewnienia dostępności lub alternatywnego "
                "sposobu dostępu do informacji, osoba zgłaszająca może złożyć skargę do tego podmiotu. "
                "Po wyczerpaniu tej procedury można złożyć wniosek do Rzecznika Praw Obywatelskich "
                "(www.rpo.gov.pl).",
            ),
        ),
    )


def _architecture(config: KioskConfig, todo: _Todo) -> Section:
    blocks = [
        p(
            todo.text(
                "adres budynku, miejsce kiosku w budynku i opis dostępności architektonicznej: wejście, podjazd, "
                "windy, toalety, miejsca parkingowe, pętla indukcyjna, oznaczenia dla osób niewidomych, "
                "wejście z psem asystującym",
                "the building's address and architectural accessibility: edit the section "
                "'Dostępność architektoniczna'",
            ),
        ),
    ]
    bottom, height = config.kiosk.screen_bottom_mm, config.kiosk.screen_height_mm
    if bottom > 0 and height > 0:
        blocks.append(
            p(
                f"Ekran kiosku jest zamontowany {bottom}–{bottom + height} mm nad podłogą; w zasięgu ręki osoby "
                f"na wózku ({REACH_LOW_MM}–{REACH_HIGH_MM} mm nad podłogą) leży "
                f"{round(band_share(bottom, height) * 100)} % jego wysokości.",
            )
        )
    return Section("a11y-architektura", "Dostępność architektoniczna", tuple(blocks))
