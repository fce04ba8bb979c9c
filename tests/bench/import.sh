#!/bin/sh
# import.sh SSSCTL - `sssctl import` of N CSV rows (one commit of N
# tickets) beside N x `sssctl new` (N commits), each into a fresh data
# repository (`make bench`; not part of `make check`).
#
# Knobs: BENCH_IMPORT_ROWS (N, default 10000); BENCH_IMPORT_NEW (how many
# `new` runs are timed, default N: a smaller sample is scaled to N, and
# the results say so); BENCH_IMPORT_RESULTS (default
# tests/bench/import-results.md); BENCH_TMP.
set -eu
[ $# = 1 ] || { echo "usage: import.sh SSSCTL" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
SSSCTL=$1
case $SSSCTL in /*) ;; *) SSSCTL=$(pwd)/$SSSCTL ;; esac
[ -x "$SSSCTL" ] || { echo "import.sh: no sssctl at '$SSSCTL'" >&2; exit 1; }

ROWS=${BENCH_IMPORT_ROWS:-10000}
NEW=${BENCH_IMPORT_NEW:-$ROWS}
RESULTS=${BENCH_IMPORT_RESULTS:-$here/import-results.md}

export LC_ALL=C.UTF-8 TZ=Asia/Tokyo GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export SSS_AUTHOR="ベンチ太郎 <bench@example.invalid>"
export SSS_NOW=2026-11-26T10:00:00+09:00
unset VISUAL EDITOR

tmp=$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/sss-bench-import-XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

now() { date +%s.%N; }
secs() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.2f", e - s }'; }

awk -v n="$ROWS" 'BEGIN {
	printf "ユーザ名,ソフト名,担当者,期限,内容\r\n"
	for (i = 1; i <= n; i++)
		printf "髙橋①%05d,M365,田中,2027-04-%02d,\"総務部, 人事課\"\r\n", i, 1 + i % 28
}' >"$tmp/rows.csv"

"$SSSCTL" init "$tmp/imp" >/dev/null
t0=$(now)
"$SSSCTL" -C "$tmp/imp" import "$tmp/rows.csv" --sow user-registration >/dev/null
t1=$(now)
import_s=$(secs "$t0" "$t1")
[ "$(git -C "$tmp/imp" ls-files tickets | wc -l)" -eq "$ROWS" ] ||
	{ echo "import.sh: the import did not make $ROWS tickets" >&2; exit 1; }

"$SSSCTL" init "$tmp/new" >/dev/null
t0=$(now)
i=1
while [ "$i" -le "$NEW" ]; do
	# the real clock: at one fixed SSS_NOW the IDs of one instant run out
	env -u SSS_NOW "$SSSCTL" -C "$tmp/new" new user-registration --user "髙橋①$i" --software M365 \
		--assignee 田中 --due 2027-04-01 -m "総務部, 人事課" >/dev/null
	i=$((i + 1))
done
t1=$(now)
new_s=$(secs "$t0" "$t1")
new_scaled=$(awk -v s="$new_s" -v k="$NEW" -v n="$ROWS" 'BEGIN { printf "%.1f", s * n / k }')
ratio=$(awk -v a="$new_scaled" -v b="$import_s" 'BEGIN { printf "%.0f", (b > 0 ? a / b : 0) }')
if [ "$NEW" = "$ROWS" ]; then
	how="measured: $NEW runs"
else
	how="$NEW runs measured ($new_s s), scaled by $ROWS/$NEW"
fi

{
	echo "# import benchmark"
	echo
	echo "Made by \`tests/bench/import.sh\` (part of \`make bench\`): $ROWS CSV rows"
	echo "imported as one commit, against $ROWS tickets made one \`sssctl new\`"
	echo "(one commit) each, both into a fresh repository. Wall-clock times."
	echo
	echo "- date: $(date -u +%Y-%m-%dT%H:%MZ)"
	echo "- machine: $(nproc) CPUs, $(uname -sm), load average $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "- sssctl: $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo unknown)"
	echo
	echo "| what | tickets | commits | seconds |"
	echo "|---|---:|---:|---:|"
	echo "| \`sssctl import\` ($ROWS rows) | $ROWS | 1 | $import_s |"
	echo "| $ROWS x \`sssctl new\` ($how) | $ROWS | $ROWS | $new_scaled |"
	echo
	echo "The import is about ${ratio}x faster: one commit (one tree, one index"
	echo "write, one branch update) instead of $ROWS, and one process."
} >"$RESULTS.tmp"
mv "$RESULTS.tmp" "$RESULTS"
cat "$RESULTS"
