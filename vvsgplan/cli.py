"""The command line: parse, call the core, render. Nothing else lives here."""

from __future__ import annotations

import contextlib
import os
import sys
from datetime import UTC, date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeAlias

import typer
from typer.core import TyperGroup

from vvsgplan.errors import (
    INTERRUPTED,
    OK,
    WRITE_FAILED,
    PlanError,
    Problem,
    UsageError,
    VvsgplanError,
)
from vvsgplan.fields import (
    ACTION,
    DAY,
    DONE_ON,
    FILES,
    RECOMMENDATION,
    RESPONSES,
    STATUSES,
    schema_file,
)

if TYPE_CHECKING:  # imported where used, so that each command loads only what it needs
    from vvsgplan.change import Outcome, Request
    from vvsgplan.deadline_types import Window
    from vvsgplan.fields import Record
    from vvsgplan.model import Action, Plan
    from vvsgplan.portfolio import View
    from vvsgplan.query import Period
    from vvsgplan.render import Doc


class _Group(TyperGroup):
    """Turns every VvsgplanError into its message on stderr and its exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except VvsgplanError as e:
            from vvsgplan.safe import one_line

            for line in e.lines():
                typer.echo(one_line(line), err=True)
            raise typer.Exit(e.exit_code) from None


_SETTINGS: dict[str, Any] = {
    "cls": _Group,
    "name": "vvsgplan",
    "help": "Follow up an evaluation's management response: recommendations, responses "
    "and the action plan, kept as YAML under git.",
    "no_args_is_help": True,
    "pretty_exceptions_enable": False,
    "rich_markup_mode": None,
    "context_settings": {"help_option_names": ["-h", "--help"]},
}
app = typer.Typer(**_SETTINGS)


class Format(StrEnum):
    """Every output format; each command offers those it writes (below)."""

    table = "table"
    text = "text"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    html = "html"
    github = "github"


def _choice(name: str, values: tuple[str, ...]) -> Any:
    """An option's choices as Typer lists them, of values defined once elsewhere: their
    members compare equal to those values (and to Format's)."""
    return StrEnum(name, {v.replace("-", "_"): v for v in values})


# Each command's formats. Type checkers see Format (or str), of which they are subsets.
if TYPE_CHECKING:
    DocFormat: TypeAlias = Format
    ReportFormat: TypeAlias = Format
    CheckFormat: TypeAlias = Format
    DigestFormat: TypeAlias = Format
    Status: TypeAlias = StrEnum
    Response: TypeAlias = StrEnum
    SchemaFile: TypeAlias = StrEnum
else:
    F = Format  # a format no command writes, or a misspelt one, cannot be offered
    DocFormat = _choice("DocFormat", (F.table, F.json, F.csv, F.markdown))
    ReportFormat = _choice("ReportFormat", (F.table, F.markdown, F.html, F.json))
    CheckFormat = _choice("CheckFormat", (F.text, F.github, F.json))
    DigestFormat = _choice("DigestFormat", (F.text, F.markdown, F.json))
    Status = _choice("Status", STATUSES)
    Response = _choice("Response", RESPONSES)
    SchemaFile = _choice("SchemaFile", tuple(FILES))


def _plan_folder(ctx: typer.Context) -> Path | None:
    data: Path | None = ctx.find_root().params.get("data")
    return data


def _view(ctx: typer.Context, data: Path | None = None) -> View:
    """The plans in view: --data, --plan and --all, else what discovery finds from here
    (found once per command)."""
    from vvsgplan.portfolio import view

    root = ctx.find_root()
    params = root.params
    views: dict[Path | None, View] = root.meta.setdefault("vvsgplan.views", {})
    if data not in views:
        views[data] = view(
            data or _plan_folder(ctx), every=bool(params.get("every")), name=params.get("plan")
        )
    return views[data]


def _load(ctx: typer.Context, *, check_deadlines: bool = False) -> Plan:
    """The plans in view, read: one plan as it is, several as one whose ids name their
    plan (PLAN/ID)."""
    from vvsgplan.portfolio import combine, load_each

    found = _view(ctx)
    plans = load_each(found.plans, check_deadlines=check_deadlines, cache=_cache(ctx))
    return combine(plans, found.root)


def _cache(ctx: typer.Context) -> bool:
    """Whether read commands take unchanged plan files from the parse cache."""
    from vvsgplan.cache import wanted

    return wanted(bool(ctx.find_root().params.get("no_cache")))


def _folders(ctx: typer.Context) -> list[Path]:
    """The plan folders in view: what an output file may never overwrite."""
    return [ref.folder for ref in _view(ctx).plans]


def _complete(ctx: typer.Context, incomplete: str, *kinds: str) -> list[str]:
    """The plan's names of these kinds ("recommendations", "actions", "owners") that start
    with what was typed, as PLAN/ID when several plans are in view; vvsgplan.completion
    quotes them for the shell."""
    from vvsgplan.load import scan_names
    from vvsgplan.portfolio import SEPARATOR

    try:
        found = _view(ctx)
    except VvsgplanError:
        return []
    wanted = incomplete.casefold()
    offered: dict[str, None] = {}
    for ref in found.plans:
        names = scan_names(ref.folder)._asdict()
        for kind in kinds:
            for n in names[kind]:
                shown = n if kind == "owners" or not found.many else f"{ref.name}{SEPARATOR}{n}"
                if shown.casefold().startswith(wanted):
                    offered[shown] = None
    return list(offered)


def _complete_plans(ctx: typer.Context, incomplete: str) -> list[str]:
    """The names of the portfolio's plans."""
    from vvsgplan.portfolio import locate, portfolio

    try:
        plans = portfolio(locate(_plan_folder(ctx)))
    except VvsgplanError:
        return []
    wanted = incomplete.casefold()
    return [p.name for p in plans if p.name.casefold().startswith(wanted)]


def _complete_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    return _complete(ctx, incomplete, "recommendations", "actions")


def _complete_actions(ctx: typer.Context, incomplete: str) -> list[str]:
    return _complete(ctx, incomplete, "actions")


def _complete_recs(ctx: typer.Context, incomplete: str) -> list[str]:
    return _complete(ctx, incomplete, "recommendations")


def _complete_owners(ctx: typer.Context, incomplete: str) -> list[str]:
    return _complete(ctx, incomplete, "owners")


def _settable_of(ctx: typer.Context) -> list[str]:
    """The fields `set` changes of the entry the command line names (both kinds' when
    it names none the plan has)."""
    from vvsgplan.entries import RECORD, settable
    from vvsgplan.load import scan_names
    from vvsgplan.portfolio import split

    ident = split(str(ctx.params.get("ident") or ""))[1].casefold()
    kinds = list(RECORD)
    try:
        for ref in _view(ctx).plans:
            names = scan_names(ref.folder)
            if any(r.casefold() == ident for r in names.recommendations):
                kinds = ["recommendation"]
            elif any(a.casefold() == ident for a in names.actions):
                kinds = ["action"]
    except VvsgplanError:
        pass
    return list(dict.fromkeys(f.name for kind in kinds for f in settable(RECORD[kind])))


def _complete_fields(ctx: typer.Context, incomplete: str) -> list[str]:
    """The fields `set` changes of the entry named before."""
    return [name for name in _settable_of(ctx) if name.startswith(incomplete.casefold())]


def _complete_values(ctx: typer.Context, incomplete: str) -> list[str]:
    """A new value of the field named before: owners, recommendations or responses."""
    field = str(ctx.params.get("field") or "").replace("-", "_").casefold()
    if field == "owner":
        return _complete_owners(ctx, incomplete)
    if field == "recommendations":
        return _complete_recs(ctx, incomplete)
    if field == "response":
        return [r for r in RESPONSES if r.startswith(incomplete.casefold())]
    return []


def _complete_files(ctx: typer.Context, incomplete: str) -> list[str]:
    """Nothing: the shell completes file and folder names."""
    return []


def _window(text: str | None, option: str, today: date | None = None) -> Window | None:
    """A period from the command line; `today` (--as-of, else the clock's) is the day
    that `yesterday`, `+30d` and the like count from."""
    if text is None:
        return None
    from vvsgplan.deadline_types import iso_window

    found = iso_window(text)
    if found is not None:
        return found
    from vvsgplan.deadline import DeadlineError, period

    try:
        return period(text, today or date.today())
    except DeadlineError as e:
        raise UsageError(f"{option}: {e}") from None


def _as_of(text: str | None) -> date:
    window = _window(text, "--as-of")
    if window is None or window.start is None:
        return date.today()
    return window.start


def _day(text: str | None, option: str, today: date) -> date | None:
    """A single day from the command line, or None when not given."""
    window = _window(text, option, today)
    if window is None:
        return None
    if window.start != window.end or window.start is None:
        raise UsageError(f"{option}: {text!r} is not a single day; give one, like 2019-08-30")
    return window.start


def _utf8(text: str | None, option: str) -> str | None:
    """Text to be written into a file, which is UTF-8: bytes that are not (a terminal set
    to another encoding) reach Python as surrogates, and are refused here."""
    if text is not None and any("\ud800" <= c <= "\udfff" for c in text):
        raise UsageError(f"{option} is not valid UTF-8; write it in UTF-8")
    return text


def _plan_text(text: str | None, option: str) -> str | None:
    """Text a changing command writes into the plan, refused before anything is changed
    when the plan may not hold it (a control character, bytes that are not UTF-8)."""
    from vvsgplan.safe import NO_CONTROL, control_character

    control = None if _utf8(text, option) is None else control_character(text or "")
    if control is not None:
        raise UsageError(f"{option} holds the control character {control}; {NO_CONTROL}")
    return text


def _period(
    before: str | None, by: str | None, after: str | None, today: date | None = None
) -> Period:
    from vvsgplan.query import Period

    return Period(
        before=_window(before, "--before", today),
        by=_window(by, "--by", today),
        after=_window(after, "--after", today),
    )


def _render(doc: Doc, fmt: Format) -> None:
    from vvsgplan.render import render

    render(doc, fmt.value)


FormatOption = Annotated[
    DocFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
]
BeforeOption = Annotated[
    str | None,
    typer.Option(
        help="Deadline ends before this period starts: --before 2020-01 means by 31 Dec 2019."
    ),
]
ByOption = Annotated[
    str | None, typer.Option(help="Deadline ends on or before the last day of this period.")
]
AfterOption = Annotated[
    str | None, typer.Option(help="Deadline ends after the last day of this period.")
]
OwnerOption = Annotated[
    str | None,
    typer.Option(
        help="Only actions this owner shares (any of their owners, any case).",
        autocompletion=_complete_owners,
    ),
]


@app.callback()
def _root(
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            help="A plan folder (holding recommendations.yaml and actions.yaml), or a "
            "portfolio's folder (holding plans/). Default: $VVSGPLAN_DATA, else the plan "
            "or portfolio found from here upwards.",
            show_default=False,
            autocompletion=_complete_files,
        ),
    ] = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Read the plan files even when they are unchanged since the last run "
            "(also VVSGPLAN_NO_CACHE=1).",
        ),
    ] = False,
    plan: Annotated[
        str | None,
        typer.Option(
            "--plan",
            "-p",
            help="The portfolio's plan of this name (its folder below plans/), from "
            "wherever you are.",
            show_default=False,
            autocompletion=_complete_plans,
        ),
    ] = None,
    every: Annotated[
        bool,
        typer.Option(
            "--all", "-a", help="Every plan of the portfolio, also from inside one plan's folder."
        ),
    ] = False,
) -> None:
    """Follow up an evaluation's management response."""
    if plan is not None and every:
        raise UsageError("give --plan NAME or --all, not both")


