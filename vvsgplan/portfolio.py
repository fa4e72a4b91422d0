"""Many evaluations in one repository: finding the plans, naming them, and reading them as
one plan whose ids say which plan they belong to (`2019-mid-term/D2`).

A plan folder holds `recommendations.yaml`. A portfolio is a folder holding `plans/`:
every plan folder below `plans/` (at any depth) is one of its plans, and so is a plan in
`data/` beside it. Discovery walks up from the working folder once and stops at the first
folder that is a plan folder, a portfolio root, or holds the plan folder `data/`. Listing a
portfolio's plans is one walk of `plans/` that never enters a plan folder, a hidden folder
or a folder of installed packages, and reads no file: a folder is a plan folder when its
listing names `recommendations.yaml`.
"""

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Final, NamedTuple

from vvsgplan.errors import PlanError, Problem, UsageError, closest

if TYPE_CHECKING:
    from vvsgplan.model import Action, Plan, Recommendation

PLANS_DIR: Final = "plans"
DATA_DIR: Final = "data"
MARKER: Final = "recommendations.yaml"  # load.RECOMMENDATIONS_FILE, without importing load
ENV_VAR: Final = "VVSGPLAN_DATA"
SEPARATOR: Final = "/"  # between a plan's name and an id: 2019-mid-term/D2
# Folders that never hold a plan: tools' and packages' own (hidden ones too).
SKIPPED: Final = frozenset({"node_modules", "__pycache__", "venv", "site-packages"})
MAX_DEPTH: Final = 8  # plans/ nested deeper than this is a mistake, not a portfolio
# Records read at once from which what is alive is set aside from the cycle collector.
LARGE: Final = 2000


class PlanRef(NamedTuple):
    """One plan of the view: its name and its folder."""

    name: str
    folder: Path


class View(NamedTuple):
    """The plans a command works on, and the portfolio they belong to (if any)."""

    plans: tuple[PlanRef, ...]
    root: Path | None  # the portfolio's root; None: a plan on its own

    @property
    def many(self) -> bool:
        """Whether ids are shown as PLAN/ID: more than one plan is in view."""
        return len(self.plans) > 1

    @property
    def one(self) -> PlanRef:
        if len(self.plans) != 1:
            names = ", ".join(p.name for p in self.plans)
            raise UsageError(
                f"this command works on one plan, and {len(self.plans)} are in view ({names}): "
                "pick one with --plan NAME, or run it inside the plan's folder"
            )
        return self.plans[0]


class Place(NamedTuple):
    """Where discovery stopped: a plan folder, a portfolio root, or both (a plan of it)."""

    plan: Path | None
    root: Path | None


# --- finding the plans ------------------------------------------------------------------


def is_plan(folder: Path) -> bool:
    """Whether `folder` holds recommendations.yaml: a FIFO or a device found there is the
    plan too, and reading it says what is wrong (rather than "no plan found")."""
    marker = folder / MARKER
    try:
        return marker.exists() and not marker.is_dir()
    except OSError:  # a folder this user may not enter, a name too long
        return False


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def locate(option: Path | None = None, cwd: Path | None = None) -> Place:
    """`--data DIR`, else $VVSGPLAN_DATA (a plan folder or a portfolio root), else the
    first folder from the working folder up that is a plan folder, a portfolio root
    (holds `plans/`) or holds the plan folder `data/` (as git finds `.git`)."""
    given, origin = option, "--data"
    if given is None and os.environ.get(ENV_VAR):
        given, origin = Path(os.environ[ENV_VAR]), ENV_VAR
    if given is not None:
        return _given(given, origin)
    try:
        start = (cwd or Path.cwd()).resolve()
    except OSError as e:  # the working folder was removed
        raise PlanError(f"cannot look for the plan from here: {e.strerror}") from None
    for folder in (start, *start.parents):
        if is_plan(folder):
            return Place(shown_path(folder), _root_of(folder))
        if _is_dir(folder / PLANS_DIR):
            return Place(None, shown_path(folder))
        if is_plan(folder / DATA_DIR):
            return Place(shown_path(folder / DATA_DIR), None)
    raise PlanError(
        f"no plan found: looked for {MARKER}, {PLANS_DIR}/ or {DATA_DIR}/{MARKER} in {start} "
        f"and every folder above it; start one with `vvsgplan init DIR`, or point at one "
        f"with --data DIR or {ENV_VAR}=DIR"
    )


