#!/bin/sh
# Effort and status history (worklog.h): comment --spent, the estimate
# field, spent_min/estimate_min in list's JSON (fresh and from the scan
# cache), the status entries of set/close/reopen, log's spent lines, a
# merge of two sides' spent entries, and the 月次報告書's deadline rule.
. "$(dirname "$0")/lib.sh"

# expect_member TEXT FILE: FILE holds TEXT as whole JSON members (the next
# character ends the value: a comma or the object's end)
expect_member() {
	grep -qF -e "$1," -e "$1}" -- "$2" || { sed 's/^/#   /' "$2" >&2; fail "'$2' lacks '$1'"; }
}

# field FILE KEY: the value of a front matter key.
field() {
	sed -n "2,/^---\$/s/^$2: //p" "$1"
}

# worklog FILE: the lines of its ## 作業記録.
worklog() {
	sed -n '/^## 作業記録/,/^## /{/^- /p}' "$1"
}

# json_of ID: the ticket's object in list --all --format json.
json_of() {
	sss list --all --format json | grep -F "\"id\":\"$1\""
}

# a person's plain git commit
gitc() {
	git -c user.name=鈴木 -c user.email=suzuki@example.com "$@"
}

new_ticket() {
	ID=$(sss new usage-inquiry --event 𠮷野家の端末① --due 2026-11-30)
	F=tickets/2026/11/$ID.md
}

test_spent_forms_are_written_one_way() {
	setup_repo
	new_ticket
	m=0
	for d in 1h30m 90m 1.5h 1h30 １ｈ３０ｍ 2h 45m; do
		m=$((m + 1))
		expect_status 0 sss --now "2026-11-26T11:0$m:00+09:00" comment "$ID" \
			-m "作業 $d" --spent "$d"
	done
	worklog "$F" >"$TMPDIR_T/log"
	cat >"$TMPDIR_T/want" <<'EOF'
- 2026-11-26 11:01 テスト太郎 [作業時間 1h30m]: 作業 1h30m
- 2026-11-26 11:02 テスト太郎 [作業時間 1h30m]: 作業 90m
- 2026-11-26 11:03 テスト太郎 [作業時間 1h30m]: 作業 1.5h
- 2026-11-26 11:04 テスト太郎 [作業時間 1h30m]: 作業 1h30
- 2026-11-26 11:05 テスト太郎 [作業時間 1h30m]: 作業 １ｈ３０ｍ
- 2026-11-26 11:06 テスト太郎 [作業時間 2h]: 作業 2h
- 2026-11-26 11:07 テスト太郎 [作業時間 45m]: 作業 45m
EOF
	diff -u "$TMPDIR_T/want" "$TMPDIR_T/log" >&2 || fail "work log"
	# 5 x 90 + 120 + 45
	json_of "$ID" >"$TMPDIR_T/json"
	expect_member '"spent_min":615,"estimate_min":null' "$TMPDIR_T/json"
	# show gives the same figures as list
	sss show "$ID" --format json >"$TMPDIR_T/show.json"
	expect_member '"spent_min":615,"estimate_min":null' "$TMPDIR_T/show.json"
	# --spent=D and an author of its own
	expect_status 0 sss --now 2026-11-26T12:00:00+09:00 comment --spent=15m \
		--author '髙橋 𠮷男 <t@example.jp>' "$ID" -m 'もう少し'
	worklog "$F" | tail -n 1 >"$TMPDIR_T/last"
	expect_contains "- 2026-11-26 12:00 髙橋 𠮷男 [作業時間 15m]: もう少し" "$TMPDIR_T/last"
}

test_bad_spent_is_refused_and_nothing_committed() {
	setup_repo
	new_ticket
	cp "$F" "$TMPDIR_T/before"
	n=$(commits)
	for d in 0m 0h 1.25.h abc 10000h 1.33h '' 90 1h60m 1時間 '1 h'; do
		expect_error 2 "^sssctl: error: --spent '$d' " sss comment "$ID" -m 'テスト' --spent "$d"
		expect_eq "$(wc -l <"$ERR")" 1 "error lines for '$d'"
		[ ! -s "$OUT" ] || fail "stdout for '$d': $(cat "$OUT")"
	done
	expect_error 2 "--spent '-1h' is not a duration" sss comment "$ID" -m 'テスト' --spent=-1h
	expect_error 2 "more than 9999h" sss comment "$ID" -m x --spent 10000h
	expect_error 2 "whole number of minutes" sss comment "$ID" -m x --spent 1.33h
	expect_eq "$(commits)" "$n" "commits after refused --spent"
	cmp -s "$TMPDIR_T/before" "$F" || fail "the ticket changed"
}