@app.command("list")
def list_(
    ctx: typer.Context,
    owner: OwnerOption = None,
    status: Annotated[Status | None, typer.Option(help="Only actions with this status.")] = None,
    rec: Annotated[
        str | None,
        typer.Option(
            help="Only actions answering this recommendation (its id).",
            autocompletion=_complete_recs,
        ),
    ] = None,
    before: BeforeOption = None,
    by: ByOption = None,
    after: AfterOption = None,
    undated: Annotated[
        bool, typer.Option(help="Only actions with no fixed deadline and no dated open milestone.")
    ] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """Every action of the plan, in plan order, optionally filtered."""
    from vvsgplan.query import select
    from vvsgplan.views import action_list

    period = _period(before, by, after)
    plan = _load(ctx)
    found = select(
        plan,
        owner=owner,
        status=status.value if status else None,
        rec=rec,
        period=period,
        undated=undated,
    )
    _render(action_list(found), fmt)


@app.command()
def due(
    ctx: typer.Context,
    before: BeforeOption = None,
    by: ByOption = None,
    after: AfterOption = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Mark as overdue what is due before this day [today]."),
    ] = None,
    owner: OwnerOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Open and in-progress actions and open milestones, soonest deadline first."""
    from vvsgplan.query import due as compute_due
    from vvsgplan.views import due_list

    day = _as_of(as_of)
    period = _period(before, by, after, day)
    plan = _load(ctx)
    found = compute_due(plan, as_of=day, period=period, owner=owner)
    _warn_unplaced(found.unreadable)
    _render(due_list(found, day), fmt)


def _warn_unplaced(unreadable: list[tuple[Action, str]]) -> None:
    """Name the open actions that no list can hold: their deadline cannot be read."""
    from vvsgplan.safe import one_line

    for action, message in unreadable:
        warning = f"vvsgplan: warning: cannot place {action.id}: {message}"
        typer.echo(one_line(warning), err=True)


@app.command()
def show(
    ctx: typer.Context,
    ident: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]",
            help="A recommendation's or an action's id (4, R1, D2) [the plan's context].",
            autocompletion=_complete_ids,
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """One recommendation with its response and actions, or one action; without an id,
    the evaluation the plan follows up (as `info`). In a portfolio, PLAN/ID."""
    from vvsgplan.model import Recommendation
    from vvsgplan.query import find
    from vvsgplan.views import action_doc, recommendation_doc

    if ident is None:
        _info(ctx, fmt)
        return
    plan, local = _plan_of(ctx, ident)
    found = find(plan, local)
    if isinstance(found, Recommendation):
        _render(recommendation_doc(plan, found), fmt)
    else:
        _render(action_doc(plan, found), fmt)


def _plan_of(ctx: typer.Context, ident: str) -> tuple[Plan, str]:
    """The plan an id belongs to, read (that plan only), and the id to find in it: as
    PLAN/ID when it names its plan or several plans are in view."""
    from vvsgplan.portfolio import load, qualify, target

    found = target(_view(ctx), ident)
    plan = load(found.plan, cache=_cache(ctx))
    if not found.qualified:
        return plan, found.local
    return qualify(found.plan.name, plan), f"{found.plan.name}/{found.local}"


@app.command()
def info(ctx: typer.Context, fmt: FormatOption = Format.table) -> None:
    """The evaluation the plan follows up, the management response, the plan in figures;
    in a portfolio, one line per plan."""
    _info(ctx, fmt)


def _info(ctx: typer.Context, fmt: Format) -> None:
    from vvsgplan.views import info_doc

    found = _view(ctx)
    if not found.many:
        _render(info_doc(_load(ctx)), fmt)
        return
    from vvsgplan.portfolio import load_each
    from vvsgplan.views import plans_doc

    _render(plans_doc(load_each(found.plans, cache=_cache(ctx))), fmt)


@app.command()
def recs(ctx: typer.Context, fmt: FormatOption = Format.table) -> None:
    """The recommendations with their response and progress (actions done / total)."""
    from vvsgplan.views import recommendation_list

    _render(recommendation_list(_load(ctx)), fmt)


@app.command()
def when(
    text: Annotated[str, typer.Argument(help="A deadline as a plan would write it.")],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Say how the deadline stands on this day [today].")
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Explain how a deadline text is read: its kind, first and last day, its steps, and
    the role each word played."""
    from vvsgplan.deadline import DeadlineError, read
    from vvsgplan.deadline_words import shown
    from vvsgplan.views import when_doc

    day = _as_of(as_of)
    try:
        found = read(text)
    except DeadlineError as e:
        raise UsageError(f"cannot read {shown(text)}: {e}") from None
    _render(when_doc(text, found, day), fmt)


@app.command()
def check(
    ctx: typer.Context,
    fmt: Annotated[
        CheckFormat,
        typer.Option(
            "--format",
            "-f",
            help="text: file:line:column: message on stderr; github: GitHub Actions "
            "annotations; json: a list of problems (both on stdout).",
            case_sensitive=False,
        ),
    ] = Format.text,
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            help="The plan or portfolio folder, as `vvsgplan --data DIR` (for a pre-commit "
            "hook's args).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Validate the plan (every plan in view): print each problem as file:line:column:
    message, exit 1 if any.

    Silent, with exit 0, when all is well. Warnings (file:line:column: warning: ...)
    do not fail the check."""
    from vvsgplan.portfolio import load_each

    warnings: list[Problem] = []
    try:
        plans = _view(ctx, data).plans
        load_each(plans, check_deadlines=True, warnings=warnings, cache=_cache(ctx))
    except PlanError as e:
        if e.problems and warnings:
            # The problems last: they are what fails the check, and where one looks first.
            e = PlanError([*_in_order(warnings), *e.problems])
        if fmt == Format.text:
            raise e from None
        _check_report(e, fmt)
        raise typer.Exit(e.exit_code) from None
    warnings = _in_order(warnings)
    if fmt != Format.text:
        _check_report(PlanError(warnings), fmt)
        return
    from vvsgplan.safe import printable

    for warning in warnings:
        typer.echo(printable(str(warning)), err=True)


def _in_order(problems: list[Problem]) -> list[Problem]:
    """Each file's problems in the order of their lines, the files as first named."""
    files = list(dict.fromkeys(p.file for p in problems))
    return sorted(problems, key=lambda p: (files.index(p.file), p.line, p.column))


def _check_report(error: PlanError, fmt: CheckFormat) -> None:
    from vvsgplan.ci import github, problems_json

    typer.echo(github(error) if fmt == Format.github else problems_json(error), nl=False)


@app.command()
def schema(
    file: Annotated[
        SchemaFile | None, typer.Argument(help="Only this file's schema [all, by file name].")
    ] = None,
    write: Annotated[
        Path | None,
        typer.Option(
            "--write",
            metavar="DIR",
            help="Write NAME.schema.json for each file into DIR, the plan's folder: the "
            "plan files' first line points editors there.",
            autocompletion=_complete_files,
        ),
    ] = None,
) -> None:
    """Print the JSON Schema of the plan files, for editors that validate YAML as you type."""
    import json

    from vvsgplan.schema import json_schema, schema_text

    names = [file.value] if file is not None else list(FILES)
    if write is None:
        data: dict[str, Any] = (
            json_schema(names[0])
            if file is not None
            else {f"{name}.yaml": json_schema(name) for name in names}
        )
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    from vvsgplan.safe import printable
    from vvsgplan.store import WriteError, write_output

    try:
        write.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise WriteError(f"cannot make {write}: {e.strerror}") from None
    for name in names:
        path = write / schema_file(name)
        text = schema_text(name)
        # Beside the plan files: never over one of them.
        write_output(path, text, write)
        typer.echo(printable(f"Wrote {path}"), err=True)


class Lang(StrEnum):
    nl = "nl"
    en = "en"


@app.command()
def report(
    ctx: typer.Context,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Report the state on this day [today].")
    ] = None,
    fmt: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
    ] = Format.table,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file, not to the screen.",
            autocompletion=_complete_files,
        ),
    ] = None,
    lang: Annotated[
        Lang | None, typer.Option(help="Labels in Dutch or English [nl for markdown and html].")
    ] = None,
    horizon: Annotated[
        int, typer.Option(min=0, max=36_600, help="Days ahead that count as approaching.")
    ] = 30,
    since: Annotated[
        str | None,
        typer.Option(
            help="Completed and changed since this day, or this git revision "
            "[90 days before --as-of]."
        ),
    ] = None,
    title: Annotated[str | None, typer.Option(help="The report's title.")] = None,
    owner: OwnerOption = None,
    rec: Annotated[
        str | None,
        typer.Option(
            help="Only the actions answering this recommendation (its id).",
            autocompletion=_complete_recs,
        ),
    ] = None,
) -> None:
    """A follow-up report: the evaluation, headline figures, progress and ratings per
    recommendation, owners, overdue and coming up, changes, progress over time, a timeline."""
    import io

    from vvsgplan.model import Plan
    from vvsgplan.render import render
    from vvsgplan.report import build, narrow, scope_of
    from vvsgplan.timeline import build as build_timeline
    from vvsgplan.trend import resolve_since

    day = _as_of(as_of)
    title = _utf8(title, "--title")
    language = (
        lang or (Lang.nl if fmt in (ReportFormat.markdown, ReportFormat.html) else Lang.en)
    ).value
    if _view(ctx).many:
        if since is not None or rec is not None:
            option = "--since" if since is not None else "--rec"
            raise UsageError(
                f"{option} narrows one evaluation's report: add --plan NAME (the portfolio "
                "report takes --as-of, --horizon, --owner, --title, --lang, --format, -o)"
            )
        text = _portfolio_report(ctx, day, fmt, language, horizon, title, owner, output)
        _write_report(ctx, text, output)
        return
    plan = _load(ctx)
    scope = scope_of(plan, owner, rec)
    since_from = resolve_since(plan.folder, since, day)
    figures = build(
        plan, as_of=day, horizon=horizon, since=since_from, scope=scope, cache=_cache(ctx)
    )
    # The timeline keeps every recommendation's title: an action is drawn under its first.
    shown = narrow(plan, scope)
    _warn_unplaced(list(figures.unplaced))
    chart = build_timeline(Plan(plan.folder, plan.recommendations, shown.actions), as_of=day)
    if fmt == Format.html:
        from vvsgplan.html import page

        text = page(figures, chart, language, title)
    else:
        from vvsgplan.report_views import report_doc

        doc = report_doc(figures, chart, language, title)
        buffer = io.StringIO()
        render(doc, fmt.value, buffer if output else None)
        if not output:
            return
        text = buffer.getvalue()
    _write_report(ctx, text, output)


