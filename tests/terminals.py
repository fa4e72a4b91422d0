"""Running vvsgplan on a pseudo-terminal, as a person does: rich (and the drawing that
stands in for it) only draws there."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import termios
from pathlib import Path


def on_terminal(
    argv: list[str], env: dict[str, str], *, cwd: Path | None = None, columns: int = 80
) -> tuple[int, bytes]:
    """The exit code of `argv` run on a pseudo-terminal `columns` wide, and all it wrote
    there (output and errors together, as a terminal shows them)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    process = subprocess.Popen(
        argv,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=cwd,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break  # a run that hangs: the assertions on its output say so
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    return process.wait(timeout=60), b"".join(chunks)
