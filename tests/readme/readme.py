#!/usr/bin/env python3
# readme.py: every "$ lmcost ..." example in README.md is run, and the lines shown under it
# must be its real output, in order ("..." stands for lines left out).
import os, re, subprocess, sys

build = sys.argv[1] if len(sys.argv) > 1 else "build"
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
binary = os.path.abspath(os.path.join(root, build, "lmcost"))
text = open(os.path.join(root, "README.md"), encoding="utf-8").read()

examples = []  # (command, expected lines)
for block in re.findall(r"```\n(.*?)```", text, re.S):
    lines = block.splitlines()
    i = 0
    while i < len(lines):
        if not lines[i].startswith("$ lmcost"):
            i += 1
            continue
        cmd = lines[i][2:]
        while cmd.endswith("\\") and i + 1 < len(lines):
            i += 1
            cmd = cmd[:-1] + lines[i].strip()
        i += 1
        expected = []
        while i < len(lines) and not lines[i].startswith("$ "):
            expected.append(lines[i])
            i += 1
        examples.append((cmd, expected))

failed = 0
for cmd, expected in examples:
    run = subprocess.run("lmcost() { \"$LMCOST\" \"$@\"; }; " + cmd, shell=True, capture_output=True,
                         text=True, cwd=root, env=dict(os.environ, LMCOST=binary, LC_ALL="C"))
    actual = (run.stdout + run.stderr).splitlines()
    # expected lines must appear in order; "..." skips any number of lines
    pos, ok, missing = 0, True, None
    for line in expected:
        if line.strip() == "...":
            continue
        while pos < len(actual) and actual[pos] != line:
            pos += 1
        if pos == len(actual):
            ok, missing = False, line
            break
        pos += 1
    if ok:
        print(f"ok readme: {cmd[:70]}")
    else:
        failed += 1
        print(f"FAIL readme: {cmd}\n    missing or out of order: {missing!r}")
if not examples:
    print("FAIL readme: no examples found")
    failed = 1
sys.exit(1 if failed else 0)
