#!/bin/sh
# suite-import.sh - `sssctl import` at the size of a 人事異動 across a
# whole organisation: 10,000 rows, as UTF-8 with a BOM and as CP932, in
# one commit of 10,000 tickets; as one ticket with 10,000 checklist items;
# and a bad row at line 7,001 that leaves the repository as it was.
#
# The one-ticket import runs on a terminal (script(1)) and must draw its
# progress bar there.
#
# Run once (tests/run.sh runs tests/*/suite-*.sh against the first build);
# prints TAP. The CP932 case skips when iconv(1) is missing.
. "$(dirname "$0")/../e2e/lib.sh"

ROWS=10000

# rows FILE [BAD_ROW]: the header and ROWS rows of accounts (UTF-8, CRLF;
# each row two lines, its 内容 holding a line break, so row i starts at
# line 2i), row BAD_ROW with a due date that does not exist.
rows() {
	awk -v n="$ROWS" -v bad="${2:-0}" 'BEGIN {
		printf "ユーザ名,ソフト名,担当者,期限,内容\r\n"
		for (i = 1; i <= n; i++) {
			due = (i == bad) ? "2027-02-30" : sprintf("2027-04-%02d", 1 + i % 28)
			printf "髙橋①%05d,M365,田中,%s,\"総務部, 人事課\n4月1日付\"\r\n", i, due
		}
	}' >"$1"
}

# check_bulk: HEAD is one commit on init's holding ROWS tickets, each a
# ユーザ登録申請 of its own.
check_bulk() {
	expect_eq "$(commits)" 2 commits
	expect_eq "$(git ls-files tickets | wc -l | tr -d ' ')" "$ROWS" "tickets in HEAD"
	expect_eq "$(git show --name-only --format= HEAD | wc -l | tr -d ' ')" "$ROWS" "files of the commit"
	git log -1 --format=%B | git interpret-trailers --parse >"$TMPDIR_T/tr"
	expect_contains "Sss-Count: $ROWS" "$TMPDIR_T/tr"
	expect_eq "$(grep -rl '^title: ユーザ登録申請 (髙橋①07000：M365)$' tickets | wc -l | tr -d ' ')" 1 \
		"the ticket of row 7000"
	expect_eq "$(sss list --all --format tsv | wc -l | tr -d ' ')" "$ROWS" "tickets listed"
}

# timed CMD...: run CMD (stdout to $OUT), say how long it took as a TAP
# comment on stderr.
timed() {
	start=$(date +%s.%N)
	expect_status 0 "$@"
	end=$(date +%s.%N)
	awk -v s="$start" -v e="$end" -v n="$ROWS" \
		'BEGIN { printf "# %d rows in %.2f s\n", n, e - s }' >&2
}

test_10000_rows_utf8_bom_one_commit() {
	setup_repo
	printf '\357\273\277' >"$TMPDIR_T/bom.csv"
	rows "$TMPDIR_T/rows.csv"
	cat "$TMPDIR_T/rows.csv" >>"$TMPDIR_T/bom.csv"
	timed sss import "$TMPDIR_T/bom.csv" --sow user-registration
	expect_out "imported $ROWS tickets from '$TMPDIR_T/bom.csv'"
	check_bulk
}

test_10000_rows_cp932_one_commit() {
	command -v iconv >/dev/null || skip "no iconv(1) to make a CP932 file"
	setup_repo
	rows "$TMPDIR_T/rows.csv"
	iconv -f UTF-8 -t CP932 "$TMPDIR_T/rows.csv" >"$TMPDIR_T/cp932.csv"
	timed sss import "$TMPDIR_T/cp932.csv" --sow user-registration
	check_bulk
	f=$(grep -rl '髙橋①00001：' tickets)
	expect_contains "総務部, 人事課" "$f"
}

test_10000_rows_as_one_ticket() {
	setup_repo
	rows "$TMPDIR_T/rows.csv"
	# one ticket has one due date: the column is left out
	cut -d, -f1-3 "$TMPDIR_T/rows.csv" | grep -v '^4月' >"$TMPDIR_T/one.csv"
	if command -v script >/dev/null; then
		# on a terminal (script(1) gives it one) the bar is drawn on stderr
		script -qec "'$SSSCTL' import '$TMPDIR_T/one.csv' --sow user-registration --one-ticket" \
			/dev/null >"$TMPDIR_T/tty" 2>&1 || fail "import on a terminal: $(cat "$TMPDIR_T/tty")"
		tr '\r' '\n' <"$TMPDIR_T/tty" >"$TMPDIR_T/bar"
		grep -q '^import \[#*\.*\]  *[0-9]*%$' "$TMPDIR_T/bar" ||
			fail "no progress bar on a terminal: $(head -c 300 "$TMPDIR_T/tty")"
		grep -q '^import \[#\{39\}\.\]  99%$' "$TMPDIR_T/bar" ||
			fail "the bar did not reach the end of the rows"
		grep -q 'import: writing one commit' "$TMPDIR_T/bar" || fail "no commit phase shown"
		# the bar is cleared before the summary line
		tail -n 2 "$TMPDIR_T/bar" | grep -q 'imported .* with 10000 checklist items' ||
			fail "no summary after the bar"
	else
		echo "# no script(1): the import runs without a terminal" >&2
		timed sss import "$TMPDIR_T/one.csv" --sow user-registration --one-ticket
	fi
	expect_eq "$(commits)" 2 commits
	f=$(git ls-files tickets)
	expect_eq "$(echo "$f" | wc -l | tr -d ' ')" 1 tickets
	expect_eq "$(grep -c '^- \[ \] 髙橋①[0-9]* / M365$' "$f")" "$ROWS" "checklist items"
	expect_contains "title: ユーザ登録申請 (髙橋①00001 他$((ROWS - 1))件：M365)" "$f"
}

test_bad_row_at_line_7001_creates_nothing() {
	setup_repo
	# rows of two lines: row 5000 starts at line 10000
	rows "$TMPDIR_T/bad.csv" 5000
	expect_error 1 "bad.csv' line 10000, column '期限': '2027-02-30' is not a date" \
		sss import "$TMPDIR_T/bad.csv" --sow user-registration
	expect_eq "$(commits)" 1 commits
	expect_eq "$(find tickets -name '*.md' | wc -l | tr -d ' ')" 0 tickets
	# one-line rows: the bad row at line 7,001
	awk -v n="$ROWS" 'BEGIN {
		print "ユーザ名,ソフト名,期限"
		for (i = 1; i <= n; i++)
			printf "利用者%05d,M365,%s\n", i, i + 1 == 7001 ? "2027-13-01" : "2027-04-01"
	}' >"$TMPDIR_T/flat.csv"
	expect_error 1 "line 7001, column '期限': '2027-13-01' is not a date" \
		sss import "$TMPDIR_T/flat.csv" --sow user-registration
	expect_eq "$(commits)" 1 commits
	expect_eq "$(find tickets -name '*.md' | wc -l | tr -d ' ')" 0 tickets
}

run_tests
