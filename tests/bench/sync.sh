#!/bin/sh
# sync.sh SSSCTL - the benchmark of issue 12 (`make bench` runs it after
# run.sh): `sssctl sync --no-push` beside `git pull --no-rebase` of the
# same incoming work, in a data repository of BENCH_SYNC_N tickets
# (default 100,000, made by gen-repo).
#
# Set-up (not timed): a bare remote cloned from the generated repository,
# clone A and clone B of it. B makes BENCH_SYNC_CHANGES changes (default
# 100: `sssctl set` or `comment` on as many tickets, one commit each) and
# pushes them; A makes one comment on a ticket that B also changed, so
# both commands make a real merge with one ticket merged by sssctl (git
# through the merge driver `sssctl merge-file`, sssctl in-process).
#
# Each timed run starts from the same state: A's branch reset to its own
# commit and its remote-tracking branch set back to what it was before
# B's work, so that both the fetch and the merge have the whole incoming
# work to do (the objects are already in A's object store after the first
# run: both commands find them there alike). The runs of the two commands
# alternate, so that a noisy neighbour slows both; the table gives the
# median and the ratio sync / git pull measured in this run.
set -eu
[ $# = 1 ] || { echo "usage: sync.sh SSSCTL" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
SSSCTL=$1
case $SSSCTL in /*) ;; *) SSSCTL=$(pwd)/$SSSCTL ;; esac
[ -x "$SSSCTL" ] || { echo "sync.sh: no sssctl at '$SSSCTL'" >&2; exit 1; }

N=${BENCH_SYNC_N:-100000}
CHANGES=${BENCH_SYNC_CHANGES:-100}
RUNS=${BENCH_SYNC_RUNS:-7}
RESULTS=${BENCH_SYNC_RESULTS:-$here/sync-results.md}

export LC_ALL=C.UTF-8 TZ=Asia/Tokyo GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export SSS_AUTHOR="ベンチ太郎 <bench@example.invalid>"
export GIT_AUTHOR_NAME="ベンチ太郎" GIT_AUTHOR_EMAIL=bench@example.invalid
export GIT_COMMITTER_NAME="ベンチ太郎" GIT_COMMITTER_EMAIL=bench@example.invalid
unset SSS_NOW GIT_AUTHOR_DATE GIT_COMMITTER_DATE VISUAL EDITOR

T=$(mktemp -d "${TMPDIR:-/tmp}/sss-bench-sync-XXXXXX")
trap 'rm -rf "$T"' EXIT
trap 'exit 130' INT TERM
cp "$SSSCTL" "$T/sssctl"
S=$T/sssctl

echo "sync.sh: generating $N tickets"
SSSCTL=$S "$here/gen-repo" "$N" "$T/gen" >/dev/null
git clone -q --bare "$T/gen" "$T/remote.git"
rm -rf "$T/gen"
git clone -q "$T/remote.git" "$T/A"
git clone -q "$T/remote.git" "$T/B"
"$S" -C "$T/A" list >/dev/null 2>&1 # sets the merge driver in A
"$S" -C "$T/B" list >/dev/null 2>&1

# B's work: CHANGES tickets, every fifth gets a comment, the rest a
# priority; the first one is also A's.
"$S" -C "$T/B" list --status open,in-progress --format tsv 2>/dev/null |
	cut -f 1 | head -n "$CHANGES" >"$T/ids" || true
have=$(wc -l <"$T/ids")
[ "$have" = "$CHANGES" ] || { echo "sync.sh: only $have open tickets" >&2; exit 1; }
echo "sync.sh: $CHANGES changes in clone B"
i=0
while read -r id; do
	i=$((i + 1))
	if [ $((i % 5)) = 1 ]; then
		"$S" -C "$T/B" comment "$id" -m "B の作業 $i" >/dev/null
	else
		"$S" -C "$T/B" set "$id" priority=high >/dev/null
	fi
done <"$T/ids"
git -C "$T/B" push -q origin HEAD
first=$(head -n 1 "$T/ids")
"$S" -C "$T/A" comment "$first" -m "A の作業" >/dev/null
A0=$(git -C "$T/A" rev-parse HEAD)
O0=$(git -C "$T/A" rev-parse refs/remotes/origin/HEAD 2>/dev/null ||
	git -C "$T/A" rev-parse refs/remotes/origin/main)
branch=$(git -C "$T/A" symbolic-ref --short HEAD)

reset_a() {
	git -C "$T/A" reset -q --hard "$A0"
	git -C "$T/A" update-ref "refs/remotes/origin/$branch" "$O0"
}

# time_one NAME CMD: one run from the reset state, ms appended to $T/NAME
time_one() {
	reset_a
	t0=$(date +%s%N)
	sh -c "$2" >"$T/out" 2>&1 || { cat "$T/out" >&2; echo "sync.sh: $1 failed" >&2; exit 1; }
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000)) >>"$T/$1"
	# the merge must hold both sides' work
	grep -q 'A の作業' "$T/A/$(cd "$T/A" && git ls-files "tickets/*/$first.md")" ||
		{ echo "sync.sh: $1 lost A's comment" >&2; exit 1; }
	grep -q 'B の作業 1' "$T/A/$(cd "$T/A" && git ls-files "tickets/*/$first.md")" ||
		{ echo "sync.sh: $1 lost B's comment" >&2; exit 1; }
}

: >"$T/sync"
: >"$T/pull"
r=0
while [ "$r" -lt "$RUNS" ]; do
	time_one sync "cd '$T/A' && '$S' sync --no-push --quiet"
	time_one pull "cd '$T/A' && git pull -q --no-rebase --no-edit origin '$branch'"
	r=$((r + 1))
done

median() {
	sort -n "$1" | awk '{ v[NR] = $1 } END {
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.1f", m / 1000 }'
}
ms_sync=$(median "$T/sync")
ms_pull=$(median "$T/pull")
ratio=$(awk -v a="$ms_sync" -v b="$ms_pull" 'BEGIN { printf "%.2f", a / b }')
rev=$(git -C "$here/../.." rev-parse --short HEAD 2>/dev/null || echo unknown)
{
	echo "# sync benchmark (tests/bench/sync.sh, \`make bench\`)"
	echo
	echo "$(date '+%Y-%m-%d %H:%M %Z'), sssctl $rev, $(nproc) cores."
	echo "$N tickets, $CHANGES incoming changes (one ticket changed on both"
	echo "sides), median of $RUNS runs each, runs alternating."
	echo
	echo "| command | median ms | min ms | max ms |"
	echo "|---|---:|---:|---:|"
	for k in sync pull; do
		name="sssctl sync --no-push"
		[ "$k" = pull ] && name="git pull --no-rebase"
		sort -n "$T/$k" | awk -v name="$name" '{ v[NR] = $1 } END {
			m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "| %s | %.1f | %.1f | %.1f |\n", name, m / 1000, v[1] / 1000, v[NR] / 1000 }'
	done
	echo
	echo "sync / git pull = **$ratio**"
} >"$RESULTS"
cat "$RESULTS"
