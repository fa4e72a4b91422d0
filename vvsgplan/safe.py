"""Plan text is data, never code: what each output channel would act on, made inert.

Plan files, git authors and commit subjects are written by other people. Every channel
that prints them passes them through one of these functions first (README, "Safety"):
a terminal (`printable`), a message on standard error (`one_line`), markdown
(`markdown`, `code_span`), CSV (`csv_cell`), JSON (`json_text`); HTML, iCalendar and
GitHub's workflow commands escape `printable` text.
"""

import re
from typing import Final

# The patterns are kept as text: `re` compiles and caches each on first use, so that
# importing this module costs nothing on the command path.

# Control characters but tab and newline (C0, DEL, C1: escape sequences, a carriage
# return that overwrites a line, a bell), and the Unicode controls that reorder text on
# screen so that it reads otherwise than it is (bidi embeddings, overrides, isolates).
_UNPRINTABLE: Final = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"


# What a plan's text may not hold (README, "Safety"): control characters but tab and
# newline, C0, DEL and C1, written raw or as a YAML escape.
_CONTROL: Final = "[\x00-\x08\x0b-\x1f\x7f-\x9f]"
NO_CONTROL: Final = "plan text may hold no control characters but tab and newline"


def control_character(text: str) -> str | None:
    """The first control character in `text` that plan text may not hold, as U+XXXX; None
    when there is none."""
    found = None if text.isprintable() else re.search(_CONTROL, text)
    return f"U+{ord(found.group()):04X}" if found else None


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """The text with each control character shown as an escape (ESC as `\\x1b`), so that
    it can change neither a terminal nor the order in which the text reads."""
    if text.isprintable():  # the common case, without a pattern
        return text
    return re.sub(_UNPRINTABLE, _escape, text)


def one_line(text: str) -> str:
    """`printable` text on one line, a line break shown as `\\n`: a message is one line
    (`file:line:column: message`), and a line that a plan's text started could be read as
    a line of its own (by a log that reads `::error::`, or by a person)."""
    return printable(text).replace("\n", "\\n")


# Characters that make markup anywhere in a line: emphasis, code, links and images,
# strikethrough, table cells; a backslash, so that the text cannot escape an escape.
_MARKDOWN_INLINE: Final = r"[\\`*_\[\]|~]"
# What starts a heading, list, quote, rule or setext underline at the start of a line.
_MARKDOWN_LINE_START: Final = r"^(\d{1,9})([.)])|^([#+=-])"


def markdown(text: str, *, inline: bool = False) -> str:
    """Text as markdown that shows it as written: HTML as entities (`&lt;script&gt;`),
    every character that starts inline markup escaped, and, unless the text stands where
    only inline markup is read (a table cell, a heading), no line able to start a block of
    its own (heading, list, quote, rule, code block)."""
    text = printable(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(_MARKDOWN_INLINE, r"\\\g<0>", text)
    if inline:
        return text
    lines = (line.lstrip(" \t") for line in text.split("\n"))
    return "\n".join(re.sub(_MARKDOWN_LINE_START, _escape_line_start, line) for line in lines)


def _escape_line_start(match: re.Match[str]) -> str:
    if match.group(1):
        return match.group(1) + "\\" + match.group(2)
    return "\\" + match.group(3)


def code_fence(text: str) -> str:
    """A fence longer than any run of backticks in `text`, so that it cannot be closed
    from inside."""
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    return "`" * max(3, longest + 1)


def code_span(text: str) -> str:
    """`text` as a markdown code span: delimited by more backticks than any run in it, so
    that it cannot be closed from inside; on one line, its control characters escaped."""
    text = " ".join(printable(text).split("\n"))
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    # A space on either side keeps a backtick at either end of the text inside the span;
    # a span strips one such space on each side.
    padded = f" {text} " if text[:1] == "`" or text[-1:] == "`" else text
    return f"{fence}{padded}{fence}"


# OWASP, "CSV Injection": a cell that starts with one of these is a formula to Excel,
# LibreOffice and Google Sheets.
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text: str) -> str:
    """A CSV cell that a spreadsheet shows as text: one that would start a formula gets a
    leading apostrophe (`'=1+1`, `'-2+3`), as OWASP recommends."""
    text = printable(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


# What json.dumps(ensure_ascii=False) leaves raw that a terminal or an editor acts on.
_JSON_RAW: Final = "[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]"


def json_text(dumped: str) -> str:
    """JSON text (from json.dumps) with every control character as a \\u escape: the same
    data, and no raw control byte in the output."""
    return re.sub(_JSON_RAW, lambda m: f"\\u{ord(m.group()):04x}", dumped)
