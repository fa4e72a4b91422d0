"""The process's entry point (the `vvsgplan` script and `python -m vvsgplan`).

Ctrl-C must end the program with one line and exit 130 at any moment, also while the
rest of it is still being imported (a good part of its first 0.2 s). So this module
imports nothing of vvsgplan's and takes over SIGINT as soon as it is imported, before
the command line is. A KeyboardInterrupt would not do: Click turns it into "Aborted!" and
exit 1, and one raised inside the import machinery is printed and ignored. So Ctrl-C
ends the process at once. Nothing is left half done by that: what must not be cut short
(writing the plan and committing it) holds Ctrl-C until it is done (see
store.holding_interrupts), and the lock goes with the process.
"""

import os
import signal
import sys
from types import FrameType

INTERRUPTED = 130  # errors.INTERRUPTED, which this module does not import


def _interrupt(signum: int, frame: FrameType | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        sys.stderr.write("vvsgplan: interrupted\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass  # stderr closed: the exit code still says it
    os._exit(INTERRUPTED)


signal.signal(signal.SIGINT, _interrupt)


def main() -> None:
    from vvsgplan.cli import main as run

    run()
