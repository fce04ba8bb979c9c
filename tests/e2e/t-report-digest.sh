#!/bin/sh
# report and export with a warm scan cache: what they read of the work
# log (times, authors, 作業時間, status and estimate changes) and the
# export's requester and estimate come from the work-log digest the cache
# keeps (worklog.h), so they open no ticket file, and they print exactly
# what they print with the cache bypassed (SSS_NO_CACHE=1).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/kpi-scenario.sh"

NOW_DEC=2026-12-01T08:00:00+09:00
NOW_JAN=2027-01-05T08:00:00+09:00
ALL_CACHED=id,title,sow,kind,status,priority,assignee,requester,created,updated,due,estimate,closed,recurrence,links,path,spent_min,estimate_min,sla.response.state,sla.response.due,sla.response.used_min,sla.response.target_min,sla.resolve.state,sla.resolve.due,sla.resolve.used_min,sla.resolve.target_min

# The scenario, the work after November, and a ticket whose work log was
# written by hand: an entry of two lines, an author with a backslash and
# a colon, zero minutes spent, a line that is no entry, a requester with
# a backslash.
fixture() {
	make_scenario
	make_later
	H=$(at 2026-11-20T09:00 new usage-inquiry --event "手書きの記録" --assignee 田中) || fail "new H"
	at 2026-11-20T09:01 set "$H" 'requester=総務課 a\b' estimate=90m >/dev/null || fail "set H"
	FH=$(ls tickets/2026/11/"$H".md)
	cat >"$TMPDIR_T/log" <<'EOF'
- 2026-11-21 10:00 外部\業者: 一行目
  二行目 [作業時間 1h]: ではない
- 2026-11-21 11:00 佐藤 [作業時間 0m]: 確認のみ
これは記録ではない
- 2026-11-22 09:00 佐藤 [作業時間 2h]: 状態 未着手 → 対応中
- 2026-11-22 09:30 x:y: 区切りの入った名前

EOF
	# into ## 作業記録, before the section that follows it
	awk -v f="$TMPDIR_T/log" '/^## 対応結果/ { while ((getline l < f) > 0) print l } { print }' \
		"$FH" >"$TMPDIR_T/h" && cat "$TMPDIR_T/h" >"$FH"
	grep -q '^- 2026-11-22 09:00 佐藤' "$FH" || fail "hand edit of H"
	git add "$FH" && git -c user.name=x -c user.email=x@y commit -q -m "hand edit" || fail "commit H"
	# an hour old: the cache may trust every file
	find tickets -name '*.md' -exec touch -d '1 hour ago' {} +
}

# reads_no_ticket ARGS...: sssctl ARGS opens no ticket file (strace).
# LeakSanitizer cannot run under ptrace: the traced run goes without.
reads_no_ticket() {
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
		strace -f -e trace=open,openat -o "$TMPDIR_T/trace" "$SSSCTL" "$@" >/dev/null ||
		fail "$*: failed under strace"
	if grep -q '\.md"' "$TMPDIR_T/trace"; then
		grep '\.md"' "$TMPDIR_T/trace" | sed 's/^/#   /' >&2
		fail "$*: a warm cache still read ticket files"
	fi
}

# same_as_uncached: each report and export prints what it prints with
# the cache bypassed.
same_as_uncached() {
	for args in \
		"--now $NOW_DEC report monthly --period 2026-11 --format json -o -" \
		"--now $NOW_JAN report monthly --period 2026-11 --format json -o -" \
		"--now $NOW_JAN report monthly --format json -o -" \
		"--now $NOW_DEC report weekly -o -" \
		"--now $NOW_DEC export --format csv" \
		"--now $NOW_DEC export --format csv --headings keys --columns $ALL_CACHED" \
		"--now $NOW_DEC export --format csv --columns $ALL_CACHED" \
		"--now $NOW_DEC export --format csv --columns id,tags,documents,params.ソフト名,extra.x" \
		"--now $NOW_DEC export --format jsonl"; do
		# shellcheck disable=SC2086
		expect_same_run SSS_NO_CACHE=1 "" $args
	done
}

test_report_and_export_agree_with_the_files() {
	fixture
	same_as_uncached   # cold: the first run writes the cache
	[ -f .git/sss-cache ] || fail "no cache written"
	same_as_uncached   # warm
	# the figures are the digest's: the hand-written entries count
	sss --now $NOW_DEC export --format csv --headings keys --columns id,requester,estimate,spent_min,estimate_min >"$OUT"
	expect_contains "$H,総務課 a\\b,1h30m,120,90" "$OUT"
}

test_report_and_export_read_no_ticket_with_a_warm_cache() {
	command -v strace >/dev/null 2>&1 || skip "strace is not installed"
	fixture
	sss list --all >/dev/null
	reads_no_ticket --now $NOW_DEC report monthly --period 2026-11 --format json -o -
	reads_no_ticket --now $NOW_JAN report monthly --period 2026-11 --format json -o -
	reads_no_ticket --now $NOW_DEC report weekly -o -
	reads_no_ticket --now $NOW_DEC export --format csv
	reads_no_ticket --now $NOW_DEC export --format xlsx -o "$TMPDIR_T/x.xlsx"
	reads_no_ticket --now $NOW_DEC export --format csv --columns "$ALL_CACHED"
	# the columns the cache does not hold still read the files
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
		strace -f -e trace=open,openat -o "$TMPDIR_T/trace" \
		"$SSSCTL" --now $NOW_DEC export --format csv --columns id,tags >/dev/null
	grep -q '\.md"' "$TMPDIR_T/trace" || fail "export --columns tags read no file"
}

run_tests
