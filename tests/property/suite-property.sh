#!/bin/sh
# suite-property.sh - the randomized property test of team sharing: at
# least 300 random histories of two clones of one bare remote, each side
# doing new/set/comment/close/reopen/edit/due, then sync both ways (see
# prop.py for what is checked after each). Runs once, against the first
# build (the plain one). Output is TAP, one line per 10 histories.
#
#   PROPERTY_SEED=N    the first history's seed (printed; history i has N+i)
#   PROPERTY_COUNT=N   how many histories (default 300)
#   PROPERTY_MODE=M    auto (sync, then PROPERTY_GIT_COUNT=20 of the same
#                      histories through git pull --no-rebase and --rebase), sync,
#                      merge (git pull --no-rebase) or rebase (git pull --rebase)
set -u
: "${SSSCTL:?SSSCTL must name the sssctl binary}"
command -v python3 >/dev/null 2>&1 || {
	echo "ok 1 - property # SKIP python3 is not installed"
	echo "1..1"
	exit 0
}
exec python3 "$(dirname "$0")/prop.py"
