"""Surgical edits of a plan file: change only the lines of the values that change.

The file is composed (not re-dumped) and each value is found by its node's marks; new
text is spliced into the original string. Comments, blank lines, key order, quoting,
indentation, line endings and a byte-order mark all stay as they were. A block that
cannot be edited safely (a flow mapping such as `- {id: A1, ...}`) is refused.
"""

import itertools
import json
import re
from typing import Any, Final, NamedTuple

from vvsgplan.errors import WRITE_FAILED, VvsgplanError
from vvsgplan.fields import UPDATE, Field, Record
from vvsgplan.model import Update, extensions, value_of

# A scalar that YAML reads back as the same text when written without quotes, unless it
# is one of the words and numbers YAML 1.1 reads as something else. Any slip is caught:
# the edited file is read back before it is written.
_PLAIN: Final = re.compile(r"[A-Za-z0-9À-ɏ][^:#\n\r\t\[\]{},]*")
_NOT_TEXT: Final = re.compile(
    r"(?i)(y|yes|n|no|true|false|on|off|null|~|[-+]?[0-9_.:]+([eE][-+]?[0-9]+)?"
    r"|[-+]?0x[0-9a-f_]+|[-+]?0b[01_]+|\d{4}-\d\d?-\d\d?([Tt ].*)?|\.(inf|nan))"
)


class EditError(VvsgplanError):
    """A change that cannot be made safely; nothing is written."""

    exit_code = WRITE_FAILED


class _Splice(NamedTuple):
    start: int
    end: int
    order: int  # insertions at one place keep the order they were made in
    text: str


def scalar(value: str) -> str:
    """`value` as a YAML scalar on one line: plain when that reads back the same, else
    double-quoted (JSON's string syntax is YAML's double-quoted style)."""
    if (
        _PLAIN.fullmatch(value)
        and not _NOT_TEXT.fullmatch(value)
        and value == value.strip()
        and value.isprintable()  # YAML refuses control characters raw
    ):
        return value
    quoted = json.dumps(value, ensure_ascii=False)
    # JSON leaves DEL and other unprintable characters as they are; YAML refuses them raw.
    return "".join(ch if ch.isprintable() else _escape(ch) for ch in quoted)


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


