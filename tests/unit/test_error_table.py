"""Every kind of domain error has an HTTP status and an exit code, named on purpose, not by a default."""

from __future__ import annotations

import importlib
import pkgutil

import luoshi
from luoshi.cli.console import EXIT_BAD_INPUT, EXIT_CODES, EXIT_FAILURE, exit_code
from luoshi.domain.errors import DomainError, Unavailable
from luoshi.services.context import SchemaOutOfDate
from luoshi.web.app import DOMAIN_STATUS, http_status


def every_domain_error() -> set[type[DomainError]]:
    for module in pkgutil.walk_packages(luoshi.__path__, "luoshi."):
        if ".migrations" not in module.name:
            importlib.import_module(module.name)
    found: set[type[DomainError]] = set()
    todo = [DomainError]
    while todo:
        kind = todo.pop()
        for sub in kind.__subclasses__():
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    return found


def test_every_domain_error_has_a_status_and_an_exit_code() -> None:
    kinds = every_domain_error()
    assert len(kinds) >= 12  # the walk found the errors of every layer
    web = [known for known, _ in DOMAIN_STATUS]
    cli = [known for known, _ in EXIT_CODES]
    for kind in kinds:
        assert any(issubclass(kind, k) for k in web), f"{kind.__qualname__} has no HTTP status"
        assert any(issubclass(kind, k) for k in cli), f"{kind.__qualname__} has no exit code"
        assert http_status(kind) in {403, 404, 409, 422, 503}
        assert exit_code(kind) in {EXIT_BAD_INPUT, EXIT_FAILURE}


def test_unavailable_is_503_and_exit_1() -> None:
    for kind in (Unavailable, SchemaOutOfDate):
        assert (http_status(kind), exit_code(kind)) == (503, EXIT_FAILURE)
    assert http_status(DomainError) == 500  # the bare base is a programming error, not a user's
