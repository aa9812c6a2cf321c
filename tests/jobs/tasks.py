"""Jobs for the tests. Each counts its attempts in a file (a worker process writes
it too) and has its effect, one line in ``effects``, under ``once``."""

from pathlib import Path

from jobs.queue import once


def lines(folder, name: str) -> list[str]:
    path = Path(folder) / name
    return path.read_text().splitlines() if path.exists() else []


def flaky(*, folder: str, key: str, failures: int) -> None:
    """Fail while this folder has seen at most ``failures`` attempts, then append
    ``key`` to ``effects`` once per key."""
    with (Path(folder) / "attempts").open("a") as file:
        file.write(f"{key}\n")
    if len(lines(folder, "attempts")) <= failures:
        raise RuntimeError("This attempt fails on purpose")
    with once(key) as first:
        if first:
            with (Path(folder) / "effects").open("a") as file:
                file.write(f"{key}\n")
