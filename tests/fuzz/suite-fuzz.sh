#!/bin/sh
# suite-fuzz.sh - the short fuzzing pass of `make check` (issue 5, suite 4).
#
# Builds the libFuzzer harnesses (tests/fuzz/lib.sh), replays every input
# of tests/fuzz/regressions/NAME (crashes found and fixed so far), then
# fuzzes each harness from its seeds with a fixed seed and a fixed number
# of runs (capped at 10 s, so the whole suite stays near a minute). Prints
# TAP with the executions of each harness; without clang or libFuzzer it
# prints one SKIP line that says which package is missing.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
. tests/fuzz/lib.sh

if ! fuzz_find_cc; then
	echo "ok 1 - fuzz # SKIP $FUZZ_WHY"
	echo "1..1"
	exit 0
fi
n=1 failed=0 total=0
if fuzz_build; then
	echo "ok 1 - fuzz: build the harnesses with $FUZZ_CC"
else
	echo "not ok 1 - fuzz: build the harnesses with $FUZZ_CC"
	tail -n 30 "$FUZZ_OUT/build.log" | sed 's/^/#   /'
	echo "1..1"
	exit 1
fi

# runs per harness: about 5-8 s each on one core of a laptop
runs_of() {
	case $1 in
	frontmatter) echo 30000 ;;
	yaml) echo 12000 ;;
	config) echo 30000 ;;
	catalog) echo 4000 ;;
	template) echo 60000 ;;
	id) echo 200000 ;;
	query) echo 60000 ;;
	esac
}

work=$(mktemp -d "${TMPDIR:-/tmp}/sss-fuzz-XXXXXX")
for h in $FUZZ_HARNESSES; do
	n=$((n + 1))
	bin=$FUZZ_OUT/fuzz-$h log=$work/$h.log problems= replayed=0
	# the regressions, each on its own: a crash names its file
	for f in tests/fuzz/regressions/$h/*; do
		[ -f "$f" ] || continue
		replayed=$((replayed + 1))
		if ! "$bin" "$f" >"$log" 2>&1; then
			problems="$problems
regression $f fails again:
$(grep -a -m 5 -e 'fuzz property' -e 'ERROR' -e 'runtime error' -e '^    #[0-4] ' "$log")"
		fi
	done
	# known defects of files owned by others (tests/fuzz/known/README)
	for f in tests/fuzz/known/$h/*; do
		[ -f "$f" ] || continue
		if "$bin" "$f" >"$log" 2>&1; then
			echo "# $f passes now: move it to tests/fuzz/regressions/$h/"
		else
			echo "# known bug, still failing: $f ($(grep -a -m 1 'fuzz property' "$log" | cut -c 1-120))"
		fi
	done
	mkdir -p "$work/corpus-$h" "$FUZZ_OUT/crashes/$h"
	fuzz_seed_dir "$h" "$work/seeds-$h"
	"$bin" -seed=1 -runs="$(runs_of "$h")" -max_total_time=10 -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$FUZZ_OUT/crashes/$h/" \
		"$work/corpus-$h" "$work/seeds-$h" >"$log" 2>&1
	rc=$?
	execs=$(fuzz_execs "$log")
	if [ "$rc" != 0 ]; then
		problems="$problems
fuzzing failed (exit $rc); the input is in $FUZZ_OUT/crashes/$h/:
$(grep -a -m 8 -e 'fuzz property' -e 'ERROR' -e 'runtime error' -e '^    #[0-6] ' -e 'Test unit written' "$log")"
	fi
	total=$((total + ${execs:-0}))
	if [ -z "$problems" ]; then
		echo "ok $n - fuzz-$h: ${execs:-0} execs, $replayed regressions replayed"
	else
		failed=$((failed + 1))
		echo "not ok $n - fuzz-$h: ${execs:-0} execs, $replayed regressions replayed"
		printf '%s\n' "$problems" | sed '/^$/d; s/^/#   /'
	fi
	echo "# fuzz-$h: ${execs:-0} execs"
done
echo "# fuzz: $((n - 1)) harnesses, $total execs"
echo "1..$n"
rm -rf "$work"
[ "$failed" = 0 ]
