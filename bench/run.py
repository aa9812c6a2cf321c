"""``make bench``: measure the pages readers load, with the page cache off and on.

For each run (cache off, cache on) it starts gunicorn (2 sync workers, the project's
``gunicorn.conf.py``, DEBUG off, production settings over plain HTTP) on a free
loopback port with ``bench.settings``, then for the trivial view and every page in
``bench/pages.py``: wrk for a fixed time (requests/s, p50/p95/p99 latency), one more
request for the SQL query count (``X-Bench-Queries``), the workers' CPU time per
request (from their own counters in /proc, so other load on the machine does not
inflate it) and the largest worker's resident memory. Every figure is also given as
a ratio to the trivial view of the same run. Prints a Markdown table and writes JSON
to ``bench/results/``.

    python -m bench.run [--quick] [--scale N] [--duration S] [--connections C]
                        [--pages article,show] [--cache off]
    python -m bench.run --mode crawler [--scale N] [--limit URLS] [--every S]

``--pages`` and ``--cache`` measure a selection (the trivial view is always
measured: it is the yardstick). After each run the workers' memory is read once more:
resident (RSS) and proportional (PSS, shared pages divided among the processes that
share them, from ``/proc/<pid>/smaps_rollup``), per worker.

``--mode crawler`` measures the page cache's hit rate for a crawler instead
(``bench/crawler.py``).
"""

import argparse
import importlib.util
import json
import os
import platform
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"
REPORTER = ROOT / "bench" / "report.lua"
BIN = Path(sys.executable).parent
WRK_HINT = (
    "make bench needs wrk (an HTTP benchmarking tool). Install it with:\n"
    "    sudo apt-get install wrk      # Debian, Ubuntu\n"
    "    brew install wrk              # macOS"
)


# The bench's runs: what each leaves on. "cold" renders every page whole, as the
# first view after a change does; "off" keeps the page cache off but stored fragments
# on (logged-in readers, pages with a form); "on" is an anonymous reader's page.
RUNS = {
    "cold": {"PAGE_CACHE_ENABLED": "false", "FRAGMENTS_ENABLED": "false"},
    "off": {"PAGE_CACHE_ENABLED": "false", "FRAGMENTS_ENABLED": "true"},
    "on": {"PAGE_CACHE_ENABLED": "true", "FRAGMENTS_ENABLED": "true"},
}


def say(*parts, file=None) -> None:
    """Print for a command-line tool (ruff's T20 is about stray debugging prints)."""
    (file or sys.stdout).write(" ".join(str(p) for p in parts) + "\n")


