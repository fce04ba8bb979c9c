#!/bin/sh
# run.sh [SECONDS] - build the libFuzzer harnesses (tests/fuzz/fuzz_*.c)
# and run each for SECONDS (default 60): `make fuzz FUZZ_SECONDS=N`.
#
# The corpus of each harness grows in build-fuzz/corpus/NAME across runs;
# it starts from tests/fuzz/seeds/NAME, the matching entries of
# tests/corpus/ and tests/fuzz/regressions/NAME. A crash or a failed
# property is saved in build-fuzz/crashes/NAME/: turn it into a fix, a
# unit test and a file in tests/fuzz/regressions/NAME.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
. tests/fuzz/lib.sh
secs=${1:-60}

if ! fuzz_find_cc; then
	echo "fuzz: $FUZZ_WHY" >&2
	exit 1
fi
echo "fuzz: building the harnesses with $FUZZ_CC"
if ! fuzz_build; then
	cat "$FUZZ_OUT/build.log" >&2
	exit 1
fi
bad=0
for h in $FUZZ_HARNESSES; do
	corpus=$FUZZ_OUT/corpus/$h crashes=$FUZZ_OUT/crashes/$h
	seeds=$(mktemp -d "${TMPDIR:-/tmp}/sss-fuzz-seeds-XXXXXX")
	mkdir -p "$corpus" "$crashes"
	fuzz_seed_dir "$h" "$seeds"
	log=$FUZZ_OUT/fuzz-$h.log
	"$FUZZ_OUT/fuzz-$h" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$crashes/" "$corpus" "$seeds" \
		>"$log" 2>&1
	rc=$?
	rm -rf "$seeds"
	if [ "$rc" = 0 ]; then
		echo "fuzz-$h: $(fuzz_execs "$log") execs in ${secs} s, no crash"
	else
		bad=$((bad + 1))
		echo "fuzz-$h: FAILED (exit $rc); see $log and $crashes/"
		grep -a -m 3 -e 'fuzz property' -e 'ERROR:' -e 'runtime error' "$log" | sed 's/^/    /'
	fi
done
[ "$bad" = 0 ]
