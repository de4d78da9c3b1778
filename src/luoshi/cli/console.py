"""Shared pieces of the command line: the consoles, and turning errors into exit codes at the edge."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import NoReturn, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from luoshi.domain.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    InvalidValue,
    NotFound,
    Unavailable,
)

#: exit code for bad input (a file, row or option that is wrong); nothing was written
EXIT_BAD_INPUT = 2
#: exit code for a failure that is not the input's fault (database unreachable, ...)
EXIT_FAILURE = 1

#: every kind of domain error and its exit code, most specific first (tests/unit/test_error_table.py)
EXIT_CODES: tuple[tuple[type[DomainError], int], ...] = (
    (InvalidInput, EXIT_BAD_INPUT),
    (InvalidValue, EXIT_BAD_INPUT),
    (NotFound, EXIT_BAD_INPUT),
    (Conflict, EXIT_BAD_INPUT),
    (Forbidden, EXIT_BAD_INPUT),
    (Unavailable, EXIT_FAILURE),
)


def exit_code(kind: type[DomainError]) -> int:
    """The exit code of a kind of domain error (1 for one the table does not know)."""
    return next((code for known, code in EXIT_CODES if issubclass(kind, known)), EXIT_FAILURE)


out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

P = ParamSpec("P")
R = TypeVar("R")


def fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    """Print ``message`` to stderr and exit with ``code``."""
    err.print(f"[bold red]error:[/] {message}", markup=True, highlight=False)
    raise typer.Exit(code)


@contextmanager
def errors_to_exit() -> Iterator[None]:
    """Translate luoshi's errors into a clear message and an exit code (2 for bad input)."""
    try:
        yield
    except InvalidInput as exc:
        n = len(exc.problems)
        for problem in exc.problems:
            err.print("[red]error:[/] " + escape(problem.printed()), markup=True, highlight=False)
        err.print(f"{n} problem{'s' if n != 1 else ''}; nothing was written.", highlight=False)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except DomainError as exc:
        fail(str(exc), exit_code(type(exc)))
    except OSError as exc:
        fail(f"{getattr(exc, 'filename', None) or ''}: {exc.strerror or exc}")


def guarded(func: Callable[P, R]) -> Callable[P, R]:
    """Decorator form of :func:`errors_to_exit` for Typer commands."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with errors_to_exit():
            return func(*args, **kwargs)
        raise AssertionError("unreachable")  # pragma: no cover

    return wrapper