def _portfolio_report(
    ctx: typer.Context,
    day: date,
    fmt: ReportFormat,
    language: str,
    horizon: int,
    title: str | None,
    owner: str | None,
    output: Path | None,
) -> str | None:
    """The report across the plans in view: the page, or None when it went to the
    screen."""
    import io

    from vvsgplan.portfolio import load_each
    from vvsgplan.portfolio_report import build_portfolio, portfolio_scope
    from vvsgplan.render import render

    plans = load_each(_view(ctx).plans, cache=_cache(ctx))
    scope = portfolio_scope(plans, owner)
    found = build_portfolio(plans, as_of=day, horizon=horizon, scope=scope)
    if fmt == ReportFormat.html:
        from vvsgplan.portfolio_html import page

        return page(found, language, title)
    from vvsgplan.portfolio_views import portfolio_doc

    buffer = io.StringIO()
    render(portfolio_doc(found, language, title), fmt.value, buffer if output else None)
    return buffer.getvalue() if output else None


def _write_report(ctx: typer.Context, text: str | None, output: Path | None) -> None:
    """The report to the screen (unless already there: None) or to the file asked for."""
    if text is None:
        return
    if output is None:
        typer.echo(text, nl=False)
        return
    from vvsgplan.safe import one_line
    from vvsgplan.store import write_output

    write_output(output, text, *_folders(ctx))
    typer.echo(one_line(f"Wrote {output}"), err=True)