test_estimate_set_normalised_and_unset() {
	setup_repo
	new_ticket
	expect_status 0 sss set "$ID" estimate=4h
	expect_eq "$(field "$F" estimate)" 4h estimate
	# written after due, before params
	expect_eq "$(sed -n '/^due:/{n;p;}' "$F")" "estimate: 4h" "line after due"
	json_of "$ID" >"$TMPDIR_T/json"
	expect_contains '"estimate":"4h"' "$TMPDIR_T/json"
	expect_member '"estimate_min":240' "$TMPDIR_T/json"
	expect_status 0 sss set "$ID" estimate=９０ｍ
	expect_eq "$(field "$F" estimate)" 1h30m "estimate 90m"
	json_of "$ID" >"$TMPDIR_T/json"
	expect_member '"estimate_min":90' "$TMPDIR_T/json"
	n=$(commits)
	cp "$F" "$TMPDIR_T/before"
	expect_error 1 "estimate 'abc' is not a duration" sss set "$ID" estimate=abc
	expect_error 1 "estimate '0m'" sss set "$ID" estimate=0m
	expect_error 1 "estimate '1.25.h'" sss set "$ID" priority=high estimate=1.25.h
	expect_eq "$(commits)" "$n" "commits after a bad estimate"
	cmp -s "$TMPDIR_T/before" "$F" || fail "a bad estimate changed the ticket"
	expect_status 0 sss set "$ID" estimate=
	expect_eq "$(field "$F" estimate)" "" "estimate after unset"
	json_of "$ID" >"$TMPDIR_T/json"
	expect_member '"estimate_min":null' "$TMPDIR_T/json"
	# a hand-written estimate in another form reads the same
	sed -i 's/^due: 2026-11-30$/due: 2026-11-30\nestimate: 1.5h/' "$F"
	gitc commit -qam "estimate by hand"
	json_of "$ID" >"$TMPDIR_T/json"
	expect_contains '"estimate":"1h30m"' "$TMPDIR_T/json"
	expect_member '"estimate_min":90' "$TMPDIR_T/json"
	# one that is not a duration makes the ticket broken, not others
	sed -i 's/^estimate: 1.5h$/estimate: 一時間/' "$F"
	gitc commit -qam "a bad estimate by hand"
	expect_error 1 "line 11: estimate '一時間' is not a duration" sss list --all
}

# the cache's record gives the JSON a fresh parse gives
test_json_figures_same_from_cache() {
	setup_repo
	new_ticket
	other=$(sss new usage-inquiry --event 髙橋さんの依頼)
	sss --now 2026-11-26T10:30:00+09:00 comment "$ID" -m 調査 --spent 1h30m
	sss --now 2026-11-26T10:40:00+09:00 comment "$ID" -m 連絡
	sss --now 2026-11-26T10:50:00+09:00 comment "$ID" -m 対応 --spent 2h
	sss set "$ID" estimate=4h
	rm -f .git/sss-cache
	sss list --all --format json >"$TMPDIR_T/fresh"
	[ -f .git/sss-cache ] || fail "no scan cache written"
	sss list --all --format json >"$TMPDIR_T/cached"
	diff -u "$TMPDIR_T/fresh" "$TMPDIR_T/cached" >&2 || fail "cached JSON differs"
	grep -F "\"id\":\"$ID\"" "$TMPDIR_T/cached" >"$TMPDIR_T/json"
	expect_member '"spent_min":210,"estimate_min":240' "$TMPDIR_T/json"
	grep -F "\"id\":\"$other\"" "$TMPDIR_T/cached" >"$TMPDIR_T/json"
	expect_member '"spent_min":0,"estimate_min":null' "$TMPDIR_T/json"
	# a comment after the cache was written shows up
	sss --now 2026-11-26T11:00:00+09:00 comment "$other" -m 電話 --spent 5m
	json_of "$other" >"$TMPDIR_T/json"
	expect_contains '"spent_min":5,' "$TMPDIR_T/json"
}

test_status_changes_are_entries() {
	setup_repo
	new_ticket
	sss --now 2026-11-26T10:20:00+09:00 set "$ID" status=in-progress
	sss --now 2026-11-26T10:25:00+09:00 set "$ID" priority=high
	sss --now 2026-11-26T10:30:00+09:00 set --author '𠮷田 髙子 <y@example.jp>' \
		"$ID" status=waiting
	sss --now 2026-11-26T10:31:00+09:00 set "$ID" status=waiting assignee=佐藤
	sss --now 2026-11-27T09:00:00+09:00 close --force "$ID"
	sss --now 2026-11-28T09:15:00+09:00 reopen "$ID"
	sss --now 2026-11-28T09:20:00+09:00 set "$ID" status=cancelled
	worklog "$F" >"$TMPDIR_T/log"
	cat >"$TMPDIR_T/want" <<'EOF'
- 2026-11-26 10:20 テスト太郎: 状態 未着手 → 対応中
- 2026-11-26 10:30 𠮷田 髙子: 状態 対応中 → 保留
- 2026-11-27 09:00 テスト太郎: 状態 保留 → 完了
- 2026-11-28 09:15 テスト太郎: 状態 完了 → 未着手
- 2026-11-28 09:20 テスト太郎: 状態 未着手 → 取消
EOF
	diff -u "$TMPDIR_T/want" "$TMPDIR_T/log" >&2 || fail "status entries"
	# a refused change adds nothing
	n=$(commits)
	expect_error 1 "already cancelled" sss close "$ID"
	expect_error 2 "sssctl close" sss set "$ID" status=closed
	expect_eq "$(commits)" "$n" "commits after refused changes"
}

