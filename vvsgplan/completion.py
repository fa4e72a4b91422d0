"""Tab completion that offers plan text as itself, quoted for the shell that asks, and
never lets the shell run it.

`vvsgplan --install-completion` installs Typer's script for the shell. On Tab it runs
vvsgplan with `_VVSGPLAN_COMPLETE=complete_SHELL` and reads the answer in the shell's own
way: bash puts each line on the command line as it is, zsh evaluates the answer as code,
PowerShell inserts the text before ":::" as it is. Typer writes values into those answers
unquoted (bash, PowerShell) or with an escaping that misses the backslash (zsh), so a
plan's owner could run code on Tab. vvsgplan therefore answers these requests itself:
it asks Typer for the plain values (Typer's fish answer: a "value<TAB>help" line each,
nothing quoted) and quotes each value for the shell that asked, with that shell's rules.
Only this request-and-answer protocol is used, the one every installed script relies on;
nothing inside Typer is patched.
"""

import contextlib
import io
import os
import re
import shlex
from collections.abc import Callable, Iterator
from typing import Final, NamedTuple

VARIABLE: Final = "_VVSGPLAN_COMPLETE"
PROG: Final = "vvsgplan"


class Item(NamedTuple):
    value: str
    help: str


class Request(NamedTuple):
    words: list[str]  # the words before the one completed, without the program name
    current: str  # the word being completed, unquoted ("" after a space)
    quote: str  # the quote the word being completed opens ("'", '"' or "")


def answer(app_for: Callable[[list[str]], Callable[..., object]]) -> int | None:
    """Answer a completion request if this process is one, for bash, zsh, fish or
    PowerShell: print the answer and return the exit code. None when it is not one.
    `app_for` gives the app to ask for the words typed before the one completed."""
    kind, _, shell = os.environ.get(VARIABLE, "").partition("_")
    if kind != "complete" or shell not in _READERS:
        return None
    request = _READERS[shell]()
    items = [i for i in _ask(app_for(request.words), request) if _offerable(i.value)]
    if shell == "fish" and os.environ.get("_TYPER_COMPLETE_FISH_ACTION") == "is-args":
        return 0 if items else 1  # fish completes file names when there is nothing
    text = _WRITERS[shell](items, request)
    if text:
        print(text)
    return 0


def _offerable(value: str) -> bool:
    # The answer is one line per value, and a value is typed: no control characters.
    return bool(value) and value.isprintable()


# --- reading the request ---------------------------------------------------------------


