"""What the kiosk says for a control, a cover or a web field: its name, what it is, its
state — in the visitor's language. Never what a visitor typed (EN 301 549 5.1.3.9)."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget

from kiosk.core.i18n import N_, tr

BUTTON = N_("przycisk")
CHECKED = N_("włączone")
UNCHECKED = N_("wyłączone")
TEXT_FIELD = N_("pole tekstowe")
PASSWORD_FIELD = N_("pole hasła")
LINK = N_("link")


def control_name(widget: QWidget) -> str:
    name = widget.accessibleName()
    if not name and isinstance(widget, QAbstractButton):
        name = widget.text()
    return name.replace("&", "").strip()


def describe(widget: QWidget, language: str) -> str:
    """ "Profil Zaufany, Logowanie do e-usług, przycisk" — name, description, role, state."""
    parts = [control_name(widget), widget.accessibleDescription()]
    if isinstance(widget, QAbstractButton):
        parts.append(tr(BUTTON, language))
        if widget.isCheckable():
            parts.append(tr(CHECKED if widget.isChecked() else UNCHECKED, language))
    elif isinstance(widget, QLineEdit):
        password = widget.echoMode() != QLineEdit.EchoMode.Normal
        parts.append(tr(PASSWORD_FIELD if password else TEXT_FIELD, language))
    return ", ".join(part for part in parts if part)


def control_at(widget: QWidget | None) -> QWidget | None:
    """The control a tap on ``widget`` (the deepest widget under the finger) belongs to."""
    while widget is not None and not widget.isWindow():
        if isinstance(widget, (QAbstractButton, QLineEdit)) and widget.isEnabled():
            return widget
        widget = widget.parentWidget()
    return None


def cover_text(cover: QWidget) -> str:
    """What a cover (idle warning, closed screen, alert) says: its visible texts in order,
    then its buttons."""
    texts = [label.text() for label in cover.findChildren(QLabel) if label.isVisibleTo(cover) and label.text()]
    buttons = [control_name(button) for button in cover.findChildren(QAbstractButton) if button.isVisibleTo(cover)]
    return ". ".join([*texts, *(name for name in buttons if name)])


#: Reads the focused element of a page: its label and kind, never its value. As JSON text:
#: a JavaScript array reached PySide6's callback as '' (measured 6.11).
FIELD_SCRIPT = """(() => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return null;
  const text = (s) => (s || '').replace(/\\s+/g, ' ').trim().slice(0, 200);
  let label = e.labels && e.labels.length ? text(e.labels[0].innerText) : '';
  const by = e.getAttribute('aria-labelledby');
  if (!label && by) label = text(by.split(/\\s+/).map(id => (document.getElementById(id) || {}).innerText).join(' '));
  label = label || text(e.getAttribute('aria-label')) || text(e.placeholder) || text(e.title);
  if (!label && !('value' in e && e.tagName !== 'BUTTON')) label = text(e.innerText);
  return JSON.stringify([label, e.tagName.toLowerCase(), (e.getAttribute('type') || '').toLowerCase()]);
})()"""

#: The page's main text, on request (innerText holds no field's value).
MAIN_TEXT_SCRIPT = """(() => {
  const main = document.querySelector('main, [role=main], article') || document.body;
  return main ? main.innerText.replace(/\\s+/g, ' ').trim().slice(0, 6000) : '';
})()"""


def describe_field(found: object, language: str) -> str:
    """What FIELD_SCRIPT returned, said: "PESEL, pole tekstowe"."""
    if isinstance(found, str):
        try:
            found = json.loads(found)
        except ValueError:
            return ""
    if not isinstance(found, list) or len(found) != 3 or not all(isinstance(x, str) for x in found):
        return ""
    label, tag, kind = found
    if tag in ("input", "textarea") and kind not in ("button", "submit", "checkbox", "radio"):
        role = PASSWORD_FIELD if kind == "password" else TEXT_FIELD
    elif tag == "a":
        role = LINK
    elif tag in ("button", "input", "select"):
        role = BUTTON
    else:
        role = ""
    return ", ".join(part for part in (label, tr(role, language) if role else "") if part)
