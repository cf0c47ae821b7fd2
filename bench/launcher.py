"""Start bench/run.py's measured commands from a small process, so each one's peak memory is its own.

Linux starts a child's `ru_maxrss` at the resident size of the process that forked it (with
`vfork`, as Python's subprocess uses, at that process's high-water mark). Measured from
bench/run.py after it had generated a package, frictionless and a pyarrow read both showed the
parent's 236 MB. This process imports nothing beyond the standard library's core (about 10 MB
resident), forks each command, waits for it with `os.wait4` and reports the command's own wall
time, CPU time (user + system, all threads and waited-for children) and peak resident memory.

Protocol, one JSON object a line: run.py writes
`{"args": [...], "cwd": "...", "stdout": "path", "stderr": "path"}` to stdin; this writes back
`{"wall": s, "cpu": s, "peak_kb": n, "exit": code}`. It exits at the end of its input. It never
measures itself, and the environment it was started with is the commands' environment.
"""

from __future__ import annotations

import json
import os
import sys
import time


def run(request: dict) -> dict:
    args, cwd = request["args"], request["cwd"]
    stdout = os.open(request["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    stderr = os.open(request["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child: becomes the command, or reports why it could not
        try:
            os.dup2(stdout, 1)
            os.dup2(stderr, 2)
            os.chdir(cwd)
            os.execv(args[0], args)
        except OSError as error:
            os.write(2, f"cannot start {args[0]}: {error}\n".encode())
        os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    os.close(stdout)
    os.close(stderr)
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_kb": usage.ru_maxrss,  # KiB on Linux
        "exit": os.waitstatus_to_exitcode(status),
    }


def main() -> None:
    for line in sys.stdin:
        if line.strip():
            print(json.dumps(run(json.loads(line))), flush=True)


if __name__ == "__main__":
    main()
