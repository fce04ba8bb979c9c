#!/usr/bin/env python3
"""structure.py - the shape rules of the source tree, checked (TAP output).

  - no file under lib/ or cmd/ is over MAX_FILE lines;
  - no function is over MAX_FUNC lines (from its first line to its
    closing brace: the project's style puts both braces in column 0);
  - <git2.h> (and any git2/ header) is included only under lib/git/;
  - the scan cache (sss/cache.h) is included only by the scan API
    (lib/scan.c) and the cache itself;
  - no include circle between modules (a module is a .c file and the
    header of the same name, wherever each lives).

Run from the top of the tree: python3 tests/lint/structure.py [--report]
(--report prints every finding and always exits 0).
"""
import os
import re
import sys

MAX_FILE = 900
MAX_FUNC = 120
ROOTS = ("lib", "cmd")
GIT_DIR = "lib/git/"
CACHE_USERS = ("lib/scan.c", "lib/cache.c", "lib/scan/cache.c", "lib/scan/scan.c")

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def sources():
    for root in ROOTS:
        for d, _, files in os.walk(root):
            for f in sorted(files):
                if f.endswith((".c", ".h")):
                    yield os.path.join(d, f)
    for d, _, files in os.walk("include"):
        for f in sorted(files):
            if f.endswith(".h"):
                yield os.path.join(d, f)


def functions(lines):
    """(name, first line, length) of every function definition."""
    out = []
    start = None
    for i, line in enumerate(lines):
        if line.rstrip("\n") == "{" and i > 0:
            # the signature starts at the last column-0 line above that
            # is not a continuation of a parameter list
            j = i - 1
            while j > 0 and (lines[j][:1] in (" ", "\t") or lines[j - 1].rstrip().endswith(",")):
                j -= 1
            m = re.search(r"(\w+)\s*\(", "".join(lines[j:i]))
            start = (m.group(1) if m else "?", j + 1)
        elif line.startswith("}") and start:
            out.append((start[0], start[1], i + 1 - start[1] + 1))
            start = None
    return out


def module(path):
    return os.path.splitext(os.path.basename(path))[0]


def main():
    report = "--report" in sys.argv
    problems = []
    graph = {}
    headers = {}
    for p in sources():
        headers.setdefault(os.path.basename(p), p)
    for p in sources():
        with open(p, encoding="utf-8") as f:
            lines = f.readlines()
        if p.startswith(ROOTS) and len(lines) > MAX_FILE:
            problems.append(f"{p}: {len(lines)} lines (at most {MAX_FILE})")
        for name, first, n in functions(lines):
            if n > MAX_FUNC:
                problems.append(f"{p}:{first}: function {name} is {n} lines (at most {MAX_FUNC})")
        for line in lines:
            m = INCLUDE.match(line)
            if not m:
                continue
            inc = m.group(2)
            if (inc == "git2.h" or inc.startswith("git2/")) and not p.startswith(GIT_DIR):
                problems.append(f"{p}: includes <{inc}> outside {GIT_DIR}")
            if inc.endswith("cache.h") and m.group(1) == '"' and p not in CACHE_USERS \
                    and "sss/cache.h" in inc:
                problems.append(f"{p}: includes {inc}: only the scan API may use the cache")
            if m.group(1) == '"':
                target = headers.get(os.path.basename(inc))
                if target and module(target) != module(p):
                    graph.setdefault(module(p), set()).add(module(target))
    # circles: strongly connected components of more than one module
    index, low, stack, on, sccs, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                sccs.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    for comp in sccs:
        problems.append("include circle: " + " <-> ".join(comp))

    if report:
        for p in problems:
            print(p)
        print(f"{len(problems)} findings")
        return 0
    print("1..1")
    if problems:
        for p in problems:
            print("# " + p)
        print("not ok 1 - source structure rules (%d findings)" % len(problems))
        return 1
    print("ok 1 - source structure rules")
    return 0


if __name__ == "__main__":
    sys.exit(main())
