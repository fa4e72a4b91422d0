"""The plan over its git history: what changed since a day or a revision (done, started,
dropped, rescheduled and by how much, added, removed) and progress at each month's end.

Every use of git goes through `History`, so that how history is walked is decided in
one place, and read once for a report."""

import contextlib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Final, NamedTuple

from vvsgplan import git
from vvsgplan.deadline import DeadlineError, days_in, period
from vvsgplan.errors import PlanError, UsageError
from vvsgplan.load import ACTIONS_FILE, CONTEXT_FILE, RECOMMENDATIONS_FILE, load_plan
from vvsgplan.model import Action, Milestone, Plan, Update
from vvsgplan.query import due, milestones, place, shift

Commit = tuple[str, date]  # id, author day
Narrow = Callable[[Plan], Plan]

# Why a section drawn from git history has nothing, or less than asked: a key of the
# report's labels.
NO_GIT = "no-git"  # the plan is not in a git repository
NO_HISTORY = "no-history"  # no commit of the plan up to the report's day
STARTS_LATER = "starts-later"  # the history starts after the day asked for


class _History(NamedTuple):
    commits: list[git.Commit]  # that changed the plan, parents before children
    parents: dict[str, tuple[str, ...]]  # every commit's real parents
    line: list[Commit]  # those on HEAD's own line (its first parents), oldest first


_NAMES: Final = (RECOMMENDATIONS_FILE, ACTIONS_FILE, CONTEXT_FILE)
_UNREADABLE: Final = "unreadable"  # in the cache: the plan at these blobs does not read


class History:
    """The plan's git history, read once for everything a report draws from it: the
    commits that changed the plan's files over the commit graph, which of them made the
    plan of the checked-out branch as it stood on each day (a branch's commits count from
    the day they were merged, not from the day they were made), and the plan at any
    commit, where it reads (a committed conflict or an older format gives None).

    All of it derives from commits, which never change: with `cache`, it is kept in the
    parse cache under the id of the commit checked out and the plan's place in the
    repository (the plan at a commit, under its files' blob ids, which name their
    content). A new commit, a checkout, a rebase or an amend checks out another id; the
    working tree is never part of it. A shallow clone, grafts or replaced objects can
    change the history of one id: then nothing is kept."""

    def __init__(self, folder: Path, cache: bool = False) -> None:
        self.folder = folder
        self.found: _History | None = None  # None outside git
        self._ids: dict[str, tuple[str | None, ...]] = {}
        self._plans: dict[tuple[str | None, ...], Plan | None] = {}
        self._kept: str | None = None  # the cache entry of what derives from HEAD
        try:
            head = git.head(folder)
        except git.GitError:
            return
        self.found = _History([], {}, [])  # a repository without a commit yet
        try:
            top = head.top.resolve()
            self._names = [(folder / n).resolve().relative_to(top).as_posix() for n in _NAMES]
        except (OSError, ValueError):
            return  # the plan is not inside the repository's own tree
        if head.commit is None:
            return
        if cache and head.settled:
            from vvsgplan import cache as kept

            self._kept = kept.key("history", head.commit.encode(), "\0".join(self._names))
            hit = kept.get(self._kept)
            if hit is not None and _well_formed(hit):
                commits, parents, ids = hit
                self._ids = ids
                self.found = _line(head.commit, [git.Commit(*c) for c in commits], parents)
                return
        try:
            commits, parents = git.graph_at(folder, head.commit, self._names)
        except git.GitError:
            return
        self.found = _line(head.commit, commits, parents)
        self._keep()

    def _keep(self) -> None:
        if self._kept is None or self.found is None:
            return
        from vvsgplan import cache as kept

        commits = [tuple(c) for c in self.found.commits]
        kept.put(self._kept, (commits, self.found.parents, self._ids))

    def between(self, old: str, new: str) -> set[str]:
        """The commits reachable from `new` and not from `old`: what `git log old..new`
        lists."""
        assert self.found is not None
        parents = self.found.parents
        if old not in parents:  # not in HEAD's history: git knows
            return git.between(self.folder, old, new)
        return git.reachable(parents, new) - git.reachable(parents, old)

    def plans(self, commits: list[str]) -> None:
        """Read the plan at each of `commits` at once: one git command for the blob ids
        not known yet, one for the text of the blobs whose plan is not known yet."""
        missing = [c for c in dict.fromkeys(commits) if c not in self._ids]
        if missing:
            self._ids.update(git.blob_ids(self.folder, missing, self._names))
            self._keep()
        wanted = {self._ids[c] for c in commits} - self._plans.keys()
        from vvsgplan import cache as kept

        unread = []
        for ids in wanted:
            hit = kept.get(self._plan_key(ids)) if self._kept else None
            if hit == _UNREADABLE:
                self._plans[ids] = None
            elif isinstance(hit, tuple) and len(hit) == 3:
                self._plans[ids] = Plan(self.folder, *hit)
            else:
                unread.append(ids)
        blobs = [i for ids in unread for i in ids if i is not None]
        texts = git.contents(self.folder, blobs) if blobs else {}
        for ids in unread:
            self._plans[ids] = plan = self._read(ids, texts)
            if self._kept:
                value = (
                    _UNREADABLE
                    if plan is None
                    else (plan.recommendations, plan.actions, plan.context)
                )
                kept.put(self._plan_key(ids), value)

    def _plan_key(self, ids: tuple[str | None, ...]) -> str:
        from vvsgplan import cache as kept

        return kept.key("plan-at", "\0".join(i or "-" for i in ids).encode())

    def _read(self, ids: tuple[str | None, ...], texts: dict[str, str]) -> Plan | None:
        recs, actions, context = (None if i is None else texts[i] for i in ids)
        given = {
            RECOMMENDATIONS_FILE: "[]\n" if recs is None else recs,
            ACTIONS_FILE: "[]\n" if actions is None else actions,
            CONTEXT_FILE: context or "",
        }
        try:
            return load_plan(self.folder, texts=given)
        except PlanError:
            return None

    def at(self, commit: str) -> Plan | None:
        """The plan at `commit` (read by `plans` first)."""
        if commit not in self._ids:
            self.plans([commit])
        return self._plans.get(self._ids[commit])


