"""Short explanations for what the kiosk refused on purpose, shown as a toast."""

from __future__ import annotations

from kiosk.core.i18n import N_, tr
from kiosk.web.events import Notice

CRASH_TEXT = N_("Strona przestała działać. Wróciliśmy do strony głównej — możesz otworzyć usługę jeszcze raz.")

NOTICE_TEXTS = {
    Notice.DOWNLOAD: N_("Pobieranie plików nie jest dostępne w infomacie."),
    Notice.UPLOAD: N_("Wysyłanie plików nie jest dostępne w infomacie."),
    Notice.PRINT: N_("Drukowanie nie jest dostępne w infomacie."),
    Notice.HTTP_AUTH: N_("Ta strona wymaga logowania, którego infomat nie obsługuje."),
    Notice.CLIENT_CERTIFICATE: N_("Logowanie certyfikatem nie jest dostępne w infomacie."),
    Notice.PERMISSION: N_("Infomat nie udostępnia kamery, mikrofonu ani lokalizacji."),
    Notice.DIALOGS_SUPPRESSED: N_("Strona wyświetla zbyt wiele komunikatów; kolejne zostały pominięte."),
}


def notice_text(key: str, language: str) -> str | None:
    text = NOTICE_TEXTS.get(key)
    return tr(text, language) if text else None
