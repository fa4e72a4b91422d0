"""A new plan folder (`vvsgplan init`): its three files, which pass `check` as they are,
with short comments on the format in Dutch or English, and the JSON Schemas their first
lines point editors at.

What the comments say of the keys comes from the declaration (fields.py): which are
required, the values a choice takes. All files are written, or none.
"""

import contextlib
import os
import tempfile
import textwrap
from pathlib import Path
from typing import Final, NamedTuple

from vvsgplan.edit import value_text
from vvsgplan.errors import UsageError
from vvsgplan.fields import (
    ACTION,
    CONTEXT,
    EVALUATION,
    FILES,
    RECOMMENDATION,
    Record,
    modeline,
    schema_file,
)
from vvsgplan.load import ACTIONS_FILE, CONTEXT_FILE, RECOMMENDATIONS_FILE
from vvsgplan.portfolio import DATA_DIR, PLANS_DIR, is_plan, name_of, shown_path
from vvsgplan.store import WriteError

WIDTH: Final = 88  # the comments' lines, as the bundled files have them


class Words(NamedTuple):
    """The comments of a new plan's files in one language. The keys and the values of a
    choice are the declaration's (`keys`, `choice`)."""

    recommendations: tuple[str, ...]  # paragraphs; one that starts with spaces is a command
    actions: tuple[str, ...]
    plan: tuple[str, ...]
    keys: str
    choice: str
    or_: str
    when: str
    quote: str


WORDS: Final = {
    "en": Words(
        recommendations=(
            "The evaluation's recommendations, each with the management response to it: "
            "one item per recommendation. Add one with",
            '  vvsgplan add recommendation "TITLE" --response agree --text "..."',
        ),
        actions=(
            "The action plan: what will be done for which recommendations, by whom and by "
            "when; one item per action. Add one with",
            '  vvsgplan add action "TEXT" --rec 1 --owner "NAME" --when "June 2026"',
        ),
        plan=(
            "The evaluation this plan follows up, and the management response as a whole. "
            "Fill in what the documents say; a key left empty says nothing. date: the day "
            "of the response, as '2026-06-30'; signatories: a list, each with name and role.",
        ),
        keys="Keys: {required} (required); {optional}.",
        choice="{name}: {values}.",
        or_="or",
        when='when: the deadline in the plan\'s own words; `vvsgplan when "TEXT"` shows '
        "how it is read. done, start, reopen, drop, reschedule and note change an action.",
        quote="Quote the documents word for word; where you interpret, say so in a "
        "comment (a line that starts with #). `vvsgplan check` checks the plan.",
    ),
    "nl": Words(
        recommendations=(
            "De aanbevelingen van de evaluatie, elk met het antwoord van het management: "
            "een item per aanbeveling. Voeg er een toe met",
            '  vvsgplan add recommendation "TITEL" --response agree --text "..."',
        ),
        actions=(
            "Het actieplan: wat er gebeurt voor welke aanbevelingen, door wie en tegen "
            "wanneer; een item per actie. Voeg er een toe met",
            '  vvsgplan add action "TEKST" --rec 1 --owner "NAAM" --when "juni 2026"',
        ),
        plan=(
            "De evaluatie die dit plan opvolgt, en het antwoord van het management als "
            "geheel. Vul in wat de documenten zeggen; een lege sleutel zegt niets. date: de "
            "dag van het antwoord, als '2026-06-30'; signatories: een lijst, elk met name "
            "en role.",
        ),
        keys="Sleutels: {required} (verplicht); {optional}.",
        choice="{name}: {values}.",
        or_="of",
        when='when: de termijn in de woorden van het plan; `vvsgplan when "TEKST"` toont '
        "hoe die gelezen wordt. done, start, reopen, drop, reschedule en note wijzigen een "
        "actie.",
        quote="Neem de documenten letterlijk over; waar je interpreteert, zeg je dat in "
        "een commentaar (een regel die met # begint). `vvsgplan check` controleert het plan.",
    ),
}
LANGUAGES: Final = tuple(WORDS)


def _comment(paragraphs: tuple[str, ...]) -> list[str]:
    """Paragraphs as comment lines: a line that starts with spaces (a command) as it
    is, the others wrapped."""
    lines = []
    for text in paragraphs:
        if text.startswith(" "):
            lines.append(f"# {text}")
        else:
            lines += textwrap.wrap(text, WIDTH, initial_indent="# ", subsequent_indent="# ")
    return lines


def _keys(record: Record, words: Words) -> tuple[str, ...]:
    """What a list file's comments say of its keys, from the declaration: which there
    are, the required ones first, then the values of each choice, a line each."""
    required = [f.name for f in record.fields if f.required]
    optional = [f.name for f in record.fields if not f.required]
    said = [words.keys.format(required=", ".join(required), optional=", ".join(optional))]
    for f in record.fields:
        if f.kind == "choice":
            values = ", ".join(f.values[:-1]) + f" {words.or_} " + f.values[-1]
            said.append(words.choice.format(name=f.name, values=values))
    return tuple(said)