@app.command()
def digest(
    ctx: typer.Context,
    owner: OwnerOption = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="The day of the digest [today].")
    ] = None,
    days: Annotated[
        int, typer.Option(min=0, help="Days ahead that count as due soon, and back as recent.")
    ] = 30,
    fmt: Annotated[
        DigestFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
    ] = Format.text,
    lang: Annotated[
        Lang | None, typer.Option(help="Labels in Dutch or English [nl for markdown].")
    ] = None,
    split: Annotated[
        Path | None,
        typer.Option(help="Write one file per owner into this folder, not to the screen."),
    ] = None,
) -> None:
    """Each owner's list, to paste into an e-mail: overdue, due within --days, waiting
    without a deadline, done in the last --days."""
    import io

    from vvsgplan.digest import digest_doc, digest_json, digests, file_name
    from vvsgplan.query import due as compute_due
    from vvsgplan.render import Doc, render

    day = _as_of(as_of)
    language = (lang or (Lang.nl if fmt == Format.markdown else Lang.en)).value
    plan = _load(ctx)
    found = digests(plan, as_of=day, days=days, owner=owner)
    _warn_unplaced(compute_due(plan, as_of=day, owner=owner).unreadable)
    style = "table" if fmt == Format.text else fmt.value
    if split is None:
        render(digest_doc(found, as_of=day, days=days, lang=language), style)
        return
    from vvsgplan.safe import one_line
    from vvsgplan.store import WriteError, write_output

    try:
        split.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise WriteError(f"cannot make {split}: {e.strerror}") from None
    suffix = {"text": ".txt", "markdown": ".md", "json": ".json"}[fmt.value]
    taken: set[str] = set()
    for one in found:
        buffer = io.StringIO()
        doc = digest_doc([one], as_of=day, days=days, lang=language)
        # One owner's file holds an object, not a list of one.
        render(Doc(doc.blocks, digest_json(one)), style, buffer)
        path = split / file_name(one.owner, taken, suffix)
        write_output(path, buffer.getvalue(), *_folders(ctx))
        typer.echo(one_line(f"Wrote {path}"), err=True)


