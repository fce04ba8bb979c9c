#!/bin/sh
# session.sh - a working day with every command, for tests/valgrind.sh
# (SSSCTL is then valgrind wrapped around the binary). Not one of the
# end-to-end files: those check outputs; this one reaches the code paths
# that the valgrind subset leaves out (due, report, calendar, --problem).
. "$(dirname "$0")/../e2e/lib.sh"

test_session_every_command() {
	setup_repo
	sss sow >/dev/null
	sss sow show incident-software >/dev/null
	sss sow summary --format json >/dev/null
	sss calendar 2026 >/dev/null
	sss calendar --business-days 2026-12-25 2027-01-06 >"$OUT"
	expect_out 5
	sss due >/dev/null
	sss due --dry-run >/dev/null
	inc=$(sss new incident-software --software ApexOne --event 定義ファイル更新失敗 \
		--assignee 田中 --priority high --due 2026-11-27 -m "配信エラー")
	sss show "$inc" >/dev/null
	sss show --format json "$inc" >/dev/null
	sss list --format json >/dev/null
	sss list --all --format tsv --status open,closed >/dev/null
	sss list --overdue >/dev/null
	sss set "$inc" status=in-progress tags=ウイルス対策,定義 param.ソフト名=ApexOne
	sss comment "$inc" -m "ベンダーに問合せ済み
（受付番号 123456）"
	prob=$(sss close "$inc" --force --problem --resolution "手動配信で復旧")
	expect_contains "status: closed" "tickets/2026/11/$inc.md"
	sss reopen "$inc"
	printf '#!/bin/sh\nsed -i "s/^priority: .*/priority: urgent/" "$1"\n' >"$TMPDIR_T/ed"
	chmod +x "$TMPDIR_T/ed"
	EDITOR="$TMPDIR_T/ed" sss edit "$prob"
	expect_contains "priority: urgent" "tickets/2026/11/$prob.md"
	sss log "$inc" >/dev/null
	sss log --format tsv -n 5 >/dev/null
	sss grep -i 'apexone|定義' >/dev/null
	sss grep -l '受付番号' >"$OUT"
	expect_contains "$inc" "$OUT"
	sss check >/dev/null
	sss report weekly --format md -o - >/dev/null
	sss report monthly --period 2026-11 --format html -o "$TMPDIR_T/m.html" >/dev/null
	sss report monthly --period 2026-11 --format json -o - >/dev/null
	rm -f "$TMPDIR_T/m.html"
}

test_session_errors() {
	setup_repo
	expect_error 1 "no ticket" sss show 2611-ZZZZZZ
	expect_error 2 "" sss list --bogus
	expect_error 2 "unknown SOW key" sss new no-such-key
	expect_error 2 "bad pattern" sss grep '('
	id=$(sss new usage-inquiry --event q)
	expect_error 1 "" sss set "$id" status=finished
	sss close --force "$id"
	expect_error 1 "already closed" sss close --force "$id"
	cd /
	expect_error 1 "not a sssctl data repository" sss list
	cd "$REPO"
}

run_tests