test_log_shows_spent() {
	setup_repo
	new_ticket
	sss --now 2026-11-26T10:30:00+09:00 comment --author '𠮷田 髙子 <y@example.jp>' \
		"$ID" -m 調査 --spent 1h30m
	sss --now 2026-11-26T10:40:00+09:00 comment "$ID" -m 連絡のみ
	sss --now 2026-11-26T10:50:00+09:00 set "$ID" status=in-progress
	expect_status 0 sss log "$ID"
	cat >"$TMPDIR_T/want" <<'EOF'
    status: open → in-progress
    body:  → changed
    spent 1h30m (𠮷田 髙子)
    body:  → changed
    created: 利用方法、仕様などの問合せ (𠮷野家の端末①)
EOF
	grep '^    ' "$OUT" >"$TMPDIR_T/got"
	diff -u "$TMPDIR_T/want" "$TMPDIR_T/got" >&2 || fail "log lines"
	expect_status 0 sss log --format tsv "$ID"
	awk -F '\t' '$6 == "spent" { print $2, $4, $7 "|" $8 }' "$OUT" >"$TMPDIR_T/got"
	expect_eq "$(cat "$TMPDIR_T/got")" "𠮷田 髙子 <y@example.jp> comment |1h30m" "tsv spent"
}

# git merges two branches' spent entries with the merge driver: both kept
test_merge_keeps_both_sides_spent() {
	setup_repo
	export GIT_AUTHOR_NAME=git-user GIT_AUTHOR_EMAIL=git@example.com
	export GIT_COMMITTER_NAME=git-user GIT_COMMITTER_EMAIL=git@example.com
	git config merge.sssctl.driver "$SSSCTL merge-file %O %A %B %P"
	main=$(git symbolic-ref --short HEAD)
	new_ticket
	git checkout -qb other
	sss --now 2026-11-26T10:10:00+09:00 comment --author '髙橋 𠮷男 <t@example.jp>' \
		"$ID" -m 現地対応 --spent 2h
	sss --now 2026-11-26T10:12:00+09:00 set "$ID" estimate=3h
	git checkout -q "$main"
	sss --now 2026-11-26T10:20:00+09:00 comment "$ID" -m 電話対応 --spent 30m
	sss --now 2026-11-26T10:25:00+09:00 set "$ID" status=in-progress
	expect_status 0 git merge --no-edit other
	[ -z "$(git ls-files -u)" ] || fail "unmerged paths"
	worklog "$F" >"$TMPDIR_T/log"
	cat >"$TMPDIR_T/want" <<'EOF'
- 2026-11-26 10:10 髙橋 𠮷男 [作業時間 2h]: 現地対応
- 2026-11-26 10:12 テスト太郎: 見積 なし → 3h
- 2026-11-26 10:20 テスト太郎 [作業時間 30m]: 電話対応
- 2026-11-26 10:25 テスト太郎: 状態 未着手 → 対応中
EOF
	diff -u "$TMPDIR_T/want" "$TMPDIR_T/log" >&2 || fail "merged work log"
	expect_eq "$(field "$F" estimate)" 3h "merged estimate"
	json_of "$ID" >"$TMPDIR_T/json"
	expect_member '"spent_min":150,"estimate_min":180' "$TMPDIR_T/json"
	expect_status 0 sss check
}

# schedule monthly-report due: next-month-day-10
test_monthly_report_deadline() {
	setup_repo
	sed -i 's/^schedule: .*/schedule:/' .sss/config.yml
	sed -i '/^schedule:$/a\  monthly-report: { due: next-month-day-10 }' .sss/config.yml
	gitc commit -qam "the 月次報告書 is due on the 10th of the next month"
	expect_status 0 sss --now 2027-01-05T09:00:00+09:00 due --quiet
	expect_eq "$(field tickets/2026/11/r-monthly-report-2026-11.md due)" 2026-12-10 "November's"
	# 1/10 is a Sunday, 1/11 成人の日
	expect_eq "$(field tickets/2026/12/r-monthly-report-2026-12.md due)" 2027-01-12 "December's"
	# another monthly entry keeps the default: its month's last business day
	expect_eq "$(field tickets/2026/12/r-issue-management-2026-12.md due)" 2026-12-28 "issue-management"
	sed -i 's/next-month-day-10/next-month-day-32/' .sss/config.yml
	gitc commit -qam "a bad rule"
	line=$(grep -n 'next-month-day-32' .sss/config.yml | cut -d: -f1)
	expect_error 1 "'.sss/config.yml' line $line: 'due' must be next-month-day-N" \
		sss --now 2027-01-05T09:00:00+09:00 due --quiet
}

run_tests