@app.command()
def ics(
    ctx: typer.Context,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file, not to the screen.")
    ] = None,
    owner: OwnerOption = None,
    lang: Annotated[Lang, typer.Option(help="Labels of the descriptions.")] = Lang.en,
) -> None:
    """Deadlines as an iCalendar file: an all-day event per open action and open milestone
    on its due day, with UIDs that stay the same, so a new import updates the events."""
    import os
    from datetime import datetime

    from vvsgplan.ics import LABELS, calendar, plan_key
    from vvsgplan.portfolio import combine, load_each
    from vvsgplan.query import due as compute_due

    view = _view(ctx)
    plans = load_each(view.plans, cache=_cache(ctx))
    plan = combine(plans, view.root)
    found = compute_due(plan, as_of=date.today(), owner=owner)
    _warn_unplaced(found.unreadable)
    rows = found.rows
    # SOURCE_DATE_EPOCH, as for reproducible builds, fixes the time the file was made.
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    try:
        made = datetime.fromtimestamp(int(epoch), UTC) if epoch else None
    except (ValueError, OverflowError):
        raise UsageError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds") from None
    context = plan.context
    name = context.evaluation.title if context and context.evaluation else "vvsgplan"
    if view.many:
        name = LABELS[lang.value]["calendar"]
    # Each event keeps its own plan's UID, in a portfolio's calendar as in its plan's.
    keys = {ref.name: plan_key(one) for ref, one in plans}
    made = made or datetime.now(UTC)
    text = calendar(plan, rows, made=made, lang=lang.value, name=name, keys=keys)
    if output is None:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
        return
    from vvsgplan.safe import one_line
    from vvsgplan.store import write_output

    write_output(output, text, *_folders(ctx))
    typer.echo(one_line(f"Wrote {output}"), err=True)


MAX_WIDTH = 1000  # wider than any screen or page; a chart of a billion columns is a typo


@app.command()
def timeline(
    ctx: typer.Context,
    from_: Annotated[
        str | None, typer.Option("--from", help="Start with this period [the plan's first].")
    ] = None,
    to: Annotated[str | None, typer.Option(help="End with this period [the plan's last].")] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Draw this day as a line and mark what is overdue [today]."),
    ] = None,
    width: Annotated[
        int | None,
        typer.Option(min=40, max=MAX_WIDTH, help="Characters across [the terminal's width]."),
    ] = None,
) -> None:
    """The plan over time: months across, one row per action grouped by recommendation."""
    from vvsgplan.render import Chart, Doc
    from vvsgplan.timeline import build

    day = _as_of(as_of)
    first, last = _window(from_, "--from", day), _window(to, "--to", day)
    plan = _load(ctx)
    chart = build(
        plan,
        as_of=day,
        start=first.start if first else None,
        end=last.end if last else None,
    )
    _render(Doc([Chart(chart, width)], None), Format.table)


# --- review through git ----------------------------------------------------------------


@app.command()
def diff(
    ctx: typer.Context,
    base: Annotated[
        str,
        typer.Argument(
            metavar="BASE",
            help="The revision to compare from; BASE...HEAD compares HEAD with the common "
            "ancestor of both, as a pull request does.",
        ),
    ] = "HEAD",
    head: Annotated[
        str | None,
        typer.Argument(metavar="[HEAD]", help="The revision to compare to [the working tree]."),
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """What changed in the plan between two git revisions, in plan terms.

    --format markdown writes a pull-request comment: a summary line, then each kind of
    change with old and new deadlines, the slip in days, and notes quoted."""
    from vvsgplan.portfolio import combine
    from vvsgplan.review import compare, plan_at, revisions
    from vvsgplan.review_views import diff_doc, diff_markdown

    found = _view(ctx)
    revs = revisions(found.plans[0].folder, base, head)
    # In a portfolio, each plan compared with itself; ids name their plan.
    old = combine([(ref, plan_at(ref.folder, revs.old)) for ref in found.plans], found.root)
    new = combine([(ref, plan_at(ref.folder, revs.new)) for ref in found.plans], found.root)
    changes = compare(old, new)
    if fmt == Format.markdown:
        typer.echo(diff_markdown(changes, revs, new), nl=False)
        return
    _render(diff_doc(changes, revs), fmt)


@app.command()
def history(
    ctx: typer.Context,
    ident: Annotated[
        str, typer.Argument(metavar="ID", help="An action id.", autocompletion=_complete_actions)
    ],
    fmt: FormatOption = Format.table,
) -> None:
    """The life of one action from git log: each change, when, by whom."""
    from vvsgplan.model import Action
    from vvsgplan.portfolio import load, target
    from vvsgplan.query import find
    from vvsgplan.review import history as compute_history
    from vvsgplan.review import moves
    from vvsgplan.review_views import history_doc

    where = target(_view(ctx), ident)
    plan = load(where.plan)

    def shown(local: str) -> str:
        return f"{where.plan.name}/{local}" if where.qualified else local

    try:
        found = find(plan, where.local)
    except UsageError:
        # An action removed from the plan still has its history in git.
        events = compute_history(plan.folder, where.local)
        if not events:
            raise
        _render(history_doc(shown(where.local), events, moves(events)), fmt)
        return
    if not isinstance(found, Action):
        raise UsageError(f"{ident} is a recommendation; history follows an action")
    events = compute_history(plan.folder, found.id)
    _render(history_doc(shown(found.id), events, moves(events)), fmt)


@app.command("merge-driver")
def merge_driver(
    ctx: typer.Context,
    files: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[BASE OURS THEIRS PATH]",
            help="What git gives a merge driver (%O %A %B %P): the common ancestor, our "
            "version (which receives the result), their version, the file's path.",
            show_default=False,
        ),
    ] = None,
    install: Annotated[
        bool, typer.Option("--install", help="Set the driver up in this repository.")
    ] = False,
    uninstall: Annotated[
        bool, typer.Option("--uninstall", help="Remove what --install set up.")
    ] = False,
    marker_size: Annotated[
        int, typer.Option("--marker-size", min=7, help="Conflict markers' length (%L).")
    ] = 7,
) -> None:
    """Merge plan files per action and field when git merges branches.

    --install adds the plan files to .gitattributes (commit it) and the driver to this
    clone's git config; every clone runs it once. Git then calls this command with four
    files; a field both sides changed differently is marked and exits 1."""
    from vvsgplan import merge

    if install or uninstall:
        if files or (install and uninstall):
            raise UsageError("give --install or --uninstall alone")
        done = []
        for ref in _view(ctx).plans:
            done += merge.install(ref.folder) if install else merge.uninstall(ref.folder)
        for line in done or ["already set up" if install else "not set up: nothing to remove"]:
            typer.echo(line)
        return
    if not files or len(files) != 4:
        raise UsageError(
            "give --install, or the four files git gives a merge driver: BASE OURS THEIRS PATH"
        )
    base, ours, theirs, name = files
    raise typer.Exit(merge.merge_file(Path(base), Path(ours), Path(theirs), name, marker_size))