def _given(given: Path, origin: str) -> Place:
    try:
        if given.is_file():
            raise PlanError(f"{given}: {origin} names a file; give the folder that holds it")
        # Something that is not a file is said by reading it: "is a FIFO".
        if (given / MARKER).exists():
            return Place(given, _root_of(given.resolve()))
        if (given / PLANS_DIR).is_dir():
            return Place(None, given)
    except OSError as e:  # a name too long, a folder this user may not enter
        raise PlanError(f"{_cut(str(given))}: cannot open ({origin}): {e.strerror}") from None
    raise PlanError(f"{given}: no {MARKER} in this folder, nor a {PLANS_DIR}/ folder ({origin})")


def _root_of(plan: Path) -> Path | None:
    """The portfolio a plan folder belongs to: the nearest folder above it that holds
    `plans/` with the plan below it, or the plan as its `data/`."""
    for folder in plan.parents:
        if _is_dir(folder / PLANS_DIR):
            inside = plan == folder / DATA_DIR or (folder / PLANS_DIR) in plan.parents
            return shown_path(folder) if inside else None
    return None


def shown_path(path: Path) -> Path:
    """The path as messages should show it: relative to the working directory if below it."""
    try:
        return path.relative_to(Path.cwd())
    except (ValueError, OSError):
        return path


def _cut(text: str) -> str:
    """A path as a message shows it: one too long to use is cut."""
    return text if len(text) <= 200 else text[:200] + "..."


def plans_below(root: Path) -> list[PlanRef]:
    """Every plan of the portfolio at `root`, in order of their names."""
    from collections import Counter

    found = [PlanRef(DATA_DIR, root / DATA_DIR)] if is_plan(root / DATA_DIR) else []
    top = root / PLANS_DIR
    try:
        resolved = root.resolve()  # once, not once a plan
        linked = top.is_symlink()
    except OSError:
        resolved, linked = None, True
    for folder, through_link in _walk(top, linked):
        # Reached without a symbolic link, a folder's path below the root is its name;
        # else the name is found where the link leads.
        name = (
            _name_from(folder.relative_to(root).parts)
            if not through_link
            else name_of(folder, root, resolved)
        )
        found.append(PlanRef(name, folder))
    names = Counter(p.name for p in found)
    # Two folders that would take one name (plans/data and data) keep their paths.
    found = [
        p._replace(name=p.folder.relative_to(root).as_posix()) if names[p.name] > 1 else p
        for p in found
    ]
    return sorted(found, key=lambda p: _sort_key(p.name))


def _sort_key(name: str) -> list[tuple[int, str]]:
    # Numbers in names sort as numbers: plan-9 before plan-10.
    import re

    return [
        (0, part) if not part.isdigit() else (1, part.zfill(20))
        for part in re.split(r"(\d+)", name.casefold())
    ]


def _walk(top: Path, linked: bool = False) -> Iterator[tuple[Path, bool]]:
    """The plan folders below `top`: one listing per folder, none inside a plan folder,
    each folder once (a symlink that loops back is not followed again); with each,
    whether the way to it went through a symbolic link (`linked`: `top` is one)."""
    seen: set[tuple[int, int]] = set()
    stack = [(top, 0, linked)]
    while stack:
        folder, depth, through_link = stack.pop()
        try:
            info = folder.stat()
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError:
            continue
        if (info.st_dev, info.st_ino) in seen:
            continue
        seen.add((info.st_dev, info.st_ino))
        if depth > 0 and any(e.name == MARKER for e in entries):
            yield folder, through_link
            continue
        if depth >= MAX_DEPTH:
            continue
        children = []
        for entry in entries:
            if entry.name.startswith(".") or entry.name in SKIPPED:
                continue
            try:
                if entry.is_dir():
                    children.append((Path(entry.path), through_link or entry.is_symlink()))
            except OSError:
                continue
        children.sort(key=lambda child: child[0], reverse=True)
        stack.extend((child, depth + 1, link) for child, link in children)


def _name_from(parts: tuple[str, ...]) -> str:
    """A plan's name from its folder's path below the portfolio's root."""
    if parts[0] == PLANS_DIR and len(parts) > 1:
        parts = parts[1:]
    if len(parts) > 1 and parts[-1] == DATA_DIR:
        parts = parts[:-1]
    return "/".join(parts)


def name_of(folder: Path, root: Path | None, resolved: Path | None = None) -> str:
    """A plan's name: its path below the portfolio's `plans/` (`2019-mid-term`,
    `2019/mid-term`), without a last `data` folder; a plan on its own, its folder's name
    (the name of the folder that holds it, for `data/`). `resolved`: the root resolved."""
    if root is not None:
        try:
            parts = folder.resolve().relative_to(resolved or root.resolve()).parts
        except (ValueError, OSError):
            parts = ()
        if parts:
            return _name_from(parts)
    resolved = folder.resolve()
    if resolved.name == DATA_DIR and resolved.parent.name:
        return resolved.parent.name
    return resolved.name or str(resolved)