def _well_formed(hit: object) -> bool:
    return (
        isinstance(hit, tuple)
        and len(hit) == 3
        and isinstance(hit[0], list)
        and all(isinstance(c, tuple) and len(c) == 5 for c in hit[0])
        and isinstance(hit[1], dict)
        and isinstance(hit[2], dict)
    )


def _line(head: str, commits: list[git.Commit], parents: dict[str, tuple[str, ...]]) -> _History:
    own, at = set(), head
    while True:  # HEAD's first parents: what the checked-out branch held over time
        own.add(at)
        first = parents.get(at, ())
        if not first:
            break
        at = first[0]
    line = [(c.id, date.fromisoformat(c.day)) for c in commits if c.id in own]
    return _History(commits, parents, line)


class Since(NamedTuple):
    """Where "changes since" starts: a day, and the revision it names when one was given."""

    day: date
    revision: str | None = None  # as typed
    commit: str | None = None  # the commit it names


def resolve_since(folder: Path, text: str | None, as_of: date) -> Since:
    """`--since`: a date (any form `--as-of` takes; a period counts from its first day), or
    a git revision (counting from its commit's day); 90 days before `as_of` when absent.
    A day after `as_of` is a mistake: nothing can have changed since."""
    if text is None:
        return Since(shift(as_of, -90))
    try:
        window = period(text, as_of)
    except DeadlineError as e:
        problem = str(e)
    else:
        if window.start is not None:
            return _not_after(Since(window.start), text, as_of)
        problem = f"{text!r} has no first day"
    found = None
    with contextlib.suppress(git.GitError):
        found = git.revision(folder, text)
    if found is None:
        raise UsageError(f"--since: {problem}; nor is it a git revision of the plan")
    return _not_after(Since(date.fromisoformat(found[1]), text, found[0]), text, as_of)


def _not_after(since: Since, text: str, as_of: date) -> Since:
    if since.day > as_of:
        raise UsageError(
            f"--since {text} ({since.day.isoformat()}) is after the report's day, "
            f"{as_of.isoformat()}"
        )
    return since


class Change(NamedTuple):
    action: str
    milestone: str | None
    kind: str  # done, started, dropped, reopened, rescheduled, added, removed
    old: str | None
    new: str | None
    slip: int | None = None  # rescheduled: days the due day moved (earlier: negative)
    moves: int = 0  # rescheduled: how often the deadline moved in the period
    reason: str | None = None  # dropped, rescheduled: the updates given with the change