# --- changing commands -----------------------------------------------------------------

IdsArgument = Annotated[
    list[str],
    typer.Argument(
        metavar="ID...", help="One or more action ids.", autocompletion=_complete_actions
    ),
]
MilestoneOption = Annotated[
    str | None,
    typer.Option(
        "--milestone",
        "-m",
        help="Change one milestone of the action: its label or number (1, 2...).",
    ),
]
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", "-n", help="Print the diff it would write; write nothing.")
]
OnOption = Annotated[str | None, typer.Option(help="The day of the update (or decision) [today].")]
NowOption = Annotated[
    str | None, typer.Option("--as-of", help="The day it is now; --on may not be later [today].")
]
CommitOption = Annotated[
    bool, typer.Option("--commit", help="Commit the plan file with a message saying what changed.")
]


def _change(ctx: typer.Context, request: Request, dry_run: bool, commit: bool) -> None:
    from vvsgplan.change import apply
    from vvsgplan.portfolio import target

    found = _view(ctx)
    targets = [target(found, ident) for ident in request.ids]
    plans = list(dict.fromkeys(t.plan for t in targets))
    if len(plans) > 1:
        names = ", ".join(p.name for p in plans)
        raise UsageError(
            f"the ids name actions of {len(plans)} plans ({names}); change one plan at a time"
        )
    plan = plans[0]
    # A portfolio's history is shared: its commit messages name the plan.
    in_portfolio = found.root is not None
    request = request._replace(
        ids=tuple(t.local for t in targets), plan=plan.name if in_portfolio else None
    )
    outcome = apply(plan.folder, request, dry_run=dry_run, commit=commit)
    _report(outcome, dry_run, f"{plan.name}/" if any(t.qualified for t in targets) else "")


def _report(outcome: Outcome, dry_run: bool, prefix: str) -> None:
    """What a change did, one line each (ids with `prefix`, their plan's name when shown
    with it), and its commit; with --dry-run, the diff instead."""
    from vvsgplan.safe import printable

    if dry_run:
        typer.echo(printable(outcome.diff), nl=False)
        return
    for line in outcome.lines:
        typer.echo(printable(prefix + line))
    if outcome.commit:
        typer.echo(printable(f"[{outcome.commit}] {outcome.message}"))


@app.command()
def done(
    ctx: typer.Context,
    ids: IdsArgument,
    on: Annotated[
        str | None, typer.Option(help="The day it was done [today]; not after today.")
    ] = None,
    note: Annotated[
        str | None, typer.Option(help="Record this as a dated update (dated --on).")
    ] = None,
    milestone: MilestoneOption = None,
    as_of: NowOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = False,
) -> None:
    """Mark actions (or one milestone) done."""
    from vvsgplan.change import Request

    today = _as_of(as_of)
    day = _day(on, "--on", today)
    note = _plan_text(note, "--note")
    request = Request("done", tuple(ids), milestone, on=day, text=note, today=today)
    _change(ctx, request, dry_run, commit)


@app.command()
def start(
    ctx: typer.Context,
    ids: IdsArgument,
    dry_run: DryRunOption = False,
    commit: CommitOption = False,
) -> None:
    """Mark open actions in progress."""
    from vvsgplan.change import Request

    _change(ctx, Request("start", tuple(ids)), dry_run, commit)


@app.command()
def reopen(
    ctx: typer.Context,
    ids: IdsArgument,
    milestone: MilestoneOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = False,
) -> None:
    """Open actions (or one milestone) again, forgetting the day they were done."""
    from vvsgplan.change import Request

    _change(ctx, Request("reopen", tuple(ids), milestone), dry_run, commit)


@app.command()
def drop(
    ctx: typer.Context,
    ids: IdsArgument,
    reason: Annotated[
        str, typer.Option(help="Why it no longer applies (recorded as a dated update).")
    ],
    on: OnOption = None,
    as_of: NowOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = False,
) -> None:
    """Mark actions as no longer applicable."""
    from vvsgplan.change import Request

    today = _as_of(as_of)
    day = _day(on, "--on", today)
    text = _plan_text(reason, "--reason")
    request = Request("drop", tuple(ids), on=day, text=text, today=today)
    _change(ctx, request, dry_run, commit)


@app.command()
def reschedule(
    ctx: typer.Context,
    ident: Annotated[
        str, typer.Argument(metavar="ID", help="An action id.", autocompletion=_complete_actions)
    ],
    when: Annotated[str, typer.Argument(help="The new deadline, in the plan's words.")],
    reason: Annotated[str, typer.Option(help="Why it moves (recorded as a dated update).")],
    milestone: MilestoneOption = None,
    on: OnOption = None,
    as_of: NowOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = False,
) -> None:
    """Give an action (or one milestone) a new deadline, read before anything is written."""
    from vvsgplan.change import Request

    _plan_text(when, "WHEN")
    _plan_text(reason, "--reason")
    today = _as_of(as_of)
    day = _day(on, "--on", today)
    request = Request(
        "reschedule", (ident,), milestone, on=day, text=reason, when=when, today=today
    )
    _change(ctx, request, dry_run, commit)


@app.command()
def note(
    ctx: typer.Context,
    ident: Annotated[
        str, typer.Argument(metavar="ID", help="An action id.", autocompletion=_complete_ids)
    ],
    text: Annotated[str, typer.Argument(help="The update, in your words.")],
    on: OnOption = None,
    as_of: NowOption = None,
    milestone: MilestoneOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = False,
) -> None:
    """Add a dated progress update to an action (or one of its milestones)."""
    from vvsgplan.change import Request

    today = _as_of(as_of)
    day = _day(on, "--on", today)
    text = _plan_text(text, "TEXT") or ""
    request = Request("note", (ident,), milestone, on=day, text=text, today=today)
    _change(ctx, request, dry_run, commit)


