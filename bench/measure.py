#!/usr/bin/env python3
"""measure.py: wall time and peak RSS of a command, for run.sh.
Usage: measure.py N OUT -- CMD...   runs CMD N times with stdout to OUT (/dev/null ok) and
prints "MEDIAN_WALL_SECONDS MAX_RSS_KB MEDIAN_CPU_SECONDS" (user + sys; per-process
figures from wait4). The peak RSS comes from one more run under /usr/bin/time when it is
installed: wait4's figure for a child forked from Python counts the Python copy it was
before exec."""
import os
import subprocess
import sys
import tempfile
import time


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    cmd = sys.argv[sys.argv.index("--") + 1:]
    walls, cpus, rss = [], [], 0
    for _ in range(n):
        with open(out, "wb") as f:
            t0 = time.perf_counter_ns()
            p = subprocess.Popen(cmd, stdout=f)
            _, status, ru = os.wait4(p.pid, 0)
            walls.append(time.perf_counter_ns() - t0)
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit("measure.py: %s failed with status %d" % (cmd[0], status))
        rss = max(rss, ru.ru_maxrss)
        cpus.append(ru.ru_utime + ru.ru_stime)
    if os.path.exists("/usr/bin/time"):
        with open(out, "wb") as f, tempfile.NamedTemporaryFile("r") as t:
            subprocess.run(["/usr/bin/time", "-f", "%M", "-o", t.name] + cmd, stdout=f, check=True)
            rss = int(t.read().split()[-1])
    walls.sort()
    cpus.sort()
    print("%.4f %d %.4f" % (walls[len(walls) // 2] / 1e9, rss, cpus[len(cpus) // 2]))


if __name__ == "__main__":
    main()
