"""The ``redflags`` command: the terminal app with no subcommand, plain commands for everything else.

Exit status: 0 done; 2 bad input or usage (one line on stderr, nothing written); 1 any other failure.
Only the app itself imports textual.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, NoReturn, cast

from redflags import __version__
from redflags.safe_text import one_line

if TYPE_CHECKING:
    import argparse

PROG = "redflags"
# The options that work with no command too (opening the app), each with its default: a command
# line of these alone opens the app without argparse being loaded.
GLOBAL_OPTIONS = {"--db": None, "--checklists": None}
GLOBAL_FLAGS = {"--debug"}


@cache
def _parser_class() -> type[argparse.ArgumentParser]:
    import argparse

    class _Parser(argparse.ArgumentParser):
        """argparse, but a usage problem is one line on stderr and exit status 2."""

        def error(self, message: str) -> NoReturn:
            sys.stderr.write(
                f"{PROG}: error: {one_line(message)} (see: {one_line(self.prog)} --help)\n"
            )
            raise SystemExit(2)

    return _Parser


def _add_common(parser: argparse.ArgumentParser) -> None:
    # Options that work before or after the subcommand; SUPPRESS keeps the top-level value.
    import argparse

    parser.add_argument(
        "--db", type=Path, default=argparse.SUPPRESS, help="database file (or set REDFLAGS_DB)"
    )
    parser.add_argument(
        "--checklists", type=Path, default=argparse.SUPPRESS, help="a folder of your own checklists"
    )
    parser.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help="show full error details"
    )


def _leaves(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    import argparse

    found: list[argparse.ArgumentParser] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                found += _leaves(child) or [child]
    return found


def build_parser() -> argparse.ArgumentParser:
    """The whole command line."""
    from redflags.commands import (
        backup,
        checkins,
        checklists,
        importing,
        lock,
        people,
        reports,
        session,
    )

    parser = _parser_class()(
        prog=PROG,
        description="A private log of warning signs you observe. It records what you see; "
        "it cannot diagnose anything. Run with no command to open the app.",
    )
    _add_common(parser)
    parser.set_defaults(db=None, checklists=None, debug=False, func=None)
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_parser_class())
    for module in (session, people, checkins, importing, reports, backup, checklists, lock):
        module.register(sub)
    for leaf in _leaves(parser):
        _add_common(leaf)
    return parser


def _app_only(argv: Sequence[str]) -> argparse.Namespace | None:
    """The options when the command line only opens the app (global options, no command), read
    without building every command's parser; None otherwise."""
    if any(a in ("-h", "--help") or a.startswith("--version") for a in argv):
        return None
    plain = _plain_options(argv)
    if plain is not None:
        return plain
    parser = _parser_class()(prog=PROG, add_help=False)
    _add_common(parser)
    parser.set_defaults(db=None, checklists=None, debug=False, func=None)
    found, rest = parser.parse_known_args(list(argv))
    return None if rest else found


def _plain_options(argv: Sequence[str]) -> argparse.Namespace | None:
    """The global options in their plainest forms (``--db FILE``, ``--db=FILE``, ``--checklists
    DIR``, ``--debug``), read as argparse reads them, without loading it; None for anything else
    (argparse then reads the command line)."""
    found: dict[str, object] = dict(GLOBAL_OPTIONS)
    debug = False
    index = 0
    while index < len(argv):
        arg = argv[index]
        name, equals, value = arg.partition("=")
        if arg in GLOBAL_FLAGS:
            debug = True
        elif equals and name in GLOBAL_OPTIONS:
            found[name] = Path(value)
        elif arg in GLOBAL_OPTIONS and index + 1 < len(argv):
            value = argv[index + 1]
            if value.startswith("-"):
                return None  # argparse decides whether that is a value or an option
            found[arg] = Path(value)
            index += 1
        else:
            return None
        index += 1
    # The same attributes as argparse's Namespace, which Context only reads.
    options = SimpleNamespace(
        db=found["--db"], checklists=found["--checklists"], debug=debug, func=None
    )
    return cast("argparse.Namespace", options)


def _not_text(args: argparse.Namespace, argv: Sequence[str]) -> str | None:
    """The option (or REDFLAGS_PASSPHRASE) whose text holds bytes that are not UTF-8 (Python keeps
    them as lone surrogates), named as the user wrote it; None when all is text. File names are
    left alone: a file may be called anything its system allows."""
    for dest, value in vars(args).items():
        for given in value if isinstance(value, list) else [value]:
            if isinstance(given, str) and not _encodable(given):
                return _option_of(given, argv) or dest.upper()
    passphrase = os.environ.get("REDFLAGS_PASSPHRASE")
    if passphrase is not None and not _encodable(passphrase):
        return "REDFLAGS_PASSPHRASE"
    return None


def _option_of(value: str, argv: Sequence[str]) -> str | None:
    for index, arg in enumerate(argv):
        if arg == value and index and argv[index - 1].startswith("-"):
            return argv[index - 1]
        if arg.startswith("--") and arg.endswith("=" + value):
            return arg.partition("=")[0]
    return None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _run(argv: Sequence[str]) -> int:
    from redflags.commands.context import Context, UsageError
    from redflags.errors import ChecklistError, EntryError
    from redflags.store import RequestError, StoreError

    args = _app_only(argv) or build_parser().parse_args(list(argv))
    func: Callable[[Context], int] | None = args.func
    if func is None:
        from redflags.commands.session import open_app

        func = open_app
    bad = _not_text(args, argv)
    if bad is not None:
        return _fail(
            f"{bad} holds characters that are not valid text (UTF-8); nothing was written", 2, False
        )
    ctx = Context(args)
    try:
        code = func(ctx)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return code
    except BrokenPipeError:
        raise
    except (UsageError, EntryError, RequestError) as exc:
        return _fail(str(exc), 2, args.debug)
    except OverflowError:
        # Only a date or a number given on the command line can be that far out of range.
        return _fail(
            "a date given is too near the end of the calendar (or a number too large) to count"
            " with; nothing was written",
            2,
            args.debug,
        )
    except (StoreError, ChecklistError) as exc:
        return _fail(str(exc), 1, args.debug)
    except OSError as exc:
        return _fail(
            f"{exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else ""), 1, args.debug
        )
    finally:
        ctx.close()


def _fail(message: str, code: int, debug: bool) -> int:
    if debug:
        import traceback

        traceback.print_exc()
    first = message.partition("\n")[0] or "unknown problem"
    sys.stderr.write(f"{PROG}: error: {one_line(first)}\n")
    return code


def _quiet_stdout() -> None:
    """After a reader closed the pipe (``| head``): send what is left of stdout nowhere, so
    that nothing complains when Python flushes it on the way out."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, ValueError, OSError):
        return  # not a file of this process (called from Python): nothing is left to flush
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--version"]:
        # The fast path: no imports beyond the package itself.
        sys.stdout.write(f"{PROG} {__version__}\n")
        return 0
    try:
        return _run(args)
    except BrokenPipeError:
        # The reader has all it wanted (``redflags history | head -1``): not a failure.
        _quiet_stdout()
        return 0
    except KeyboardInterrupt:
        sys.stderr.write(f"{PROG}: stopped; nothing half-saved was kept\n")
        return 130
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except Exception as exc:  # the last line of defence: no tracebacks for people
        if "--debug" in args:
            raise
        details = str(exc).partition("\n")[0] or "no details"
        sys.stderr.write(
            f"{PROG}: error: something went wrong ({type(exc).__name__}: {one_line(details)}); "
            "run again with --debug for details\n"
        )
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
