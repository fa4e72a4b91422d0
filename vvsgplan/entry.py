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

import atexit
import gc
import os
import signal
import sys
from types import FrameType

INTERRUPTED = 130  # errors.INTERRUPTED, which this module does not import
WRITE_FAILED = 3  # errors.WRITE_FAILED


def _interrupt(signum: int, frame: FrameType | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        sys.stderr.write("vvsgplan: interrupted\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass  # stderr closed (None if closed before Python started): the exit code says it
    os._exit(INTERRUPTED)


signal.signal(signal.SIGINT, _interrupt)


# The code the process ends with: set when the command line has run; 1 until then (a
# Python error on the way out).
_status = [1]


def _leave() -> None:
    """The process's last exit handler: the output is flushed and the process ends, so
    that Python does not take the whole plan apart object by object first (a tenth of a
    run at 10,000 actions). Everything a command writes to a file is closed and renamed
    into place before it returns; only standard output and error can still be buffered."""
    status = _status[0]
    for stream in (sys.stdout, sys.stderr):
        if stream is None:
            continue  # closed before Python started (`>&-`): nothing is buffered
        try:
            stream.flush()
        except BrokenPipeError:
            pass  # the reader left (`vvsgplan list | head`): it has what it wanted
        except ValueError:
            pass  # closed
        except OSError as e:
            # The end of the output was lost (a full disk): say so, as Python would.
            try:
                sys.stderr.write(output_lost(e))
                sys.stderr.flush()
            except (OSError, ValueError, AttributeError):
                pass
            status = WRITE_FAILED
    os._exit(status)


def output_lost(e: OSError) -> str:
    """The line that says the output could not be written, and why."""
    return f"vvsgplan: cannot write the output: {e.strerror or 'error ' + str(e.errno)}\n"


def main() -> None:
    # Start-up (Typer, Pydantic, the command line) makes a few hundred thousand objects
    # that live until the process ends, and no garbage cycles: the cycle collector would
    # walk them again and again, a tenth of a short run. It stays off for the short run
    # that follows; reading a large plan turns it on (portfolio._settle) for the long
    # work that such a plan brings.
    gc.disable()
    # Registered before anything else can register its own: exit handlers run last
    # registered first, so every other one has run when this one ends the process.
    atexit.register(_leave)
    from vvsgplan.cli import main as run

    try:
        run()
    except SystemExit as e:
        _status[0] = _exit_status(e.code)
        raise
    _status[0] = 0


def _exit_status(code: object) -> int:
    """The status Python ends with for sys.exit(code): a number as it is, None as 0,
    anything else (a message it prints) as 1."""
    if code is None:
        return 0
    return code if isinstance(code, int) else 1