class Editor:
    """Edits of one file's text, collected and applied at once by `result`."""

    def __init__(self, name: str, text: str, *, bom: bool = False) -> None:
        """Edits of `text`, a file's content without its byte-order mark."""
        self.name = name
        self.bom = bom
        self.text = text
        self.newline = "\r\n" if "\r\n" in self.text else "\n"
        self.splices: list[_Splice] = []
        # The span of the text of each top-level item found by `item`, when the file is a
        # plain block list whose items can be read apart: what a change may touch.
        self.spans: dict[str, tuple[int, int] | None] = {}

    # --- positions ----------------------------------------------------------------------

    def offset(self, mark: Any) -> int:
        """A mark as an index into the text (see `_place`)."""
        return int(mark.index)

    def _line_start(self, index: int) -> int:
        return self.text.rfind("\n", 0, index) + 1

    def _after_line(self, index: int) -> int:
        """The index just after the line break that ends the line holding `index`."""
        found = self.text.find("\n", index)
        return len(self.text) if found < 0 else found + 1

    def _content_end(self, node: Any) -> int:
        """The end of a node's last line of content, before the blank lines a block scalar
        keeps in its span, and before the comments that follow a block list or mapping
        (which end where the next node starts)."""
        if node.id == "sequence" and node.value and not node.flow_style:
            return self._content_end(node.value[-1])
        if node.id == "mapping" and node.value and not node.flow_style:
            return self._content_end(node.value[-1][1])
        end = self.offset(node.end_mark)
        while end > 0 and self.text[end - 1] in " \t\r\n":
            end -= 1
        return end

    # --- finding nodes ------------------------------------------------------------------

    def item(self, item_id: str) -> Any:
        """The mapping node of the top-level item with this id. Only the items whose text
        holds the id are composed, so a large file costs little memory."""
        import yaml

        from vvsgplan.yamltext import item_starts

        starts = item_starts(self.text)
        spans = (
            list(zip(starts, [*starts[1:], len(self.text)], strict=True))
            if starts
            else [(0, len(self.text))]
        )
        for start, end in spans:
            if item_id not in self.text[start:end]:
                continue
            # The pure-Python loader: its marks can be moved to their place in the file.
            try:
                root: Any = yaml.compose(self.text[start:end], Loader=yaml.SafeLoader)
            except (yaml.YAMLError, RecursionError) as e:
                raise EditError(f"{self.name}: cannot read the item of {item_id}: {e}") from None
            if root is None or root.id != "sequence":
                raise EditError(f"{self.name}: expected a list of mappings")
            for node in root.value:
                found = self.get(node, "id") if node.id == "mapping" else None
                if found is not None and found[1].value == item_id:
                    _place(node, self.text, start)
                    one = starts is not None and len(root.value) == 1
                    self.spans[item_id] = (start, end) if one else None
                    return node
        raise EditError(f"{self.name}: no item with id {item_id}")

    def block_mapping(self, node: Any, what: str) -> Any:
        if node.id != "mapping" or node.flow_style:
            raise EditError(
                f"{self.name}:{node.start_mark.line + 1}: {what} is written in flow style "
                "({...}); vvsgplan edits only block mappings: write it one key a line"
            )
        return node

    @staticmethod
    def get(mapping: Any, key: str) -> tuple[Any, Any] | None:
        for k, v in mapping.value:
            if k.value == key:
                return k, v
        return None

    # --- edits --------------------------------------------------------------------------

    def set(self, mapping: Any, key: str, text: str, *, after: tuple[str, ...] = ()) -> None:
        """Give `key` the scalar `text` (already YAML); a missing key is inserted on its own
        line, after the first of the keys `after` that is present, else after the last key."""
        found = self.get(mapping, key)
        if found is not None:
            value = found[1]
            start = self.offset(value.start_mark)
            if value.id != "scalar" or value.style in ("|", ">"):
                end = self._content_end(value)
            else:
                end = self.offset(value.end_mark)
            if start == end:
                text = " " + text  # an empty value (`status:`) starts right after the colon
            elif self.newline in text and value.id == "scalar" and value.style not in ("|", ">"):
                # A one-line value gives way to a block: what followed it on its line would
                # end the block's last line, and be read as text. A comment goes after the
                # block's indicator, where it stays a comment; trailing blanks go.
                line_end = self.text.find("\n", end)
                line_end = len(self.text) if line_end < 0 else line_end
                if self.text[end:line_end].endswith("\r"):
                    line_end -= 1
                rest = self.text[end:line_end]
                if not rest.strip() or rest.lstrip().startswith("#"):
                    head, sep, tail = text.partition(self.newline)
                    text = head + rest.rstrip() + sep + tail
                    end = line_end
            self.splices.append(_Splice(start, end, len(self.splices), text))
            return
        self.insert(mapping, f"{key}: {text}", after=after)

    def insert(self, mapping: Any, lines: str, *, after: tuple[str, ...] = ()) -> None:
        """Insert `lines` (keys of `mapping`, without indentation) after a key's value."""
        anchor = next((f for f in (self.get(mapping, k) for k in after) if f), None)
        last_value = (anchor or mapping.value[-1])[1]
        at = self._after_line(self._content_end(last_value) - 1)
        indent = " " * mapping.value[0][0].start_mark.column
        block = "".join(
            (indent + line if line else "") + self.newline for line in lines.split("\n")
        )
        self.splices.append(_Splice(at, at, len(self.splices), self._lines_at(at, block)))

    def _lines_at(self, at: int, block: str) -> str:
        """Whole lines to insert at `at`. At the end of a file without a final line break,
        the break goes before them instead of after: the file still ends without one, and
        several insertions there stay one line after the other."""
        if at == len(self.text) and not self.text.endswith("\n"):
            return self.newline + block.removesuffix(self.newline)
        return block

    def append_to_block(self, mapping: Any, key: str, old: str | None, new: str) -> bool:
        """Add the lines `new` has beyond `old` at the end of a literal block scalar (`|`),
        in its own indentation; False when the value is not such a block."""
        found = self.get(mapping, key)
        if found is None or old is None or found[1].style != "|" or not new.startswith(old + "\n"):
            return False
        value = found[1]
        end = self._content_end(value)
        first = self._after_line(self.offset(value.start_mark))
        indent = self.text[first:end][
            : len(self.text[first:end]) - len(self.text[first:end].lstrip(" "))
        ]
        added = new[len(old) + 1 :].split("\n")
        block = "".join(self.newline + (indent + line if line else "") for line in added)
        self.splices.append(_Splice(end, end, len(self.splices), block))
        return True

    def append_items(
        self, mapping: Any, key: str, items: list[list[str]], after: tuple[str, ...] = ()
    ) -> None:
        """Add items (each as lines without indentation) at the end of the block list
        under `key`; a missing key, an empty `[]` or no value at all (`updates:`) becomes a
        block list of them."""
        found = self.get(mapping, key)
        if found is None:
            self.insert(mapping, "\n".join([f"{key}:", *item_lines(items, "  ")]), after=after)
            return
        value = found[1]
        empty_list = value.id == "sequence" and value.flow_style and not value.value
        if empty_list or (value.id == "scalar" and value.tag == "tag:yaml.org,2002:null"):
            indent = " " * (mapping.value[0][0].start_mark.column + 2)
            lines = item_lines(items, indent)
            # From the end of the key, so that no space is left after the colon.
            start = self.text.index(":", self.offset(found[0].end_mark)) + 1
            end = self.offset(value.end_mark)
            block = "".join(self.newline + line for line in lines)
            self.splices.append(_Splice(start, end, len(self.splices), block))
            return
        if value.id != "sequence" or value.flow_style:
            raise EditError(
                f"{self.name}:{value.start_mark.line + 1}: '{key}' is not a block list "
                "('- ...' one item a line); vvsgplan adds items only to a block list"
            )
        indent = " " * value.start_mark.column
        at = self._after_line(self._content_end(value) - 1)
        block = "".join(line + self.newline for line in item_lines(items, indent))
        self.splices.append(_Splice(at, at, len(self.splices), self._lines_at(at, block)))

    def remove(self, mapping: Any, key: str) -> None:
        """Remove a key and its value, with the lines they stand on."""
        found = self.get(mapping, key)
        if found is None:
            return
        k, v = found
        start = self._line_start(self.offset(k.start_mark))
        if self.text[start : self.offset(k.start_mark)].strip():
            raise EditError(
                f"{self.name}:{k.start_mark.line + 1}: '{key}' shares its line with another "
                "key; move it to a line of its own before removing it"
            )
        end = self._after_line(self._content_end(v) - 1)
        self.splices.append(_Splice(start, end, len(self.splices), ""))

    def append_item(self, lines: list[str]) -> None:
        """Add an item, given as lines without indentation, after the last item of the
        file's top-level list: at the items' indentation, after a blank line when the
        items are set apart by one, before any comments that end the file. An empty list
        (`[]`, or no list at all: an empty file, only comments) becomes a block list."""
        import yaml

        from vvsgplan.yamltext import item_starts

        starts = item_starts(self.text)
        start = starts[-1] if starts else 0
        try:
            root: Any = yaml.compose(self.text[start:], Loader=yaml.SafeLoader)
        except (yaml.YAMLError, RecursionError) as e:
            raise EditError(f"{self.name}: cannot read the file's list: {e}") from None
        if root is not None:
            _place(root, self.text, start)
        if root is None or (root.id == "sequence" and root.flow_style and not root.value):
            # `[]` (or nothing) gives way to the item, where it stood.
            at = self.offset(root.start_mark) if root is not None else len(self.text)
            end = self.offset(root.end_mark) if root is not None else len(self.text)
            block = self.newline.join(item_lines([lines], ""))
            if root is None:
                block = ("" if not self.text or self.text.endswith("\n") else self.newline) + block
                block += self.newline
            self.splices.append(_Splice(at, end, len(self.splices), block))
            return
        if root.id != "sequence" or root.flow_style:
            raise EditError(
                f"{self.name}: the file is not a block list ('- ...' one item a line); "
                "vvsgplan adds items only to a block list"
            )
        last = root.value[-1]
        indent = " " * root.start_mark.column
        at = self._after_line(self._content_end(last) - 1)
        apart = self._set_apart(start if starts else self.offset(last.start_mark))
        block = (self.newline if apart else "") + "".join(
            line + self.newline for line in item_lines([lines], indent)
        )
        if at == len(self.text) and not self.text.endswith("\n"):
            block = self.newline + block
        self.splices.append(_Splice(at, at, len(self.splices), block))

    def _set_apart(self, item: int) -> bool:
        """Whether the item that starts at `item` is set apart from what comes before it
        by a blank line (above its comments)."""
        lines = self.text[: self._line_start(item)].split("\n")[:-1]
        for line in reversed(lines):
            stripped = line.strip()
            if not stripped:
                return True
            if not stripped.startswith("#"):
                return False
        return False

    def edits(self) -> list[tuple[int, int, str]]:
        """The splices in the order of the text: (start, end, new text), none overlapping."""
        found = [(s.start, s.end, s.text) for s in sorted(self.splices)]
        for (_, end, _), (start, _, _) in itertools.pairwise(found):
            if end > start:
                raise EditError(f"{self.name}: two edits overlap")
        return found

    def result(self) -> str:
        """The edited text, with the byte-order mark it had; built in one pass, so that
        many edits of a large file cost no more than one."""
        pieces = []
        at = 0
        for start, end, text in self.edits():
            pieces += [self.text[at:start], text]
            at = end
        pieces.append(self.text[at:])
        return ("\ufeff" if self.bom else "") + "".join(pieces)


