"""Run many command lines through the real program in one process: `python run_cases.py IN OUT`.

IN is a JSON list of {"name", "args", "cwd"}; OUT receives, per case, the exit code, what
reached file descriptors 1 and 2 (so C libraries writing to the terminal are seen too),
the seconds taken and any exception that escaped the program. Each case is stopped
after 30 s (SIGALRM), so a hang is reported, not waited for. Used by tests/test_hostile.py:
one interpreter start instead of one per case.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import tempfile
import time
import traceback

from optimizer.cli import main

LIMIT_SECONDS = 30


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang(f"still running after {LIMIT_SECONDS} s")


def run(case: dict) -> dict:
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        os.dup2(out.fileno(), 1)
        os.dup2(err.fileno(), 2)
        old_cwd = os.getcwd()
        os.chdir(case["cwd"])
        escaped, code = "", None
        started = time.perf_counter()
        signal.alarm(LIMIT_SECONDS)
        try:
            main(case["args"], prog_name="python -m optimizer")
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except BaseException:  # noqa: BLE001 - a traceback is what the test looks for
            escaped = traceback.format_exc()
        finally:
            signal.alarm(0)
            seconds = time.perf_counter() - started
            sys.stdout.flush()
            sys.stderr.flush()
            os.chdir(old_cwd)
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
        out.seek(0)
        err.seek(0)
        return {
            "name": case["name"],
            "code": code,
            "stdout": out.read().decode("utf-8", "replace"),
            "stderr": err.read().decode("utf-8", "replace"),
            "seconds": seconds,
            "escaped": escaped,
        }


if __name__ == "__main__":
    signal.signal(signal.SIGALRM, _alarm)
    with open(sys.argv[1], encoding="utf-8") as handle:
        cases = json.load(handle)
    results = [run(case) for case in cases]
    with open(sys.argv[2], "w", encoding="utf-8") as handle:
        json.dump(results, handle)