def _split(line: str) -> list[str]:
    """Words as a POSIX shell splits them; an unclosed quote or a trailing backslash ends
    the last word instead of failing, since the line is still being typed."""
    lexer = shlex.shlex(line, posix=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    words: list[str] = []
    try:
        words.extend(lexer)
    except ValueError:
        words.append(lexer.token)
    return words


_END: Final = "\x00"  # marks the cursor: it joins the last word, or stands alone after a space


def _line(line: str) -> Request:
    """The request from a command line that ends at the cursor (zsh, fish)."""
    words = _split(line + _END)
    return Request(words[1:-1], words[-1].removesuffix(_END), "")


def _bash() -> Request:
    # Typer's script passes bash's words one a line, and the index of the current one.
    joined = os.environ.get("COMP_WORDS", "")
    raw = joined.split("\n") if "\n" in joined else joined.split()
    index = int(os.environ.get("COMP_CWORD", "0") or 0)
    raw += [""] * (index + 1 - len(raw))
    # bash splits `--owner=VVSG` at "=" into three words; click reads it whole.
    if index >= 2 and raw[index - 1] == "=" and raw[index - 2].startswith("-"):
        before, current = raw[1 : index - 2], raw[index - 2] + "=" + raw[index]
    elif index >= 1 and raw[index] == "=" and raw[index - 1].startswith("-"):
        before, current = raw[1 : index - 1], raw[index - 1] + "="
    else:
        before, current = raw[1:index], raw[index]
    words = [" ".join(_split(w)) for w in before]
    quote = raw[index][:1] if raw[index][:1] in ("'", '"') else ""
    return Request(words, " ".join(_split(current)), quote)


def _zsh_or_fish() -> Request:
    return _line(os.environ.get("_TYPER_COMPLETE_ARGS", ""))


def _powershell() -> Request:
    words = _split(os.environ.get("_TYPER_COMPLETE_ARGS", ""))
    current = os.environ.get("_TYPER_COMPLETE_WORD_TO_COMPLETE", "")
    if current:
        words = words[:-1]
    unquoted = current
    if current[:1] in _PS_SINGLE:
        unquoted = re.sub(f"[{_PS_SINGLE}]{{2}}", "'", current[1:].rstrip(_PS_SINGLE))
    elif current[:1] in _PS_DOUBLE:
        unquoted = current[1:].rstrip(_PS_DOUBLE)
    return Request(words[1:], unquoted, "")


_READERS: Final[dict[str, Callable[[], Request]]] = {
    "bash": _bash,
    "zsh": _zsh_or_fish,
    "fish": _zsh_or_fish,
    "powershell": _powershell,
    "pwsh": _powershell,
}


# --- asking Typer for the plain values ------------------------------------------------


@contextlib.contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, old in saved.items():
            if old is None:
                del os.environ[name]
            else:
                os.environ[name] = old


def _ask(app: Callable[..., object], request: Request) -> list[Item]:
    """The values Typer offers for the request, from its fish answer."""
    line = " ".join(shlex.quote(w) for w in [PROG, *request.words, request.current])
    fish = {
        VARIABLE: "complete_fish",
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
        "_TYPER_COMPLETE_ARGS": line,
    }
    out = io.StringIO()
    with _environment(fish), contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
        app(prog_name=PROG)
    items = []
    for answer_line in out.getvalue().splitlines():
        value, _, help_text = answer_line.partition("\t")
        items.append(Item(value, help_text))
    return items


# --- writing the answer ---------------------------------------------------------------

# Characters that mean nothing to bash in a word (letters and digits of any script too).
_BASH_PLAIN: Final = frozenset("_.,/+-%@")


def _bash_word(value: str, quote: str) -> str:
    """The value as bash must read it where the current word stands: after an opening
    single or double quote (readline closes it), or unquoted, each special character
    escaped with a backslash."""
    if quote == "'":
        return value.replace("'", "'\\''")
    if quote == '"':
        escaped = re.sub(r'([\\"$`])', r"\\\1", value)
        return escaped.replace("!", "\"'!'\"")  # no escape stops history expansion in "..."
    return "".join(c if c.isalnum() or c in _BASH_PLAIN else "\\" + c for c in value)


def _bash_answer(items: list[Item], request: Request) -> str:
    # Typer's script reads one value a line; none at all lets bash complete file names.
    return "\n".join(_bash_word(i.value, request.quote) for i in items)


def _zsh_string(text: str) -> str:
    """Text as one zsh word in $'...': every byte but letters and digits as \\xHH, so that
    neither the word splitting of Typer's `eval $(...)` nor the eval can change it."""
    return (
        "$'"
        + "".join(
            chr(b) if chr(b).isascii() and chr(b).isalnum() else f"\\x{b:02x}"
            for b in text.encode("utf-8")
        )
        + "'"
    )


def _zsh_answer(items: list[Item], request: Request) -> str:
    # Evaluated by Typer's zsh script; _describe offers each value and zsh quotes the one
    # chosen for the command line, as it does for file names. In `--owner=VV` the values
    # complete what follows the "=" (compset takes the option off the word).
    if not items:
        return "_files"
    option = (
        "compset -P '*='; " if request.current.startswith("-") and "=" in request.current else ""
    )
    entries = " ".join(
        _zsh_string(
            i.value.replace("\\", "\\\\").replace(":", "\\:") + (f":{i.help}" if i.help else "")
        )
        for i in items
    )
    return (
        f"{option}local -a _vvsgplan_values; _vvsgplan_values=({entries}); "
        "_describe '' _vvsgplan_values"
    )


def _fish_answer(items: list[Item], request: Request) -> str:
    # fish reads "value<TAB>help" lines as data, and escapes the value it inserts.
    return "\n".join(f"{i.value}\t{i.help}" if i.help else i.value for i in items)


# PowerShell reads these as quotes too.
_PS_SINGLE: Final = "'\u2018\u2019\u201a\u201b"
_PS_DOUBLE: Final = '"\u201c\u201d\u201e'
_PS_PLAIN: Final = frozenset("_.,/+-%@")


def _powershell_word(value: str) -> str:
    """The value as PowerShell must read it: bare when it has nothing special, else in
    single quotes (a quote in it doubled); a value holding "::" goes in double quotes with
    each special character and colon escaped by a backtick, so that Typer's script, which
    splits each line at ":::", keeps it whole."""
    if all(c.isalnum() or c in _PS_PLAIN for c in value) and not value.startswith("-"):
        return value
    if "::" not in value:
        return "'" + re.sub(f"([{_PS_SINGLE}])", r"\1\1", value) + "'"
    return '"' + re.sub(f"([`$:{_PS_DOUBLE}])", r"`\1", value) + '"'


def _powershell_answer(items: list[Item], request: Request) -> str:
    return "\n".join(f"{_powershell_word(i.value)}:::{i.help or ' '}" for i in items)


_WRITERS: Final[dict[str, Callable[[list[Item], Request], str]]] = {
    "bash": _bash_answer,
    "zsh": _zsh_answer,
    "fish": _fish_answer,
    "powershell": _powershell_answer,
    "pwsh": _powershell_answer,
}