def value_text(field: Field, value: Any, newline: str = "\n", indent: str = "  ") -> str:
    """A field's value as YAML text, as vvsgplan writes it (the text after `key: `), by
    the field's kind, such that every YAML reader loads it as the plan means it: a date
    quoted (YAML 1.1 readers would load an unquoted one as a date, not text), a number id
    plain, text plain when that reads back the same, or else quoted, lines of text as a
    literal block indented by `indent` (below the key), lists in flow style."""
    kind = field.kind
    if kind in ("done_on", "day"):
        return f"'{value}'"
    if kind == "flag":
        return "true" if value else "false"
    if kind == "id":
        return _id(value)
    if kind == "refs":
        return "[" + ", ".join(_id(v) for v in value) + "]"
    if kind == "names":
        return scalar(value[0]) if len(value) == 1 else "[" + ", ".join(map(scalar, value)) + "]"
    if kind in ("text", "notes", "when", "choice"):
        parts = str(value).split("\n")
        if (
            len(parts) == 1
            or not parts[-1]  # a line break at the end, which `|-` would drop
            or not all(x == x.strip() and x.isprintable() for x in parts)
        ):
            return scalar(str(value))  # one line, or lines a literal block would not keep
        return "|-" + "".join(newline + (indent + x if x else "") for x in parts)
    # A list or a mapping (milestones, an assessment...): JSON is YAML's flow style.
    return _flow(value)