class Changes(NamedTuple):
    since: Since
    base: str | None  # the commit changes are counted from; None: none could be
    end: str | None  # the commit they are counted to; None: the working tree
    why: str | None  # NO_GIT, NO_HISTORY or STARTS_LATER; None: as asked
    starts: date | None  # STARTS_LATER: the day of the first commit
    changes: list[Change]
    updates: list[tuple[Action, Milestone | None, Update]]  # dated since the day, newest first

    @property
    def moved(self) -> list[Change]:
        return [c for c in self.changes if c.kind == "rescheduled"]

    @property
    def actions_moved(self) -> int:
        """Actions whose deadline, or a milestone's, moved at least once."""
        return len({c.action for c in self.moved})

    @property
    def days_slipped(self) -> int:
        return sum(c.slip for c in self.moved if c.slip is not None)

    @property
    def median_slip(self) -> float | None:
        slips = [c.slip for c in self.moved if c.slip is not None]
        import statistics  # a report that moved nothing does without it

        return statistics.median(slips) if slips else None


def changes_since(
    folder: Path,
    since: Since,
    as_of: date,
    current: Plan,
    narrow: Narrow,
    history: History | None = None,
) -> Changes:
    """What changed from the plan at `since` to the plan at `as_of` (the working tree when
    no commit is later than `as_of`), with the dated updates in between. `history`: the
    plan's, when already read."""
    updates = [
        (a, m, u)
        for a in narrow(current).actions
        for u, m in a.all_updates()
        if since.day.isoformat() <= u.date <= as_of.isoformat()
    ]
    updates.sort(key=lambda found: found[2].date, reverse=True)  # stable: newest first
    empty = Changes(since, None, None, None, None, [], updates)
    repo = history or History(folder)
    graph = repo.found
    if graph is None:
        return empty._replace(why=NO_GIT)
    known = [c for c in graph.line if c[1] <= as_of]
    if not known:
        return empty._replace(why=NO_HISTORY)
    if since.commit is not None:
        base, why, starts = since.commit, None, None
    else:
        before = [c for c in known if c[1] <= since.day]
        base, why, starts = (
            (before[-1][0], None, None) if before else (known[0][0], STARTS_LATER, known[0][1])
        )
    target = known[-1][0]
    end = None if known[-1] == graph.line[-1] else target
    # Every commit in between, each read against its own parents, to count each move
    # once and find the update given with it, whatever was merged.
    inside = repo.between(base, target)
    steps = [c for c in graph.commits if c.id in inside]
    repo.plans([base, target, *(r for c in steps for r in (c.id, *c.parents))])
    found = repo
    walk: list[tuple[list[Plan], Plan]] = []
    for c in steps:
        now = found.at(c.id)
        bases = [p for p in map(found.at, c.parents) if p is not None]
        if now is not None and bases:
            walk.append(([narrow(p) for p in bases], narrow(now)))
    old = found.at(base)
    # A last commit whose plan does not read (a committed conflict) gives way to the
    # nearest one before it that does.
    readable = (p for c, _ in reversed(known) if (p := found.at(c)) is not None)
    new = current if end is None else next(readable, None)
    if end is None and (at_target := found.at(target)) is not None:
        walk.append(([narrow(at_target)], narrow(current)))
    if old is None or new is None:
        return Changes(since, base, end, why, starts, [], updates)
    result = _compare(narrow(old), narrow(new), *_moves(walk))
    return Changes(since, base, end, why, starts, result, updates)


def _due(when: str | None) -> date | None:
    return place(when).due


def _shown(when: str | None) -> str | None:
    if when is None:
        return None
    found = _due(when)
    return f"{when} ({found.isoformat()})" if found else when


_STATUS_CHANGES = {
    "done": "done",
    "in-progress": "started",
    "dropped": "dropped",
    "open": "reopened",
}


def _compare(
    old: Plan,
    new: Plan,
    moves: dict[tuple[str, str | None], int],
    reasons: dict[tuple[str, str | None, str], str],
) -> list[Change]:
    found: list[Change] = []
    before = {a.id: a for a in old.actions}
    after = {a.id: a for a in new.actions}
    for a in new.actions:
        was = before.get(a.id)
        if was is None:
            found.append(Change(a.id, None, "added", None, a.action))
            continue
        if a.status != was.status:
            kind = _STATUS_CHANGES[a.status]
            shown = a.done_on if a.status == "done" else a.status
            reason = reasons.get((a.id, None, "dropped")) if a.status == "dropped" else None
            found.append(Change(a.id, None, kind, was.status, shown, reason=reason))
        found += _rescheduled(a.id, None, was.when, a.when, moves, reasons)
        was_steps = {m.label: m for m in milestones(was)}
        for m in milestones(a):
            step = was_steps.get(m.label)
            if step is None:
                continue
            if m.status != step.status:
                kind = _STATUS_CHANGES[m.status]
                found.append(Change(a.id, m.label, kind, step.status, m.done_on or m.status))
            found += _rescheduled(a.id, m.label, step.when, m.when, moves, reasons)
    found += [
        Change(a.id, None, "removed", a.action, None) for a in old.actions if a.id not in after
    ]
    return found