def bench_environment(scale: int | None) -> dict[str, str]:
    """Production settings apart from SSL; the bench's own database and secret key."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in (
            "DEBUG",
            "DJANGO_SETTINGS_MODULE",
            "PAGE_CACHE_ENABLED",
            "FRAGMENTS_ENABLED",
        )
    }
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        SHOWSITE_IGNORE_DOTENV="1",  # a developer's .env must not point us at their db
        DEBUG="false",
        SECURE_SSL_REDIRECT="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        LOG_LEVEL="WARNING",
        BENCH_SCALE=str(scale or ""),
    )
    return env


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )


def scale_sizes(articles: int) -> list[str]:
    """The issue's proportions: 100k articles, 5k shows, 50k people; two comments
    per article (the bench's article gets exactly 50 approved)."""
    return [
        f"--articles={articles}",
        f"--shows={max(20, articles // 20)}",
        f"--people={max(300, articles // 2)}",
        f"--comments={articles * 2}",
        f"--authors={max(12, articles // 2000)}",
    ]


def prepare_database(env: dict[str, str], scale: int | None) -> str:
    """Migrate, collect static files and load the demo; generate data at scale.

    SQLite: ``bench/bench-<scale>.sqlite3``, generated once and reused. With
    DATABASE_URL, that database (give the bench its own, e.g. ``showsite_bench``).
    """
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    manage(env, "load_demo", "--force")  # --force: DEBUG is off; random passwords
    if not scale:
        return "demo"
    say(f"SCALE={scale}: generate_scale (reused when already there)")
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "generate_scale",
            "--reuse-existing",
            *scale_sizes(scale),
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return str(scale)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, from /proc/<pid>/stat; 0 once it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    # Fields after the command name (which may hold spaces) in parentheses; utime and
    # stime are fields 14 and 15 of the whole line, in clock ticks.
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Gunicorn:
    """gunicorn with 2 sync workers on a free loopback port, for one run."""

    def __init__(self, env: dict[str, str]):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "showsite.wsgi",
                f"--config={ROOT / 'gunicorn.conf.py'}",  # production's: preloaded
                "--workers=2",
                "--worker-class=sync",
                f"--bind=127.0.0.1:{self.port}",
                "--log-level=warning",
            ],
            cwd=ROOT,
            env=env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if fetch(self.base + "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not answer /healthz within 60 s")

    def _worker_statuses(self) -> dict[int, dict[str, str]]:
        """``/proc/<pid>/status`` fields of each gunicorn worker (the arbiter's
        children), by process id."""
        found = {}
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                fields = dict(
                    line.split(":", 1) for line in status.read_text().splitlines()
                )
            except (OSError, ValueError):
                continue
            if fields.get("PPid", "").strip() == str(self.process.pid):
                found[int(status.parent.name)] = fields
        return found

    def workers(self) -> list[int]:
        """Process ids of the gunicorn workers."""
        return list(self._worker_statuses())

    def workers_cpu_seconds(self) -> float:
        """CPU time (user + system) the workers have used so far, by their counters."""
        return sum(cpu_seconds(pid) for pid in self.workers())

    def worker_rss_mib(self) -> float:
        """Resident memory of the largest worker (VmRSS in /proc)."""
        sizes = [
            int(fields["VmRSS"].split()[0]) / 1024
            for fields in self._worker_statuses().values()
        ]
        return round(max(sizes), 1) if sizes else 0.0

    def worker_memory_mib(self) -> list[dict]:
        """RSS and PSS of each worker, from ``/proc/<pid>/smaps_rollup``."""
        found = []
        for pid in sorted(self.workers()):
            try:
                lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
            except OSError:
                continue
            fields = {
                line.split(":")[0]: int(line.split()[1])
                for line in lines[1:]
                if line.endswith("kB")
            }
            found.append(
                {
                    "rss_mib": round(fields.get("Rss", 0) / 1024, 1),
                    "pss_mib": round(fields.get("Pss", 0) / 1024, 1),
                }
            )
        return found

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def measure(server: Gunicorn, url: str, args) -> dict | str:
    """The figures for one page, or the reason it was skipped."""
    status, _ = fetch(server.base + url)  # also warms the cache
    if status != 200:
        return f"answered {status}"
    cpu_before = server.workers_cpu_seconds()
    wrk = subprocess.run(
        [
            "wrk",
            "--threads=1",
            f"--connections={args.connections}",
            f"--duration={args.duration}s",
            "--latency",
            f"--script={REPORTER}",
            server.base + url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(x for x in wrk.stdout.splitlines() if x.startswith("BENCH_JSON "))
    figures = json.loads(line.removeprefix("BENCH_JSON "))
    cpu = server.workers_cpu_seconds() - cpu_before
    # The workers' own counters: what a request costs, whatever else the machine ran.
    figures["cpu_ms"] = round(cpu * 1000 / figures["requests"], 2)
    _, headers = fetch(server.base + url)
    figures["queries"] = int(headers.get("X-Bench-Queries", -1))
    figures["page_cache"] = headers.get("X-Page-Cache", "-")
    figures["worker_rss_mib"] = server.worker_rss_mib()
    return figures


def add_ratios(rows: list[dict]) -> None:
    """Each figure divided by the trivial view's (first row) in the same run."""
    base = rows[0]
    for row in rows:
        row["ratio"] = {
            key: round(row[key] / base[key], 3) if base[key] else None
            for key in ("rps", "p50_ms", "p95_ms", "p99_ms", "worker_rss_mib")
        }


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem_kib = int(
        next(
            line.split()[1]
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    )
    import django

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kib / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
    }


def bytecode_compiled() -> bool:
    """Whether the installed packages carry compiled bytecode (``make install`` does
    it). Without it each worker compiles them from source: a slower start and more
    memory, so the figures say which case they measured."""
    import django

    return Path(importlib.util.cache_from_source(django.__file__)).exists()


def commit() -> str:
    def git(*args):
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()

    sha = git("rev-parse", "--short", "HEAD") or "unknown"
    return sha + (
        "-dirty" if git("status", "--porcelain", "--untracked-files=no") else ""
    )


def cpu_ms(row: dict) -> str:
    """CPU ms per request, "-" in runs from before the bench counted it."""
    return f"{row['cpu_ms']:.1f}" if "cpu_ms" in row else "-"


def table(report: dict) -> str:
    lines = [
        f"Commit {report['commit']}, {report['started']}; data: {report['data']}; "
        f"database: {report['database']}; cache: {report['cache']}; "
        f"wrk {report['duration_s']} s × {report['connections']} connections per page.",
        f"Machine: {report['machine']['cpu']}, {report['machine']['cores']} cores, "
        f"{report['machine']['memory_gib']} GiB, Python {report['machine']['python']}, "
        f"Django {report['machine']['django']}; installed packages byte-compiled: "
        f"{'yes' if report.get('bytecode') else 'no'}.",
        "",
        "| page | run | req/s (× trivial) | p50 ms | p95 ms | p99 ms "
        "| CPU ms | SQL | worker RSS MiB |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for mode, rows in report["runs"].items():
        for row in rows:
            r = row["ratio"]
            lines.append(
                f"| {row['page']} | {mode} | {row['rps']:.0f} ({r['rps']:.2f}) "
                f"| {row['p50_ms']:.1f} ({r['p50_ms']:.2f}) "
                f"| {row['p95_ms']:.1f} ({r['p95_ms']:.2f}) "
                f"| {row['p99_ms']:.1f} ({r['p99_ms']:.2f}) "
                f"| {cpu_ms(row)} | {row['queries']} | {row['worker_rss_mib']:.0f} |"
            )
    for mode, workers in report.get("worker_memory", {}).items():
        sizes = ", ".join(f"{w['rss_mib']:.1f} / {w['pss_mib']:.1f}" for w in workers)
        lines.append("")
        lines.append(f"Workers after the {mode} run, RSS / PSS MiB: {sizes}.")
    if report["skipped"]:
        lines.append("")
        lines += [f"Skipped {name}: {reason}." for name, reason in report["skipped"]]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1 s per page (CI)")
    parser.add_argument("--scale", type=int, default=None, help="articles to generate")
    parser.add_argument("--duration", type=int, default=10, help="seconds per page")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument(
        "--pages", default="", help="comma-separated page names (default: all)"
    )
    parser.add_argument(
        "--cache",
        choices=(*RUNS, "both", "all"),
        default="all",
        help="runs to make: cold (every render whole), off (page cache off, stored "
        "fragments on), on (page cache on); both = off and on; all = the three",
    )
    parser.add_argument("--mode", choices=["pages", "crawler"], default="pages")
    parser.add_argument("--limit", type=int, default=5000, help="crawler: URLs")
    parser.add_argument(
        "--every", type=float, default=10.0, help="crawler: seconds per approval"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.duration = 1
        if args.cache == "all":
            args.cache = "cold"  # every page rendered whole: proves each one works
    if not shutil.which("wrk"):
        say(WRK_HINT, file=sys.stderr)
        return 2

    env = bench_environment(args.scale)
    os.environ.update(env)
    data = prepare_database(env, args.scale)

    import django

    django.setup()
    from django.conf import settings

    if args.mode == "crawler":
        from bench.crawler import run

        return run(args, env, data)

    from bench.pages import TRIVIAL, resolve_pages

    pages, skipped = resolve_pages()
    if args.pages:
        wanted = set(args.pages.split(","))
        unknown = wanted - {name for name, _ in pages} - {n for n, _ in skipped}
        if unknown:
            say(f"unknown pages: {', '.join(sorted(unknown))}", file=sys.stderr)
            return 2
        pages = [(name, url) for name, url in pages if name in wanted]
        skipped = [(name, why) for name, why in skipped if name in wanted]
    for name, reason in skipped:
        say(f"skip {name}: {reason}")
    report = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit(),
        "machine": machine(),
        "data": data,
        "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
        "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
        "bytecode": bytecode_compiled(),
        "quick": args.quick,
        "duration_s": args.duration,
        "connections": args.connections,
        "runs": {},
        "worker_memory": {},
        "skipped": skipped,
    }
    modes = {"both": ("off", "on"), "all": tuple(RUNS)}.get(args.cache, (args.cache,))
    for mode in modes:
        server = Gunicorn({**env, **RUNS[mode]})
        try:
            rows = []
            targets = [(TRIVIAL.name, TRIVIAL.locate()), *pages]
            for _, url in targets * 4:  # warm both workers: imports, templates
                fetch(server.base + url)
            for name, url in targets:
                say(f"cache {mode}: {name} {url}", file=sys.stderr)
                figures = measure(server, url, args)
                if isinstance(figures, str):
                    report["skipped"].append((f"{name} (cache {mode})", figures))
                    continue
                rows.append({"page": name, "url": url, **figures})
            report["worker_memory"][mode] = server.worker_memory_mib()
        finally:
            server.stop()
        add_ratios(rows)
        report["runs"][mode] = rows

    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    suffix = ("-quick" if args.quick else "") + ("-some" if args.pages else "")
    path = RESULTS_DIR / f"{stamp}-{report['commit']}{suffix}.json"
    path.write_text(json.dumps(report, indent=2) + "\n")
    say(table(report))
    say(f"\nJSON: {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
