"""Run every benchmark on SQLite and PostgreSQL (`make bench`). Figures go to bench/out/*.json."""

import subprocess
import sys

BENCHMARKS = [
    ["bench.bench_results", "--responses", "1000000"],
    ["bench.bench_import", "--rows", "100000"],
    ["bench.bench_guessing"],
]
# Benchmarks that run on one database only (they choose it themselves).
SINGLE = [
    ["bench.bench_print"],
]


def main() -> int:
    for database in ("sqlite", "postgres"):
        for module, *args in BENCHMARKS:
            command = [sys.executable, "-m", module, "--database", database, *args]
            print("$", " ".join(command), flush=True)
            if subprocess.run(command).returncode != 0:
                return 1
    for module, *args in SINGLE:
        command = [sys.executable, "-m", module, *args]
        print("$", " ".join(command), flush=True)
        if subprocess.run(command).returncode != 0:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
