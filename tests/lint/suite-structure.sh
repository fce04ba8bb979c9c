#!/bin/sh
# suite-structure.sh - the source tree's shape rules (tests/lint/structure.py:
# file and function sizes, <git2.h> only in lib/git/, the cache only behind
# the scan API, no include circles), as TAP for tests/run.sh.
cd "$(dirname "$0")/../.." || exit 1
exec python3 tests/lint/structure.py
