#!/bin/sh
# sssctl comment
. "$(dirname "$0")/lib.sh"

test_comment_appends_signed_entry() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	expect_status 0 sss --now 2026-11-26T10:15:00+09:00 comment "$id" -m "ベンダーに問合せ済み（受付番号 123456）。"
	expect_status 0 sss --now 2026-11-26T11:30:00+09:00 comment "$id" -m "回答受領。"
	f=tickets/2026/11/$id.md
	sed -n '/^## 作業記録/,/^## /p' "$f" >"$TMPDIR_T/log"
	expect_contains "- 2026-11-26 10:15 テスト太郎: ベンダーに問合せ済み（受付番号 123456）。" "$TMPDIR_T/log"
	expect_contains "- 2026-11-26 11:30 テスト太郎: 回答受領。" "$TMPDIR_T/log"
	first=$(grep -n '問合せ済み' "$f" | cut -d: -f1)
	second=$(grep -n '回答受領' "$f" | cut -d: -f1)
	[ "$first" -lt "$second" ] || fail "entries out of order"
	expect_eq "$(commits)" 4 commits
}

test_comment_multiline_stays_in_item() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	expect_status 0 sss comment "$id" -m "1行目
2行目"
	expect_contains "  2行目" "tickets/2026/11/$id.md"
}

test_comment_needs_text() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	expect_error 2 "-m TEXT" sss comment "$id"
	expect_error 1 "no ticket" sss comment 2611-ZZZZZZ -m x
}

run_tests "$@"
