"""``kiosk accessibility-statement``: the deklaracja dostępności a Polish public body must
publish (ustawa z 4 kwietnia 2019 r. o dostępności cyfrowej), in the sections of the
minister's template, filled from the config in force and from what this program does.

One job: the text. :func:`accessibility_statement` is pure (config and options in, a
complete HTML5 document or Markdown out); the words are in ``statement_text``, the
document and its writing in ``statement_doc``; here the command line around them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk import exit_codes
from kiosk.core.technician import TN_, tech

if TYPE_CHECKING:
    from kiosk.commands.statement_text import StatementOptions
    from kiosk.config.schema import KioskConfig


def accessibility_statement(config: KioskConfig, options: StatementOptions, fmt: str = "html") -> str:
    """The statement as a complete HTML5 document (``fmt="html"``) or as Markdown (``"md"``)."""
    from kiosk.commands.statement_doc import render_html, render_markdown
    from kiosk.commands.statement_text import build_statement

    statement = build_statement(config, options)
    return render_markdown(statement) if fmt == "md" else render_html(statement)


# ---------------------------------------------------------------- the command

#: What ``statement_text`` lists in ``Statement.todo`` (English there), marked here for the
#: technician's catalogue: the warnings print them in the technician's language.
TODO_TEXTS = (
    TN_("the public body's full name: give --entity (or set [kiosk] county / gmina)"),
    TN_("how to reach the online Polish Sign Language (PJM) interpreter: edit the section "
        "'Informacje o tłumaczu języka migowego'"),
    TN_("the contact person's name: give --contact-name"),
    TN_("the contact e-mail: give --contact-email"),
    TN_("the contact telephone: give --contact-phone"),
    TN_("the building's address and architectural accessibility: edit the section 'Dostępność architektoniczna'"),
)  # fmt: skip


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "accessibility-statement",
        help=tech("the deklaracja dostępności (Polish accessibility statement) of this kiosk, as HTML or Markdown"),
    )
    parser.add_argument("--config", type=Path, default=None, help=tech("the kiosk's config file"))
    parser.add_argument("--format", choices=("html", "md"), default="html")
    parser.add_argument("--output", type=Path, default=None, help=tech("file to write (default: standard output)"))
    parser.add_argument("--entity", default="", metavar="NAME", help=tech("full name of the public body"))
    parser.add_argument("--contact-name", default="", metavar="NAME", help=tech("who handles accessibility requests"))
    parser.add_argument("--contact-email", default="", metavar="ADDRESS")
    parser.add_argument("--contact-phone", default="", metavar="NUMBER", help=tech("at least 9 digits"))
    parser.add_argument(
        "--published", default=None, metavar="YYYY-MM-DD", help=tech("publication date (default: today)")
    )
    parser.add_argument(
        "--updated", default=None, metavar="YYYY-MM-DD", help=tech("last significant update (default: --published)")
    )


def run(args: argparse.Namespace) -> int:
    from kiosk.commands.loading import load_config_reporting
    from kiosk.fleet.in_force import config_in_force

    today = dt.date.today()
    try:
        published = _date(args.published, "--published") if args.published else today
        updated = _date(args.updated, "--updated") if args.updated else published
    except ValueError as exc:
        return _fail(str(exc))
    if updated < published:
        return _fail(
            tech("--updated {updated} is before --published {published}", updated=updated, published=published)
        )
    local = load_config_reporting(args.config)
    if local is None:
        return exit_codes.CONFIG
    config = config_in_force(local).config  # what the kiosk on the screen runs, county release included
    from kiosk.commands.statement_doc import render_html, render_markdown
    from kiosk.commands.statement_text import StatementOptions, build_statement

    options = StatementOptions(
        prepared=today,
        published=published,
        updated=updated,
        contact_name=args.contact_name,
        contact_email=args.contact_email,
        contact_phone=args.contact_phone,
        entity=args.entity,
    )
    statement = build_statement(config, options)
    text = render_markdown(statement) if args.format == "md" else render_html(statement)
    try:
        if args.output is None:
            sys.stdout.write(text)
        else:
            args.output.write_text(text, encoding="utf-8")
    except OSError as exc:
        return _fail(tech("cannot write {output}: {reason}", output=args.output, reason=exc.strerror or exc))
    for line in (*(tech(text) for text in statement.todo), *_contact_doubts(options)):
        print(tech("kiosk accessibility-statement: warning: fill in {what}", what=line), file=sys.stderr)
    return exit_codes.OK


def _contact_doubts(options: StatementOptions) -> tuple[str, ...]:
    doubts = []
    if options.contact_email.strip() and "@" not in options.contact_email:
        doubts.append(tech("a valid e-mail: --contact-email {value} has no '@'", value=repr(options.contact_email)))
    digits = sum(c.isdigit() for c in options.contact_phone)
    if options.contact_phone.strip() and digits < 9:
        doubts.append(
            tech(
                "a full telephone number: --contact-phone {value} has under 9 digits", value=repr(options.contact_phone)
            )
        )
    return tuple(doubts)


def _date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            tech("{option} {text} is not a date; write YYYY-MM-DD, e.g. 2026-03-31", option=option, text=repr(text))
        ) from None


def _fail(message: str) -> int:
    print(tech("kiosk accessibility-statement: {message}", message=message), file=sys.stderr)
    return exit_codes.CONFIG