def view(
    option: Path | None = None,
    *,
    every: bool = False,
    name: str | None = None,
    cwd: Path | None = None,
) -> View:
    """The plans a command works on: with `name`, that plan of the portfolio; with
    `every`, all of them; else the plan discovery found, or every plan of the portfolio
    whose root it found."""
    place = locate(option, cwd)
    if name is not None or every:
        plans = portfolio(place)
        return View((pick(plans, name),) if name is not None else tuple(plans), place.root)
    if place.plan is not None:
        return View((PlanRef(name_of(place.plan, place.root), place.plan),), place.root)
    return View(tuple(portfolio(place)), place.root)


def portfolio(place: Place) -> list[PlanRef]:
    """Every plan of the portfolio discovery found; a plan on its own is its only plan."""
    if place.root is None:
        assert place.plan is not None
        return [PlanRef(name_of(place.plan, None), place.plan)]
    plans = plans_below(place.root)
    if not plans:
        where = place.root / PLANS_DIR
        raise PlanError(
            f"{where}: no plan in this portfolio yet; start one with "
            f"`vvsgplan init {where / 'NAME'}`"
        )
    return plans


def pick(plans: Iterable[PlanRef], name: str) -> PlanRef:
    """The plan called `name`: its whole name, in any case, or the last part of a nested
    name, or the start of either, when only one plan has it; else UsageError with the
    names there are."""
    plans = list(plans)
    wanted = name.strip().strip(SEPARATOR).casefold()

    def last(p: PlanRef) -> str:
        return p.name.rsplit(SEPARATOR, 1)[-1].casefold()

    starting = [
        p
        for p in plans
        if wanted and (p.name.casefold().startswith(wanted) or last(p).startswith(wanted))
    ]
    for found in (
        [p for p in plans if p.name == name],
        [p for p in plans if p.name.casefold() == wanted],
        [p for p in plans if last(p) == wanted],
        starting,
    ):
        if len(found) == 1:
            return found[0]
    shown = name if len(name) <= 60 else name[:60] + "..."
    names = [p.name for p in plans]
    if len(starting) > 1:
        raise UsageError(
            f"{shown!r} could be {len(starting)} plans ({', '.join(p.name for p in starting)}): "
            "give more of the name"
        )
    close = closest(wanted, names, n=3, cutoff=0.5)
    hint = f"did you mean {', '.join(close)}? " if close else ""
    raise UsageError(f"no plan {shown!r}; {hint}plans: {', '.join(names)}")


# --- ids that name their plan -----------------------------------------------------------


class Qualified(str):
    """An id as shown when several plans are in view: `PLAN/ID`, with both parts."""

    # No attributes of its own: a portfolio makes one for every action and reference.
    __slots__ = ()

    def __new__(cls, plan: str, local: str) -> "Qualified":
        return super().__new__(cls, f"{plan}{SEPARATOR}{local}")

    @property
    def plan(self) -> str:
        return split(self)[0] or ""

    @property
    def local(self) -> str:
        return split(self)[1]


def split(ident: str) -> tuple[str | None, str]:
    """`PLAN/ID` as its plan's name and the id; an id without a plan as (None, id). Ids
    hold no '/', plan names may: the id is what follows the last one."""
    plan, sep, local = ident.strip().rpartition(SEPARATOR)
    return (plan, local) if sep and plan else (None, ident.strip())


def plan_field(ident: object) -> dict[str, str]:
    """The `plan` member of an object of the JSON contract: present only when the id
    names its plan."""
    return {"plan": ident.plan} if isinstance(ident, Qualified) else {}


def qualify(name: str, plan: "Plan") -> "Plan":
    """The plan with every recommendation and action id, and every reference, as
    `name/ID`."""
    from vvsgplan.model import Plan

    return Plan(plan.folder, *_qualified(name, plan), plan.context)


def _qualified(name: str, plan: "Plan") -> "tuple[tuple[Recommendation, ...], tuple[Action, ...]]":
    from vvsgplan.model import Action

    # A portfolio makes one for every action and reference: each made with the fewest
    # calls, and each recommendation's id once, for it and for every action that names it.
    prefix = name + SEPARATOR
    new: Callable[[type[Qualified], str], Qualified] = str.__new__
    made = {r.id: new(Qualified, prefix + r.id) for r in plan.recommendations}
    recs = tuple(r._replace(id=made[r.id]) for r in plan.recommendations)
    record = tuple.__new__
    actions = tuple(
        [
            # id and recommendations lead every action: the rest is taken as it is.
            record(
                Action,
                (
                    new(Qualified, prefix + a.id),
                    tuple([made.get(r) or Qualified(name, r) for r in a.recommendations]),
                    *a[2:],
                ),
            )
            for a in plan.actions
        ]
    )
    return recs, actions