# --- starting and growing a plan ---------------------------------------------------------


@app.command()
def init(
    ctx: typer.Context,
    folder: Annotated[
        Path | None,
        typer.Argument(
            metavar="DIR",
            help="The new plan's folder, made when missing [data, or --data].",
            show_default=False,
            autocompletion=_complete_files,
        ),
    ] = None,
    lang: Annotated[
        Lang, typer.Option("--lang", help="The language of the files' comments.")
    ] = Lang.en,
    title: Annotated[
        str | None,
        typer.Option(help="The evaluation's title [the plan's name, to fill in later]."),
    ] = None,
) -> None:
    """Start a plan: its three files, with comments on the format, and their schemas."""
    from vvsgplan import newplan
    from vvsgplan.safe import printable

    folder = folder or _plan_folder(ctx) or newplan.default_folder()
    newplan.refuse(folder)
    given = _plan_text(title, "--title")
    if given is not None:
        from vvsgplan.fields import EVALUATION

        _check_text(EVALUATION, "title", given, "--title")
    files = newplan.texts(lang.value, given or newplan.default_title(folder))
    _verify_new_plan(folder, files)
    files.update(newplan.schema_files())
    newplan.write(folder, files)
    for line in newplan.started(folder, given is None, _next_step(folder)):
        typer.echo(printable(line))


def _check_text(record: Record, name: str, value: str, option: str) -> None:
    from vvsgplan.entries import Given, check

    check(record, record.field(name), Given(option, value))


def _verify_new_plan(folder: Path, files: dict[str, str]) -> None:
    """The new files pass `check` as they are, or nothing is written."""
    from vvsgplan.load import load_plan

    load_plan(folder, check_deadlines=True, texts=files)


def _next_step(folder: Path) -> str:
    """How to reach the new plan from here: `vvsgplan`, or with --plan or --data."""
    from vvsgplan.portfolio import view

    try:
        found = view()
    except VvsgplanError:
        found = None
    here = folder.resolve()
    if found is not None and [p.folder.resolve() for p in found.plans] == [here]:
        return "vvsgplan"
    if found is not None and found.root is not None:
        for ref in found.plans:
            if ref.folder.resolve() == here:
                return f"vvsgplan --plan {_shell_word(ref.name)}"
    return f"vvsgplan --data {_shell_word(str(folder))}"


def _shell_word(text: str) -> str:
    import shlex

    quoted: str = shlex.quote(text)
    return quoted


add_app = typer.Typer(
    cls=_Group,
    help="Add a recommendation or an action to the plan, after the last one.",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(add_app, name="add")


def _field_help(record: Record, name: str, more: str = "") -> str:
    """An option's help: what the declaration says the field holds."""
    text = record.field(name).help
    said = [text[:1].upper() + text[1:] + "." if text else "", more]
    return " ".join(t for t in said if t)


IdOption = Annotated[
    str | None,
    typer.Option(
        "--id", help="Its id [the next of the plan's: 10 after 9, D4 after D3].", show_default=False
    ),
]


def _add(
    ctx: typer.Context,
    kind: str,
    given: dict[str, Any],
    refs: list[str],
    dry_run: bool,
    commit: bool,
) -> None:
    """Add to the plan that PLAN/ID names in --rec or --id, else to the one plan in view."""
    from vvsgplan.entries import Given, add
    from vvsgplan.portfolio import split, target

    found = _view(ctx)
    ident = given.get("id")
    named = [target(found, ref) for ref in refs]
    if ident is not None and ident.value is not None and split(ident.value)[0] is not None:
        named.append(target(found, ident.value))
    plans = list(dict.fromkeys(t.plan for t in named)) or [found.one]
    if len(plans) > 1:
        names = ", ".join(p.name for p in plans)
        raise UsageError(f"the ids name {len(plans)} plans ({names}); add to one plan at a time")
    plan = plans[0]
    if refs:
        given["recommendations"] = Given("--rec", tuple(t.local for t in named[: len(refs)]))
    if ident is not None and ident.value is not None:
        given["id"] = ident._replace(value=split(ident.value)[1])
    in_portfolio = found.root is not None
    outcome = add(
        plan.folder,
        kind,
        given,
        plan_name=plan.name if in_portfolio else None,
        dry_run=dry_run,
        commit=commit,
    )
    _report(outcome, dry_run, f"{plan.name}/" if any(t.qualified for t in named) else "")


@add_app.command("recommendation")
def add_recommendation(
    ctx: typer.Context,
    title: Annotated[
        str, typer.Argument(metavar="TITLE", help=_field_help(RECOMMENDATION, "title"))
    ],
    response: Annotated[
        Response,
        typer.Option(
            help=_field_help(RECOMMENDATION, "response", "The management's answer."),
            case_sensitive=False,
            show_default=False,
        ),
    ],
    text: Annotated[str | None, typer.Option(help=_field_help(RECOMMENDATION, "text"))] = None,
    response_text: Annotated[
        str | None, typer.Option(help=_field_help(RECOMMENDATION, "response_text"))
    ] = None,
    ident: IdOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = False,
) -> None:
    """Add a recommendation and the management response to it."""
    from vvsgplan.entries import Given

    given = {
        "id": Given("--id", _plan_text(ident, "--id")),
        "title": Given("TITLE", _plan_text(title, "TITLE")),
        "text": Given("--text", _plan_text(text, "--text")),
        "response": Given("--response", response.value),
        "response_text": Given("--response-text", _plan_text(response_text, "--response-text")),
    }
    _add(ctx, "recommendation", given, [], dry_run, commit)


@add_app.command("action")
def add_action(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(metavar="TEXT", help=_field_help(ACTION, "action"))],
    rec: Annotated[
        list[str],
        typer.Option(
            "--rec",
            "-r",
            metavar="ID",
            help=_field_help(ACTION, "recommendations", "Once for each (--rec 2 --rec 1)."),
            autocompletion=_complete_recs,
            show_default=False,
        ),
    ],
    owner: Annotated[
        list[str] | None,
        typer.Option(
            metavar="NAME",
            help=_field_help(ACTION, "owner", "Once for each (--owner A --owner B)."),
            autocompletion=_complete_owners,
            show_default=False,
        ),
    ] = None,
    when: Annotated[
        str | None,
        typer.Option(
            help=_field_help(
                ACTION, "when", "In the plan's words, read before anything is written."
            )
        ),
    ] = None,
    milestone: Annotated[
        list[str] | None,
        typer.Option(
            "--milestone",
            "-m",
            metavar="LABEL=WHEN",
            help=_field_help(ACTION, "milestones", "A step and its deadline; once for each."),
            show_default=False,
        ),
    ] = None,
    status: Annotated[
        Status | None,
        typer.Option(help="Its status [open].", case_sensitive=False, show_default=False),
    ] = None,
    done_on: Annotated[
        str | None,
        typer.Option(
            "--done-on",
            metavar="DAY",
            help="The day it was done (YYYY-MM-DD, or YYYY-MM, YYYY); then its status is "
            "done unless --status says otherwise. Not after today.",
        ),
    ] = None,
    notes: Annotated[str | None, typer.Option(help="Notes, free and undated.")] = None,
    ident: IdOption = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="The day it is now; --done-on may not be later [today]."),
    ] = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = False,
) -> None:
    """Add an action to the action plan."""
    from vvsgplan.entries import Given
    from vvsgplan.model import Milestone

    steps = []
    for item in milestone or []:
        label, sep, deadline = _plan_text(item, "--milestone").partition("=")  # type: ignore[union-attr]
        if not sep:
            raise UsageError(f'--milestone {item!r}: give LABEL=WHEN, like "Ontwerp=maart 2026"')
        steps.append(Milestone(label, deadline))
    today = _as_of(as_of)
    if done_on is not None and not (DONE_ON.fullmatch(done_on) and not DAY.fullmatch(done_on)):
        # A day, as `done --on` takes it (`yesterday` too); a month or a year as written.
        day = _day(done_on, "--done-on", today)
        if day is not None and day > today:
            raise UsageError(
                f"--done-on {done_on} is after today ({today.isoformat()}): record it once it "
                "has happened (or give --as-of to say which day today is)"
            )
        done_on = day.isoformat() if day is not None else done_on
    state = status.value if status is not None else ("done" if done_on else None)
    given = {
        "id": Given("--id", _plan_text(ident, "--id")),
        "action": Given("TEXT", _plan_text(text, "TEXT")),
        "owner": Given("--owner", tuple(_plan_text(o, "--owner") or "" for o in owner or [])),
        "when": Given("--when", _plan_text(when, "--when")),
        "status": Given("--status", state),
        "done_on": Given("--done-on", _plan_text(done_on, "--done-on")),
        "recommendations": Given("--rec", ()),  # as PLAN/ID finds them (_add)
        "milestones": Given("--milestone", tuple(steps)),
        "notes": Given("--notes", _plan_text(notes, "--notes")),
    }
    refs = [_plan_text(r, "--rec") or "" for r in rec]
    _add(ctx, "action", given, refs, dry_run, commit)