def texts(lang: str, title: str) -> dict[str, str]:
    """The plan files of a new plan, by file name."""
    words = WORDS[lang]
    made = {}
    for file, key, record, said in (
        (RECOMMENDATIONS_FILE, "recommendations", RECOMMENDATION, words.recommendations),
        (ACTIONS_FILE, "actions", ACTION, (*words.actions, words.when)),
    ):
        paragraphs = (*said[:2], *_keys(record, words), *said[2:], words.quote)
        made[file] = "\n".join([modeline(key), *_comment(paragraphs), "[]", ""])
    made[CONTEXT_FILE] = "\n".join(
        [modeline("plan"), *_comment(words.plan), "", *_context(title), ""]
    )
    return made


def _context(title: str) -> list[str]:
    """plan.yaml's mappings: each key of each, empty (a list as `[]`), the title given."""
    lines: list[str] = []
    for part in CONTEXT.fields:
        assert part.record is not None
        if lines:
            lines.append("")
        lines.append(f"{part.name}:")
        for f in part.record.fields:
            if part.record is EVALUATION and f.name == "title":
                lines.append(f"  {f.name}: {value_text(f, title)}")
            elif f.kind == "list":
                lines.append(f"  {f.name}: []")
            else:
                lines.append(f"  {f.name}:")
    return lines


# --- where -------------------------------------------------------------------------------


def refuse(folder: Path) -> None:
    """Refuse a folder a new plan cannot go in: one that holds a plan (or a file of one)
    already, a portfolio's root, a plan's folder or a folder inside one, a file."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file, not a folder: give the new plan's folder")
    names = [n for n in (*(f"{file}.yaml" for file in FILES),) if (folder / n).exists()]
    if names:
        raise UsageError(f"{folder} holds a plan already ({', '.join(names)}); nothing was written")
    if (folder / PLANS_DIR).is_dir():
        raise UsageError(
            f"{folder} is a portfolio's root (it holds {PLANS_DIR}/): start the plan in a "
            f"folder of its own, like {folder / PLANS_DIR / 'NAME'}"
        )
    resolved = folder.resolve()
    for above in resolved.parents:
        if is_plan(above):
            raise UsageError(
                f"{folder} is inside the plan in {shown_path(above)}: a plan inside a plan's "
                "folder is not found; start it beside that plan"
            )


def default_folder() -> Path:
    """The new plan's folder when none is given: `data/`, as the bundled plan's; at a
    portfolio's root, where a plan goes in a folder of its own, none."""
    if Path(PLANS_DIR).is_dir():
        raise UsageError(
            f"this is a portfolio's root (it holds {PLANS_DIR}/): name the new plan's "
            f"folder, like `vvsgplan init {PLANS_DIR}/NAME`"
        )
    return Path(DATA_DIR)


def started(folder: Path, untitled: bool, command: str) -> list[str]:
    """What `init` says it did, and what to do next."""
    lines = [
        f"Started a plan in {folder}/: {RECOMMENDATIONS_FILE}, {ACTIONS_FILE} and "
        f"{CONTEXT_FILE}, with the JSON Schemas their first lines point editors at."
    ]
    if untitled:
        lines.append(
            f"The evaluation's title is the plan's name for now: give the real one in "
            f"{folder / CONTEXT_FILE}."
        )
    lines.append(f'Next: {command} add recommendation "TITLE" --response agree')
    return lines


def default_title(folder: Path) -> str:
    """The evaluation's title until the user gives it: the plan's name."""
    return name_of(folder, None) if folder.resolve().name else DATA_DIR


# --- writing -----------------------------------------------------------------------------


def write(folder: Path, files: dict[str, str]) -> list[Path]:
    """Write the files into `folder` (made, with the folders above it, when missing): all
    of them, or none. A plan file is never written over (one that appears meanwhile stops
    it); a schema, which vvsgplan makes, is."""
    made_dirs = _missing_dirs(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise WriteError(f"cannot make {folder}: {e.strerror}") from None
    written: list[Path] = []
    try:
        for name, text in files.items():
            path = folder / name
            _place(path, text.encode("utf-8"), over=name.endswith(".json"))
            written.append(path)
    except BaseException:
        for path in written:
            with contextlib.suppress(OSError):
                path.unlink()
        for made in reversed(made_dirs):
            with contextlib.suppress(OSError):
                made.rmdir()
        raise
    return written


def _missing_dirs(folder: Path) -> list[Path]:
    """The folders `mkdir(parents=True)` would make, outermost first."""
    missing = []
    for path in (folder, *folder.parents):
        if path.exists():
            break
        missing.append(path)
    return list(reversed(missing))


def _place(path: Path, data: bytes, *, over: bool) -> None:
    """Write a file whole: through a temporary file in its folder, then linked in under
    its name (which fails when a file has it) or, `over`, renamed over it."""
    tmp: Path | None = None
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        tmp = Path(name)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fchmod(f.fileno(), 0o666 & ~_umask())  # as any new file, not mkstemp's 0600
            os.fsync(f.fileno())
        if over:
            tmp.replace(path)
            tmp = None
        else:
            os.link(tmp, path)
    except FileExistsError:
        raise UsageError(f"{path} appeared meanwhile; nothing was written") from None
    except OSError as e:
        raise WriteError(f"cannot write {path}: {e.strerror}; nothing was written") from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def schema_files(names: tuple[str, ...] = tuple(FILES)) -> dict[str, str]:
    """The JSON Schemas the plan files' first lines point at, by file name."""
    from vvsgplan.schema import schema_text

    return {schema_file(name): schema_text(name) for name in names}