def _rescheduled(
    action: str,
    label: str | None,
    old: str | None,
    new: str | None,
    moves: dict[tuple[str, str | None], int],
    reasons: dict[tuple[str, str | None, str], str],
) -> list[Change]:
    count = moves.get((action, label), 0)
    if old == new and count == 0:
        return []
    was, now = _due(old), _due(new)
    slip = (now - was).days if was and now else None
    reason = reasons.get((action, label, "rescheduled"))
    return [Change(action, label, "rescheduled", _shown(old), _shown(new), slip, count, reason)]


def _moves(
    walk: list[tuple[list[Plan], Plan]],
) -> tuple[dict[tuple[str, str | None], int], dict[tuple[str, str | None, str], str]]:
    """How often each deadline moved, commit by commit (each plan against its parents'),
    and the updates added with each move and each drop (the reasons given). A merge
    counts only what it resolved itself, as `history` reads it: a move made on a branch
    counts once, at the commit that made it."""
    from vvsgplan import review  # only where the plan changed

    moves: dict[tuple[str, str | None], int] = {}
    reasons: dict[tuple[str, str | None, str], list[str]] = {}
    for bases, now in walk:
        before = [{a.id: a for a in b.actions} for b in bases]
        for a in now.actions:
            was = [b.get(a.id) for b in before]
            if all(w == a for w in was):
                continue
            for c in review.own_changes(was, a):
                if c.what == "deadline" and (_due(c.old) != _due(c.new) or _due(c.new) is None):
                    key = (a.id, c.milestone)
                    moves[key] = moves.get(key, 0) + 1
                    added = _added(was, a, c.milestone)
                    reasons.setdefault((*key, "rescheduled"), []).extend(added)
                elif c.what == "status" and c.milestone is None and c.new == "dropped":
                    reasons.setdefault((a.id, None, "dropped"), []).extend(_added(was, a, None))
    joined = {key: "; ".join(texts) for key, texts in reasons.items() if texts}
    return moves, joined


def _added(was: list[Action | None], now: Action, label: str | None) -> list[str]:
    """The texts of the updates `now` has (on milestone `label`, or on the action) that
    none of `was` had."""

    def updates(action: Action | None) -> tuple[Update, ...]:
        if action is None:
            return ()
        if label is None:
            return action.updates
        return next((m.updates for m in milestones(action) if m.label == label), ())

    before = [updates(w) for w in was]
    return [u.text for u in updates(now) if not any(u in b for b in before)]


class Point(NamedTuple):
    """The plan's progress on one day: actions done, open (on time) and overdue."""

    day: date
    done: int
    open: int
    overdue: int


class Progress(NamedTuple):
    points: list[Point]
    why: str | None  # NO_GIT or NO_HISTORY when there are no points


def month_ends(first: date, last: date) -> list[date]:
    """The last day of each month from `first`'s to `last`'s, the last one `last` itself."""
    found = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        found.append(min(date(year, month, days_in(year, month)), last))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def progress(
    folder: Path, as_of: date, current: Plan, narrow: Narrow, history: History | None = None
) -> Progress:
    """Done, open and overdue at the end of each month of the plan's history, up to
    `as_of`; each from the plan as the last commit of that day left it (the working tree
    on `as_of` when no commit is later). `history`: the plan's, when already read."""
    repo = history or History(folder)
    graph = repo.found
    if graph is None:
        return Progress([], NO_GIT)
    known = [c for c in graph.line if c[1] <= as_of]
    if not known:
        return Progress([], NO_HISTORY)
    ends = month_ends(known[0][1], as_of)
    last = {day: [c for c, d in known if d <= day][-1] for day in ends}
    repo.plans(list(last.values()))
    found = repo
    points = []
    for day in ends:
        if day == as_of and known[-1] == graph.line[-1]:
            plan: Plan | None = current
        else:
            plan = found.at(last[day])
        if plan is not None:
            points.append(count(narrow(plan), day))
    return Progress(points, None)


def count(plan: Plan, day: date) -> Point:
    late = {r.action.id for r in due(plan, as_of=day).rows if r.overdue}
    active = [a for a in plan.actions if a.active]
    done = sum(a.status == "done" for a in plan.actions)
    overdue = sum(a.id in late for a in active)
    return Point(day, done, len(active) - overdue, overdue)