@app.command("set")
def set_(
    ctx: typer.Context,
    ident: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="A recommendation or an action.",
            autocompletion=_complete_ids,
        ),
    ],
    field: Annotated[
        str,
        typer.Argument(
            metavar="FIELD",
            help="The field to change; Tab offers those of ID, and a wrong one is answered "
            "with them.",
            autocompletion=_complete_fields,
        ),
    ],
    values: Annotated[
        list[str],
        typer.Argument(
            metavar="VALUE...",
            help='The new value: one text, or one value per owner or recommendation; "" for none.',
            autocompletion=_complete_values,
        ),
    ],
    dry_run: DryRunOption = False,
    commit: CommitOption = False,
) -> None:
    """Change one field of a recommendation or an action; a deadline moves with reschedule."""
    from vvsgplan.entries import set_value
    from vvsgplan.portfolio import target

    found = _view(ctx)
    where = target(found, ident)
    texts = [_plan_text(v, "VALUE") or "" for v in values]
    outcome = set_value(
        where.plan.folder,
        where.local,
        field,
        texts,
        plan_name=where.plan.name if found.root is not None else None,
        dry_run=dry_run,
        commit=commit,
    )
    _report(outcome, dry_run, f"{where.plan.name}/" if where.qualified else "")


def main() -> None:
    if os.environ.get("_VVSGPLAN_COMPLETE"):
        # Tab completion: Typer finds the values, vvsgplan quotes them for the shell.
        from vvsgplan.completion import answer

        # Only the command being typed is made, as for a run (see _one_command).
        code = answer(lambda words: _one_command(words) or app)
        if code is not None:
            sys.exit(code)
    try:
        (_one_command(sys.argv[1:]) or app)(prog_name="vvsgplan")
    except BrokenPipeError:
        # `vvsgplan list | head`: the reader left; say nothing more.
        with contextlib.suppress(AttributeError):  # stderr closed before Python started
            sys.stderr.close()
        sys.exit(OK)
    except KeyboardInterrupt:
        # Ctrl-C: a changing command writes by rename, so nothing is half written.
        sys.exit(INTERRUPTED)
    except OSError as e:
        # The output could not be written (`vvsgplan report > file` on a full disk):
        # plan files are read and written behind the tool's own errors, so what is left
        # is standard output.
        from vvsgplan.entry import output_lost

        with contextlib.suppress(OSError, ValueError, AttributeError):  # stderr closed
            sys.stderr.write(output_lost(e))
        sys.exit(WRITE_FAILED)


# The options of the root callback that come before the command, and whether each takes
# a value.
_ROOT_OPTIONS: dict[str, bool] = {
    "--data": True,
    "--no-cache": False,
    "--plan": True,
    "-p": True,
    "--all": False,
    "-a": False,
}


def command_name(info: Any) -> str:
    """The name a registered command is called by: its own, else its function's."""
    name: str = info.name or info.callback.__name__.lower().replace("_", "-")
    return name


def _one_command(args: list[str]) -> typer.Typer | None:
    """The app with only the command that `args` call, or None (the whole app) for
    anything else: the root's help, a misspelt command. Typer makes a click command of
    every registered command before it runs one; one is all a run needs, and making the
    other twenty took a third of the program's own start-up."""
    rest = list(args)
    while rest and rest[0].startswith("-"):
        option, _, value = rest.pop(0).partition("=")
        if option not in _ROOT_OPTIONS or (value and not _ROOT_OPTIONS[option]):
            return None
        if _ROOT_OPTIONS[option] and not value:
            if not rest:
                return None
            rest.pop(0)
    if not rest:
        return None
    found = [info for info in app.registered_commands if command_name(info) == rest[0]]
    if len(found) != 1:
        return None
    one = typer.Typer(**_SETTINGS)
    one.registered_callback = app.registered_callback
    one.registered_commands = found
    return one