def _id(value: str) -> str:
    """An id: a number plain (`4`), anything else as any text."""
    return value if value.isascii() and value.isdigit() else scalar(value)


def _flow(value: Any) -> str:
    if isinstance(value, str):
        return scalar(value)
    if value is None:
        return "null"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar(str(k))}: {_flow(v)}" for k, v in value.items()) + "}"
    return json.dumps(value)


def record_lines(record: Record, value: Any) -> list[str]:
    """A record as the lines of a mapping, without indentation: each field that has a
    value other than its default, in the declared order, then its extension fields."""
    lines = []
    for f in record.fields:
        found = value_of(value, f)
        if found is None or found == f.default:
            continue
        if f.kind in ("list", "updates") and f.record is not None:
            lines.append(f"{f.name}:")
            lines += item_lines([record_lines(f.record, item) for item in found], "  ")
        elif f.kind == "record" and f.record is not None:
            lines.append(f"{f.name}:")
            lines += ["  " + x if x else "" for x in record_lines(f.record, found)]
        else:
            lines += f"{f.name}: {value_text(f, found)}".split("\n")
    lines += [f"{key}: {_flow(v)}" for key, v in extensions(value)]
    return lines


def update_item(update: Update) -> list[str]:
    """An update as the lines of one list item, without indentation: the day quoted so
    that any YAML reader reads it as text."""
    return record_lines(UPDATE, update)


def item_lines(items: list[list[str]], indent: str) -> list[str]:
    """List items as lines at `indent`: the first line of each after "- ", the others
    under it; blank lines stay empty."""
    lines = []
    for item in items:
        lines.append(f"{indent}- {item[0]}")
        lines += [f"{indent}  {line}" if line else "" for line in item[1:]]
    return lines


def _place(root: Any, text: str, start: int) -> None:
    """Make the marks of nodes composed from `text[start:]` point into `text`: `index`
    the absolute offset, `line` the absolute line."""
    line = text.count("\n", 0, start)
    local_starts = [start]
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        for mark in (node.start_mark, node.end_mark):
            if id(mark) in seen:
                continue
            seen.add(id(mark))
            while len(local_starts) <= mark.line:
                local_starts.append(text.find("\n", local_starts[-1]) + 1)
            mark.index = local_starts[mark.line] + mark.column
            mark.line += line
        if node.id == "sequence":
            stack.extend(node.value)
        elif node.id == "mapping":
            for k, v in node.value:
                stack.extend((k, v))
