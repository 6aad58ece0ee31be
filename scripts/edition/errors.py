"""Located errors: every problem names its file and line, and all problems are reported at once."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


class EditionError(Exception):
    """One or more problems in the sources or metadata; the build stops and prints them all."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class Problems:
    """Collects problems while a stage goes on, then raises them together."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, file: str, line: int, key: str, message: str) -> None:
        self.items.append(Problem(file, line, key, message))

    def extend(self, error: EditionError) -> None:
        self.items.extend(error.problems)

    def raise_if_any(self) -> None:
        if self.items:
            raise EditionError(self.items)
