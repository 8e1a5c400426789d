"""One line of ``kiosk doctor``: a status, what was checked, and what was found."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.core.technician import TN_, tech, translated

#: The status words stay PASS / WARN / FAIL in every language: technicians, scripts and the
#: docs grep for them. They still come from the catalogue (msgstr = msgid), like every word.
STATUS_WORDS = {"PASS": TN_("PASS"), "WARN": TN_("WARN"), "FAIL": TN_("FAIL")}


@dataclass(frozen=True)
class Check:
    status: str  # PASS | WARN | FAIL
    name: str  # in the technician's language (the doctor builds it with tech())
    detail: str = ""  # likewise

    def line(self) -> str:
        status = f"{translated(STATUS_WORDS.get(self.status, self.status)):<4}"
        if self.detail:
            return tech("{status}  {name}: {detail}", status=status, name=self.name, detail=self.detail)
        return tech("{status}  {name}", status=status, name=self.name)
