#!/bin/sh
# run.sh SSSCTL - the benchmark of issues 6 and 16 (`make bench`; not part
# of `make check`).
#
# For each N in BENCH_SIZES (default "1000 100000"; "1000 100000 1000000"
# adds the million-ticket size of issue 16, which takes hours) it makes a data
# repository with tests/bench/gen-repo, then times sssctl beside plain git,
# grep, cat and (where installed) Taskwarrior: median wall time over
# repeated runs with hyperfine (or a plain loop when hyperfine is missing),
# mean user+system CPU time, peak RSS from /usr/bin/time. It prints a table
# and writes tests/bench/results.md (BENCH_RESULTS): date, machine, the
# table, the ratios against the issue's targets, then the hand-written
# diagnosis of tests/bench/diagnosis.md.
#
# Page cache: every "warm" figure follows a run that read the same files.
# When `echo 3 > /proc/sys/vm/drop_caches` is allowed (root, not in most
# containers) the scans are also timed "cold", dropping the cache before
# every run; otherwise those rows say why they are missing.
#
# SHA-1: tests/bench/sha1/bench.c, built here against lib/sha1.c (the
# library sssctl links) and the hand-written code it replaced, hashes a
# 9.6 MB buffer (the git index at 100,000 tickets) in 4 KB pieces; its
# ratio is a row of the targets (the library may be at most 5% slower).
#
# Knobs: BENCH_SIZES, BENCH_RUNS_SMALL/BENCH_RUNS_BIG (scan runs at N <=
# 10,000 / above), BENCH_NEW_RUNS, BENCH_COLD=0 to skip cold runs,
# BENCH_COLD_RUNS_HUGE (cold runs above 100,000 tickets, default 1),
# BENCH_SHA1_RUNS (runs of the SHA-1 benchmark, default 21),
# BENCH_KEEP=1 to keep the repositories (under BENCH_TMP). Taskwarrior
# runs only up to 100,000 tasks (its bulk import of a million takes hours).
set -eu
[ $# = 1 ] || { echo "usage: run.sh SSSCTL" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
SSSCTL=$1
case $SSSCTL in /*) ;; *) SSSCTL=$(pwd)/$SSSCTL ;; esac
[ -x "$SSSCTL" ] || { echo "run.sh: no sssctl at '$SSSCTL'" >&2; exit 1; }
export SSSCTL

SIZES=${BENCH_SIZES:-1000 100000}
RESULTS=${BENCH_RESULTS:-$here/results.md}
RUNS_SMALL=${BENCH_RUNS_SMALL:-10}
RUNS_BIG=${BENCH_RUNS_BIG:-5}
NEW_RUNS=${BENCH_NEW_RUNS:-20}
COLD=${BENCH_COLD:-1}
COLD_RUNS_HUGE=${BENCH_COLD_RUNS_HUGE:-1}

export LC_ALL=C.UTF-8 TZ=Asia/Tokyo GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export SSS_AUTHOR="ベンチ太郎 <bench@example.invalid>"
export GIT_AUTHOR_NAME="ベンチ太郎" GIT_AUTHOR_EMAIL=bench@example.invalid
export GIT_COMMITTER_NAME="ベンチ太郎" GIT_COMMITTER_EMAIL=bench@example.invalid
unset SSS_NOW GIT_AUTHOR_DATE GIT_COMMITTER_DATE VISUAL EDITOR
NOW=2027-03-31T18:00:00+09:00 # the end of FY2026, as in gen-repo
PATTERN=証明書期限切れ

# ---- tools ---------------------------------------------------------------
have() { command -v "$1" >/dev/null 2>&1; }
missing=
have hyperfine || missing="$missing hyperfine"
[ -x /usr/bin/time ] || missing="$missing time"
have task || missing="$missing taskwarrior"
if [ -n "$missing" ] && [ "$(id -u)" = 0 ] && have apt-get; then
	echo "run.sh: installing$missing (optional; failures are ignored)"
	apt-get install -y -qq $missing >/dev/null 2>&1 || true
fi
HYPERFINE=; have hyperfine && HYPERFINE=hyperfine
TIMEV=; [ -x /usr/bin/time ] && TIMEV=/usr/bin/time
TASK=; have task && TASK=task

BENCH_TMP=${BENCH_TMP:-$(mktemp -d "${TMPDIR:-/tmp}/sss-bench-XXXXXX")}
mkdir -p "$BENCH_TMP"
cleanup() { [ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$BENCH_TMP"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
# a private copy: a rebuild of the tree during the run cannot change it
cp "$SSSCTL" "$BENCH_TMP/sssctl"
built=$(date -r "$SSSCTL" '+%Y-%m-%d %H:%M %Z')
rev=$(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git -C "$top" status --porcelain -- lib cmd include 2>/dev/null | wc -l)
[ "$dirty" = 0 ] || rev="$rev + uncommitted changes in lib/cmd/include"
SSSCTL=$BENCH_TMP/sssctl
TSV=$BENCH_TMP/figures.tsv # N, name, cache, median ms, cpu ms, runs, min ms, max ms
: >"$TSV"
NOTES=$BENCH_TMP/notes
: >"$NOTES"
note() { echo "$*" | tee -a "$NOTES"; }

can_drop=no
if [ "$COLD" = 1 ] && sync && (echo 3 >/proc/sys/vm/drop_caches) 2>/dev/null; then
	can_drop=yes
fi

# measure N NAME CACHE RUNS WARMUP CMD: time the shell command CMD (run in
# the current directory; output discarded) and add a row to $TSV.
measure() {
	_n=$1 _name=$2 _cache=$3 _runs=$4 _warm=$5 _cmd=$6
	if [ "$_cache" = cold ]; then _warm=0; fi
	if [ -n "$HYPERFINE" ]; then
		set -- --style none --runs "$_runs" --warmup "$_warm" \
			--export-csv "$BENCH_TMP/hf.csv" -n "$_name"
		[ "$_cache" = cold ] &&
			set -- "$@" --prepare 'sync; echo 3 > /proc/sys/vm/drop_caches'
		if ! hyperfine "$@" "$_cmd" >/dev/null 2>"$BENCH_TMP/hf.err"; then
			note "- N=$_n $_name: failed: $(tail -n 3 "$BENCH_TMP/hf.err" | tr '\n' ' ')"
			return 0
		fi
		# command,mean,stddev,median,user,system,min,max (seconds)
		tail -n 1 "$BENCH_TMP/hf.csv" | awk -F, -v n="$_n" -v name="$_name" \
			-v cache="$_cache" -v runs="$_runs" '{
			printf "%s\t%s\t%s\t%.1f\t%.1f\t%s\t%.1f\t%.1f\n", n, name, cache,
			$(NF-4) * 1000, ($(NF-3) + $(NF-2)) * 1000, runs,
			$(NF-1) * 1000, $NF * 1000 }' >>"$TSV"
	else
		_i=0
		: >"$BENCH_TMP/loop"
		while [ "$_i" -lt $((_runs + _warm)) ]; do
			[ "$_cache" = cold ] && { sync; echo 3 >/proc/sys/vm/drop_caches; }
			_t0=$(date +%s%N)
			sh -c "$_cmd" >/dev/null 2>&1 || { note "- N=$_n $_name: failed"; return 0; }
			_t1=$(date +%s%N)
			[ "$_i" -ge "$_warm" ] && echo $(((_t1 - _t0) / 1000)) >>"$BENCH_TMP/loop"
			_i=$((_i + 1))
		done
		sort -n "$BENCH_TMP/loop" | awk -v n="$_n" -v name="$_name" \
			-v cache="$_cache" '{ v[NR] = $1 } END {
			med = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "%s\t%s\t%s\t%.1f\t-\t%d\t%.1f\t%.1f\n", n, name, cache,
			med / 1000, NR, v[1] / 1000, v[NR] / 1000 }' >>"$TSV"
	fi
	awk -F'\t' 'END { printf "  %-40s %-5s %10s ms  (cpu %s ms, %s runs)\n", $2, $3, $4, $5, $6 }' "$TSV"
}

# peak N NAME CMD: peak resident set (KiB) of one run of CMD.
peak() {
	if [ -z "$TIMEV" ]; then
		note "- N=$1 $2: peak RSS not measured (no /usr/bin/time)"
		return 0
	fi
	if ! $TIMEV -f '%M' -o "$BENCH_TMP/rss" sh -c "exec $3" >/dev/null 2>&1; then
		note "- N=$1 $2: failed"
		return 0
	fi
	kb=$(tail -n 1 "$BENCH_TMP/rss")
	printf '%s\t%s\trss\t%s\n' "$1" "$2" "$kb" >>"$BENCH_TMP/rss.tsv"
	printf '  %-40s       peak RSS %6.1f MiB\n' "$2" "$(echo "$kb" | awk '{ print $1 / 1024 }')"
}
: >"$BENCH_TMP/rss.tsv"
: >"$BENCH_TMP/size.tsv" # N, what, bytes, value

has_report=no
if "$SSSCTL" report -h >/dev/null 2>&1; then has_report=yes; fi

# Taskwarrior with N pending tasks (bulk import), in its own data dir.
taskwarrior() {
	_n=$1
	tw=$BENCH_TMP/tw-$_n
	mkdir -p "$tw/data"
	printf 'data.location=%s\nconfirmation=off\nverbose=nothing\nhooks=off\nrecurrence=off\n' \
		"$tw/data" >"$tw/rc"
	awk -v n="$_n" 'BEGIN { for (i = 0; i < n; i++)
		printf "{\"description\":\"インシデント (ApexOne：定義ファイル更新失敗) %d\",\"status\":\"pending\",\"entry\":\"20260101T000000Z\",\"project\":\"kpbe\",\"priority\":\"M\"}\n", i }' \
		>"$tw/tasks.json"
	TASKRC=$tw/rc task import "$tw/tasks.json" >/dev/null 2>&1 || {
		note "- N=$_n taskwarrior: import failed"
		return 0
	}
	export TASKRC=$tw/rc
	measure "$_n" "task add" warm "$NEW_RUNS" 2 "task add 'インシデント (ApexOne：定義ファイル更新失敗)'"
	measure "$_n" "task list" warm "$runs" 1 "task list"
	unset TASKRC
}

# ---- one size ------------------------------------------------------------
bench_size() {
	n=$1
	repo=$BENCH_TMP/repo-$n
	case $n in '' | *[!0-9]*) echo "run.sh: BENCH_SIZES: '$n' is not a number" >&2; exit 2 ;; esac
	if [ "$n" -le 10000 ]; then runs=$RUNS_SMALL; else runs=$RUNS_BIG; fi
	echo "== N = $n"
	t0=$(date +%s%N)
	"$here/gen-repo" "$n" "$repo" | sed 's/^/  /'
	t1=$(date +%s%N)
	printf '%s\tgen-repo\twarm\t%d\t-\t1\t-\t-\n' "$n" $(((t1 - t0) / 1000000)) >>"$TSV"
	cd "$repo"
	created=$("$SSSCTL" --now "$NOW" due --dry-run | wc -l)
	[ "$created" = 0 ] || note "- N=$n: due would create $created tickets (expected none)"
	# a hand-made ticket from the middle of the ten years
	show_id=$(find tickets/2021 tickets -name '[0-9]*.md' 2>/dev/null | sed -n '1s,.*/,,;1s/\.md$//p')
	find tickets -name '*.md' -print0 | xargs -0 cat >/dev/null # warm the cache
	S="$SSSCTL --now $NOW"

	# creation: each run makes a real ticket and commit
	"$SSSCTL" new incident-software --software ApexOne --event 定義ファイル更新失敗 \
		--assignee 田中 --priority high --due 2026-11-27 >"$BENCH_TMP/id"
	tmpl=$BENCH_TMP/template-$n.md
	cp "$(find tickets -name "$(cat "$BENCH_TMP/id").md")" "$tmpl"
	ym=$(date +%y%m)
	before=$(git rev-list --count HEAD)
	measure "$n" "sssctl new" warm "$NEW_RUNS" 2 \
		"$SSSCTL new incident-software --software ApexOne --event 定義ファイル更新失敗 --assignee 田中 --priority high --due 2026-11-27"
	measure "$n" "git add FILE && git commit" warm "$NEW_RUNS" 2 "sh $here/git-new.sh $tmpl $ym"
	after=$(git rev-list --count HEAD)
	note "- N=$n: $((after - before)) commits made by the creation runs (sssctl new and git add+commit, warm-up included)"

	measure "$n" "sssctl show ID" warm "$((runs * 3))" 3 "$S show $show_id"
	measure "$n" "sssctl list --status open --format tsv" warm "$runs" 1 "$S list --status open --format tsv"
	measure "$n" "sssctl list --all --format json" warm "$runs" 1 "$S list --all --format json > /dev/null"
	measure "$n" "sssctl grep PATTERN" warm "$runs" 1 "$S grep $PATTERN"
	before=$(git rev-list --count HEAD)
	measure "$n" "sssctl due (nothing to create)" warm "$runs" 1 "$S due"
	[ "$(git rev-list --count HEAD)" = "$before" ] || note "- N=$n: due created tickets during the benchmark"
	if [ "$has_report" = yes ]; then
		measure "$n" "sssctl report monthly --format json" warm "$runs" 1 "$S report monthly --format json"
	fi
	measure "$n" "sssctl export --format csv" warm "$runs" 1 "$S export --format csv"
	measure "$n" "sssctl check" warm "$runs" 1 "$S check"
	# the cache as the scans above left it (valid, every ticket in it)
	printf '%s\tcache\tbytes\t%s\n' "$n" "$(stat -c %s .git/sss-cache 2>/dev/null || echo 0)" >>"$BENCH_TMP/size.tsv"
	printf '%s\trepository\tbytes\t%s\n' "$n" "$(du -sk . | awk '{ print $1 * 1024 }')" >>"$BENCH_TMP/size.tsv"
	# completion of a ticket ID: one month's prefix, every ID, the recurring
	measure "$n" "sssctl __complete ids 2611" warm "$((runs * 3))" 3 "$SSSCTL __complete ids 2611"
	measure "$n" "sssctl __complete ids (empty prefix)" warm "$((runs * 3))" 3 "$SSSCTL __complete ids ''"
	measure "$n" "sssctl __complete ids r-" warm "$((runs * 3))" 3 "$SSSCTL __complete ids r-"
	# "nocache": files in the page cache, sssctl's cache bypassed, so every
	# ticket is parsed (check, report and grep never use the cache)
	measure "$n" "sssctl list --status open --format tsv" nocache "$runs" 1 "env SSS_NO_CACHE=1 $S list --status open --format tsv"
	measure "$n" "sssctl due (nothing to create)" nocache "$runs" 1 "env SSS_NO_CACHE=1 $S due"
	if [ "$has_report" = yes ]; then
		measure "$n" "sssctl report monthly --format json" nocache "$runs" 1 "env SSS_NO_CACHE=1 $S report monthly --format json"
	fi
	measure "$n" "grep -rl PATTERN tickets" warm "$runs" 1 "grep -rl $PATTERN tickets"
	measure "$n" "cat every ticket file" warm "$runs" 1 "find tickets -name '*.md' -print0 | xargs -0 cat"
	measure "$n" "git status" warm "$runs" 1 "git status --porcelain"

	if [ "$can_drop" = yes ]; then
		# cold runs: at most 5; BENCH_COLD_RUNS_HUGE (default 1) above
		# 100,000, where one cold scan reads gigabytes
		cr=$runs; [ "$cr" -le 5 ] || cr=5
		[ "$n" -le 100000 ] || cr=$COLD_RUNS_HUGE
		measure "$n" "sssctl list --status open --format tsv" cold "$cr" 0 "$S list --status open --format tsv"
		measure "$n" "sssctl grep PATTERN" cold "$cr" 0 "$S grep $PATTERN"
		measure "$n" "sssctl check" cold "$cr" 0 "$S check"
		measure "$n" "grep -rl PATTERN tickets" cold "$cr" 0 "grep -rl $PATTERN tickets"
		measure "$n" "cat every ticket file" cold "$cr" 0 "find tickets -name '*.md' -print0 | xargs -0 cat"
		find tickets -name '*.md' -print0 | xargs -0 cat >/dev/null
	fi

	peak "$n" "sssctl list --status open --format tsv" "$S list --status open --format tsv"
	peak "$n" "sssctl list --all --format json" "$S list --all --format json"
	[ "$has_report" = yes ] && peak "$n" "sssctl report monthly --format json" "$S report monthly --format json"
	peak "$n" "sssctl check" "$S check"
	peak "$n" "sssctl grep PATTERN" "$S grep $PATTERN"
	peak "$n" "sssctl due (nothing to create)" "$S due"
	peak "$n" "sssctl export --format csv" "$S export --format csv"
	peak "$n" "sssctl show ID" "$S show $show_id"
	peak "$n" "sssctl new" "$SSSCTL new usage-inquiry --event 操作方法の確認"

	if [ -n "$TASK" ] && [ "$n" -le 100000 ]; then taskwarrior "$n"; fi
	cd "$top"
	[ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$repo" "$BENCH_TMP/tw-$n"
}

# ---- SHA-1: the library against the hand-written code -------------------
SHA1_OUT=$BENCH_TMP/sha1.txt
: >"$SHA1_OUT"
sha1_bench() {
	_bin=$BENCH_TMP/sha1-bench
	# shellcheck disable=SC2046
	if ! (cd "$top" && cc -std=c11 -O2 -pthread -D_DEFAULT_SOURCE -D_GNU_SOURCE \
		-o "$_bin" tests/bench/sha1/bench.c tests/bench/sha1/handwritten.c \
		lib/sha1.c $(pkg-config --cflags --libs libcrypto)) >"$BENCH_TMP/sha1.err" 2>&1; then
		note "- SHA-1 benchmark: build failed: $(head -n 3 "$BENCH_TMP/sha1.err" | tr '\n' ' ')"
		return 0
	fi
	echo "== SHA-1"
	if ! "$_bin" "${BENCH_SHA1_RUNS:-21}" >"$SHA1_OUT" 2>"$BENCH_TMP/sha1.err"; then
		note "- SHA-1 benchmark: failed: $(head -n 3 "$BENCH_TMP/sha1.err" | tr '\n' ' ')"
		: >"$SHA1_OUT"
		return 0
	fi
	sed 's/^/  /' "$SHA1_OUT"
}

start=$(date +%s)
load0=$(cut -d' ' -f1-3 /proc/loadavg)
echo "sssctl benchmark: sizes $SIZES; hyperfine: ${HYPERFINE:-no (plain loop)}; cold cache: $can_drop"
sha1_bench
for n in $SIZES; do bench_size "$n"; done
load1=$(cut -d' ' -f1-3 /proc/loadavg)
elapsed=$(($(date +%s) - start))
[ "$has_report" = yes ] || note "- sssctl report: not built yet ('sssctl report -h' fails); its rows are missing"
[ -n "$TASK" ] || note "- Taskwarrior: not installed; its rows are missing"
[ "$can_drop" = yes ] || note "- cold page cache: not measured ('echo 3 > /proc/sys/vm/drop_caches' not permitted or BENCH_COLD=0)"

# ---- report --------------------------------------------------------------
cpu=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')
{
	echo "# sssctl benchmark results"
	echo
	echo "Written by \`make bench\` (tests/bench/run.sh); the diagnosis at the end"
	echo "comes from tests/bench/diagnosis.md."
	echo
	echo "- date: $(date '+%Y-%m-%d %H:%M %Z')"
	echo "- machine: $(nproc) cores, $cpu, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM, $(uname -sr)"
	echo "- load average before / after: $load0 / $load1 (a shared machine: compare ratios, not times)"
	echo "- sssctl: $rev; binary sha1 $(sha1sum "$SSSCTL" | cut -c1-12), built $built (tree and binary as at the start of the run)"
	hf="plain loop (no hyperfine)"; [ -z "$HYPERFINE" ] || hf=$(hyperfine --version)
	echo "- tools: $(git --version); $hf; ${TASK:+Taskwarrior $(task --version 2>/dev/null)}"
	echo "- sizes: $SIZES; scan runs: $RUNS_SMALL at N <= 10,000, $RUNS_BIG above (after 1 warm-up run);"
	echo "  creation runs: $NEW_RUNS (after 2 warm-up runs); show: 3x the scan runs; whole run: ${elapsed} s"
	echo "- clock: read commands run with --now $NOW; \`new\` uses the real clock"
	echo "- page cache: \"warm\" = the files were just read; \"cold\" = dropped before each run: $can_drop (at most 5 cold runs, $COLD_RUNS_HUGE above N=100,000); \"nocache\" = warm, with SSS_NO_CACHE=1 (every ticket parsed)"
	echo
	echo "## Figures"
	echo
	echo "Median wall time in ms; cpu = mean user+system time in ms (hyperfine)."
	echo
	awk -F'\t' '
	{ key = $2 SUBSEP $3; if (!(key in seen)) { seen[key] = 1; order[++k] = key }
	  med[$1, key] = $4; cpu[$1, key] = $5; runs[$1, key] = $6
	  if (!($1 in nseen)) { nseen[$1] = 1; ns[++nn] = $1 } }
	END {
		printf "| command | cache |"
		for (i = 1; i <= nn; i++) printf " N=%s ms | cpu ms | runs |", ns[i]
		printf "\n|---|---|"
		for (i = 1; i <= nn; i++) printf "---:|---:|---:|"
		printf "\n"
		for (j = 1; j <= k; j++) {
			split(order[j], a, SUBSEP)
			printf "| %s | %s |", a[1], a[2]
			for (i = 1; i <= nn; i++) {
				if ((ns[i], order[j]) in med)
					printf " %s | %s | %s |", med[ns[i], order[j]], cpu[ns[i], order[j]], runs[ns[i], order[j]]
				else
					printf " - | - | - |"
			}
			printf "\n"
		}
	}' "$TSV"
	echo
	echo "Peak resident memory (/usr/bin/time -v, one run):"
	echo
	awk -F'\t' '{ printf "- N=%s %s: %.1f MiB\n", $1, $2, $4 / 1024 }' "$BENCH_TMP/rss.tsv"
	echo
	echo "## Targets (issue 6)"
	echo
	awk -F'\t' -v sizes="$SIZES" '
	FILENAME ~ /rss/ { rss[$1, $2] = $4 / 1024; next }
	{ med[$1, $2, $3] = $4; cpu[$1, $2, $3] = $5 }
	function r(a, b) { return b > 0 ? a / b : -1 }
	function row(what, target, value, ok) {
		printf "| %s | %s | %s | %s |\n", what, target, value, ok }
	END {
		ns = split(sizes, s, " "); lo = s[1]; hi = s[ns]
		printf "Measured at N=%s against N=%s. \"met\" is judged on the median wall times;\n", hi, lo
		printf "the cpu ratio (user+system) is less disturbed by other load on the machine.\n\n"
		print "| target | wanted | measured | met |"
		print "|---|---|---|---|"
		g = med[hi, "git add FILE && git commit", "warm"]; nw = med[hi, "sssctl new", "warm"]
		x = r(g, nw)
		row("`new` vs git add+commit at N=" hi, ">= 10x faster", sprintf("%.2fx (%s vs %s ms); cpu %.2fx", x, nw, g, r(cpu[hi, "git add FILE && git commit", "warm"], cpu[hi, "sssctl new", "warm"])), x >= 10 ? "yes" : "NO")
		x = r(nw, med[lo, "sssctl new", "warm"])
		row("`new` at N=" hi " vs N=" lo, "<= 1.5x", sprintf("%.2fx", x), x >= 0 && x <= 1.5 ? "yes" : "NO")
		x = r(med[hi, "sssctl show ID", "warm"], med[lo, "sssctl show ID", "warm"])
		row("`show ID` at N=" hi " vs N=" lo, "independent of N (<= 1.5x)", sprintf("%.2fx", x), x >= 0 && x <= 1.5 ? "yes" : "NO")
		x = r(med[hi, "sssctl list --status open --format tsv", "warm"], med[hi, "grep -rl PATTERN tickets", "warm"])
		row("`list --status open --format tsv` with its cache vs grep -rl (warm)", "well under 0.25x", sprintf("%.2fx", x), x < 0.25 ? "yes" : "NO")
		split("warm nocache cold", caches, " ")
		for (c = 1; c <= 3; c++) {
			cc = caches[c]; gr = med[hi, "grep -rl PATTERN tickets", cc == "nocache" ? "warm" : cc]
			if (gr == "") continue
			nscan = split("sssctl list --status open --format tsv|sssctl list --all --format json|sssctl grep PATTERN|sssctl due (nothing to create)|sssctl report monthly --format json|sssctl check", scans, "|")
			for (i = 1; i <= nscan; i++) {
				v = med[hi, scans[i], cc]
				if (v == "") continue
				x = r(v, gr)
				cg = cpu[hi, "grep -rl PATTERN tickets", cc == "nocache" ? "warm" : cc]
				row("`" substr(scans[i], 8) "` vs grep -rl (" (cc == "nocache" ? "warm, sssctl cache bypassed" : cc) ")", "<= 1.5x", sprintf("%.2fx (%s vs %s ms); cpu %.2fx", x, v, gr, r(cpu[hi, scans[i], cc], cg)), x <= 1.5 ? "yes" : "NO")
			}
		}
		for (k in rss) {
			split(k, a, SUBSEP)
			if (a[1] != hi || a[2] !~ /list|report/) continue
			row("peak RSS of `" substr(a[2], 8) "` at N=" hi, "< 64 MiB", sprintf("%.1f MiB", rss[k]), rss[k] < 64 ? "yes" : "NO")
		}
		if (!((hi, "sssctl report monthly --format json", "warm") in med))
			row("`report monthly` scan and peak RSS", "<= 1.5x grep -rl, < 64 MiB", "not built yet", "-")
		g = med[hi, "task add", "warm"]
		if (g != "") row("for comparison: `task add` / `task list` at N=" hi, "-", sprintf("%s / %s ms", g, med[hi, "task list", "warm"]), "-")
	}' "$BENCH_TMP/rss.tsv" "$TSV"
	# the SHA-1 row: sss_sha1 first, the hand-written SHA extensions second
	if [ -s "$SHA1_OUT" ]; then
		awk '/^  / { sub(/^ +/, ""); n = split($0, w, / +/); ms[++k] = w[n - 3] }
		/^ratio/ { x = $NF }
		END { printf "| SHA-1 of the index (lib/sha1.c, libcrypto) vs the hand-written code | <= 1.05x | %.3fx (%s vs %s ms) | %s |\n",
			x, ms[1], ms[2], x <= 1.05 ? "yes" : "NO" }' "$SHA1_OUT"
	else
		echo "| SHA-1 of the index (lib/sha1.c, libcrypto) vs the hand-written code | <= 1.05x | not measured | - |"
	fi
	echo
	echo "## Targets (issue 16)"
	echo
	awk -F'\t' -v sizes="$SIZES" -v elapsed="$elapsed" '
	FILENAME ~ /rss/ { rss[$1, $2] = $4 / 1024; rn[$2] = 1; next }
	FILENAME ~ /size/ { size[$1, $2] = $4; next }
	{ med[$1, $2, $3] = $4; lo_[$1, $2, $3] = $7; hi_[$1, $2, $3] = $8 }
	function r(a, b) { return b > 0 && a != "" ? a / b : -1 }
	function row(what, target, value, ok) {
		printf "| %s | %s | %s | %s |\n", what, target, value, ok }
	# "A ms [min-max]" of one figure
	function fig(n, name, cache) {
		if (!((n, name, cache) in med)) return "not measured"
		return sprintf("%s ms [%s-%s]", med[n, name, cache], lo_[n, name, cache], hi_[n, name, cache]) }
	# a row comparing a (at na) with b (at nb): ratio of the medians
	function cmp(what, target, limit, na, a, ca, nb, b, cb,   x) {
		x = r(med[na, a, ca], med[nb, b, cb])
		if (x < 0) { row(what, target, "not measured", "-"); return }
		row(what, target, sprintf("%.2fx (%s vs %s)", x, fig(na, a, ca), fig(nb, b, cb)),
		    (limit > 0 ? x <= limit : x >= -limit) ? "met" : "not met")
	}
	function mib(b) { return b / 1048576 }
	END {
		ns = split(sizes, s, " "); lo = s[1]; big = ""
		t = ""; for (i = 1; i <= ns; i++) { if (s[i] == 100000) t = s[i]; if (s[i] >= 1000000) big = s[i] }
		if (t == "") t = s[ns]
		printf "Measured at N=%s (and N=%s); \"met\" is judged on the ratio of the\n", t, lo
		printf "median wall times of this one run; [min-max] is the range over its runs.\n\n"
		print "| target | wanted | measured | met |"
		print "|---|---|---|---|"
		G = "grep -rl PATTERN tickets"
		cmp("`new` vs `git add FILE && git commit` at N=" t " (git / new)", ">= 15x faster", -15, t, "git add FILE && git commit", "warm", t, "sssctl new", "warm")
		cmp("`new` at N=" t " vs N=" lo, "<= 1.5x", 1.5, t, "sssctl new", "warm", lo, "sssctl new", "warm")
		cmp("`list --status open --format tsv`, valid cache, vs `git status`", "<= 1.0x", 1.0, t, "sssctl list --status open --format tsv", "warm", t, "git status", "warm")
		if ((t, "cache") in size)
			row("`.git/sss-cache` at N=" t, "<= 16 MiB", sprintf("%.1f MiB (%.0f bytes a ticket)", mib(size[t, "cache"]), size[t, "cache"] / t), mib(size[t, "cache"]) <= 16 ? "met" : "not met")
		cmp("`list` every ticket parsed (SSS_NO_CACHE=1) vs grep -rl", "<= 1.5x", 1.5, t, "sssctl list --status open --format tsv", "nocache", t, G, "warm")
		cmp("`due` every ticket parsed (SSS_NO_CACHE=1) vs grep -rl", "<= 1.5x", 1.5, t, "sssctl due (nothing to create)", "nocache", t, G, "warm")
		cmp("`report monthly` every ticket parsed (SSS_NO_CACHE=1) vs grep -rl", "<= 1.5x", 1.5, t, "sssctl report monthly --format json", "nocache", t, G, "warm")
		cmp("`grep PATTERN` vs grep -rl", "<= 1.0x", 1.0, t, "sssctl grep PATTERN", "warm", t, G, "warm")
		cmp("`report monthly --format json`, valid cache, vs grep -rl", "<= 1.0x", 1.0, t, "sssctl report monthly --format json", "warm", t, G, "warm")
		cmp("`export --format csv`, valid cache, vs grep -rl", "<= 1.0x", 1.0, t, "sssctl export --format csv", "warm", t, G, "warm")
		split("sssctl __complete ids 2611|sssctl __complete ids (empty prefix)|sssctl __complete ids r-", cs, "|")
		for (i = 1; i <= 3; i++) {
			v = med[t, cs[i], "warm"]
			if (v == "") { row("`" substr(cs[i], 8) "` at N=" t, "< 50 ms", "not measured", "-"); continue }
			row("`" substr(cs[i], 8) "` at N=" t, "< 50 ms", fig(t, cs[i], "warm"), v < 50 ? "met" : "not met")
		}
		row("`sync` with 100 incoming changes vs `git pull`", "<= 1.5x", "tests/bench/sync.sh: see tests/bench/sync-results.md", "see there")
		if (big == "") {
			row("N=1,000,000: `new`/`show` flat, scans linear, peak RSS < 64 MiB", "-", "not run (BENCH_SIZES=\"1000 100000 1000000\")", "-")
		} else {
			cmp("`new` at N=" big " vs N=" lo, "<= 1.5x", 1.5, big, "sssctl new", "warm", lo, "sssctl new", "warm")
			cmp("`show ID` at N=" big " vs N=" lo, "<= 1.5x", 1.5, big, "sssctl show ID", "warm", lo, "sssctl show ID", "warm")
			q = big / t * 1.2
			nscan = split("sssctl list --status open --format tsv|sssctl grep PATTERN|sssctl due (nothing to create)|sssctl report monthly --format json|sssctl export --format csv|sssctl check", sc, "|")
			for (i = 1; i <= nscan; i++)
				cmp("`" substr(sc[i], 8) "` at N=" big " vs N=" t " (linear)", sprintf("<= %.0fx", q), q, big, sc[i], "warm", t, sc[i], "warm")
			for (k in rn)
				if ((big, k) in rss)
					row("peak RSS of `" substr(k, 8) "` at N=" big, "< 64 MiB", sprintf("%.1f MiB", rss[big, k]), rss[big, k] < 64 ? "met" : "not met")
		}
		for (i = 1; i <= ns; i++)
			if ((s[i], "repository") in size)
				row("disk use of the repository at N=" s[i], "-", sprintf("%.0f MiB (gen-repo %s ms)", mib(size[s[i], "repository"]), med[s[i], "gen-repo", "warm"]), "-")
		row("the whole run", "-", elapsed " s", "-")
	}' "$BENCH_TMP/rss.tsv" "$BENCH_TMP/size.tsv" "$TSV"
	echo
	if [ -s "$SHA1_OUT" ]; then
		echo "SHA-1 microbenchmark (tests/bench/sha1/bench.c):"
		echo
		sed 's/^/    /' "$SHA1_OUT"
		echo
	fi
	if [ -s "$NOTES" ]; then
		echo "Notes from this run:"
		echo
		cat "$NOTES"
		echo
	fi
	[ -f "$here/diagnosis.md" ] && cat "$here/diagnosis.md"
} >"$RESULTS.tmp"
mv "$RESULTS.tmp" "$RESULTS"
echo
sed -n '/^## Figures/,/^## What bounds/p' "$RESULTS" | sed '$d'
echo "wrote $RESULTS (${elapsed} s)"