def combine(plans: list[tuple[PlanRef, "Plan"]], root: Path | None) -> "Plan":
    """Several plans as one, each id qualified by its plan's name; one plan as it is."""
    from vvsgplan.model import Plan

    if len(plans) == 1:
        return plans[0][1]
    from vvsgplan.yamltext import without_cycle_collector

    recs: list[Recommendation] = []
    actions: list[Action] = []
    with without_cycle_collector():  # new records, no cycles among them
        for ref, plan in plans:
            more_recs, more_actions = _qualified(ref.name, plan)
            recs += more_recs
            actions += more_actions
        combined = Plan(root or Path(), tuple(recs), tuple(actions), None)
    _settle(len(recs) + len(actions))
    return combined


# --- reading the plans in view ----------------------------------------------------------


def load(
    ref: PlanRef,
    *,
    check_deadlines: bool = False,
    warnings: list[Problem] | None = None,
    cache: bool = False,
) -> "Plan":
    """One plan, read and checked: the one place where a command reads a plan folder.
    `warnings`, when given, receives what check warns of; `cache`: a plan file unchanged
    since an earlier read is taken from the parse cache."""
    return load_each([ref], check_deadlines=check_deadlines, warnings=warnings, cache=cache)[0][1]


def _settle(records: int) -> None:
    """A large plan read lives until the command ends and holds no reference cycle, yet
    Python's cycle collector would walk its objects again and again while the command
    runs (a third of a repeated `due` at 10,000 actions): what is alive now is moved out
    of its sight, then the collector is on (off since start-up, see entry.main, or the
    read), for the long work that a large plan brings. Not after a small read: there it
    saves nothing, and a process that reads many small plans (a test run) would keep the
    cycles that later become garbage."""
    if records >= LARGE:
        import gc

        gc.freeze()
        gc.enable()


def load_each(
    plans: Iterable[PlanRef],
    *,
    check_deadlines: bool = False,
    warnings: list[Problem] | None = None,
    cache: bool = False,
) -> list[tuple[PlanRef, "Plan"]]:
    """Every plan, read; the problems of all of them at once when any has one."""
    from vvsgplan.load import load_plan
    from vvsgplan.yamltext import without_cycle_collector

    loaded = []
    problems: list[Problem] = []
    # The collector is kept off over all of them, not only while each is read: else it
    # walks each plan's objects as soon as the next is read.
    with without_cycle_collector():
        for ref in plans:
            try:
                plan = load_plan(
                    ref.folder, check_deadlines=check_deadlines, warnings=warnings, cache=cache
                )
                loaded.append((ref, plan))
            except PlanError as e:
                if not e.problems:
                    raise
                problems += e.problems
    if problems:
        raise PlanError(problems)
    _settle(sum(len(p.actions) + len(p.recommendations) for _, p in loaded))
    return loaded


class Target(NamedTuple):
    """An id the user typed, found: its plan, the id in that plan, and whether to show
    it as PLAN/ID."""

    plan: PlanRef
    local: str
    qualified: bool


def target(view: View, ident: str) -> Target:
    """The plan an id belongs to: the plan `PLAN/ID` names (anywhere in the portfolio),
    the plan in view, or of several plans in view the only one that has the id."""
    name, local = split(ident)
    if name is not None:
        plans = plans_below(view.root) if view.root is not None else list(view.plans)
        return Target(pick(plans, name), local, True)
    if not view.many:
        return Target(view.plans[0], local, False)
    from vvsgplan.load import scan_names

    wanted = local.casefold()
    having = []
    for ref in view.plans:
        names = scan_names(ref.folder)
        if any(n.casefold() == wanted for n in (*names.recommendations, *names.actions)):
            having.append(ref)
    if len(having) == 1:
        return Target(having[0], local, True)
    shown = local if len(local) <= 40 else local[:40] + "..."
    if not having:
        raise UsageError(
            f"no recommendation or action {shown!r} in any of the {len(view.plans)} plans; "
            "see `vvsgplan list` for the ids (PLAN/ID)"
        )
    both = ", ".join(f"{ref.name}{SEPARATOR}{local}" for ref in having)
    raise UsageError(f"{shown!r} is in {len(having)} plans ({both}): give PLAN/ID")
