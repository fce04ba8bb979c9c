#!/bin/sh
# sssctl new
. "$(dirname "$0")/lib.sh"

test_new_incident_from_catalog() {
	setup_repo
	expect_status 0 sss new incident-software --software ApexOne \
		--event 定義ファイル更新失敗 --assignee 田中 --priority high --due 2026-11-27
	id=$(cat "$OUT")
	echo "$id" | grep -Eq '^2611-[0-9A-HJKMNP-TV-Z]{6}$' || fail "bad id '$id'"
	f=tickets/2026/11/$id.md
	[ -f "$f" ] || fail "no file $f"
	expect_contains "title: インシデント (ApexOne：定義ファイル更新失敗)" "$f"
	expect_contains "sow: incident-software" "$f"
	expect_contains "kind: incident" "$f"
	expect_contains "status: open" "$f"
	expect_contains "priority: high" "$f"
	expect_contains "created: 2026-11-26T10:00:00+09:00" "$f"
	expect_contains "due: 2026-11-27" "$f"
	expect_contains "  ソフト名: ApexOne" "$f"
	expect_contains "## チェックリスト" "$f"
	expect_contains "- [ ] " "$f"
	expect_eq "$(commits)" 2 commits
	expect_eq "$(git log -1 --format=%s)" "$id: new インシデント (ApexOne：定義ファイル更新失敗)" subject
	git log -1 --format=%B | git interpret-trailers --parse >"$TMPDIR_T/tr"
	expect_contains "Sss-Ticket: $id" "$TMPDIR_T/tr"
	expect_contains "Sss-Action: new" "$TMPDIR_T/tr"
	expect_contains "Sss-Sow: incident-software" "$TMPDIR_T/tr"
}

test_new_param_by_japanese_name() {
	setup_repo
	expect_status 0 sss new user-registration --param ユーザ名=山田花子 --param ソフト名=M365
	expect_contains "title: ユーザ登録申請 (山田花子：M365)" "tickets/2026/11/$(cat "$OUT").md"
}

test_new_fills_year_month_from_now() {
	setup_repo
	expect_status 0 sss --now 2027-01-05 new issue-management
	f=$(find tickets -name "$(cat "$OUT").md")
	expect_contains "title: 課題管理 (2027年1月)" "$f"
	case "$f" in tickets/2027/01/*) ;; *) fail "path $f" ;; esac
}

test_new_missing_placeholder_names_it() {
	setup_repo
	expect_error 1 "事象" sss new incident-software --software ApexOne
	expect_eq "$(commits)" 1 commits
}

test_new_unknown_key() {
	setup_repo
	expect_error 2 "unknown SOW key 'nope'" sss new nope
}

test_new_unknown_param() {
	setup_repo
	expect_error 2 "no placeholder 'ユーザ名'" sss new incident-software --param ユーザ名=x --event y --software z
}

test_new_bad_priority_and_due() {
	setup_repo
	expect_error 1 "priority" sss new usage-inquiry --event x --priority 至急
	expect_error 1 "due" sss new usage-inquiry --event x --due 2026-02-30
	expect_eq "$(commits)" 1 commits
}

test_new_title_override_and_4byte_kanji() {
	setup_repo
	expect_status 0 sss new issue-management --title "𠮷野家の𠮷：ＰＣ入替え \"yes\" no: null"
	f="tickets/2026/11/$(cat "$OUT").md"
	grep -q '𠮷野家の𠮷' "$f" || fail "4-byte kanji not written as is"
	grep -q 'U00020BB7' "$f" && fail "escaped non-BMP character"
	expect_status 0 sss show "$(cat "$OUT")" --format json
	expect_contains '"title":"𠮷野家の𠮷：ＰＣ入替え \"yes\" no: null"' "$OUT"
}

test_new_tags_and_description() {
	setup_repo
	expect_status 0 sss new usage-inquiry --event 録画 --tag Teams --tag 至急 -m "1行目
2行目"
	f="tickets/2026/11/$(cat "$OUT").md"
	expect_contains "tags: [Teams, 至急]" "$f"
	expect_contains "2行目" "$f"
}

test_new_ids_unique_and_sorted() {
	setup_repo
	# IDs sort by creation time to 2.6 s (a 20-bit slot of the month)
	for s in 00 03 06 09 12 15 18 21; do
		sss --now "2026-11-26T10:00:$s+09:00" new usage-inquiry --event "q$s" >>"$TMPDIR_T/ids"
	done
	sss --now "2026-11-30T23:59:59+09:00" new usage-inquiry --event last >>"$TMPDIR_T/ids"
	expect_eq "$(sort -u "$TMPDIR_T/ids" | wc -l)" 9 "unique ids"
	sort "$TMPDIR_T/ids" >"$TMPDIR_T/sorted"
	diff -u "$TMPDIR_T/ids" "$TMPDIR_T/sorted" >&2 || fail "IDs do not sort by creation time"
}

test_new_invalid_utf8_argument() {
	setup_repo
	expect_error 2 "UTF-8" sss new usage-inquiry --event "$(printf '\202\240')"
}

test_new_author_override_and_env() {
	setup_repo
	sss new usage-inquiry --event a --author "佐藤 <sato@example.com>" >/dev/null
	expect_eq "$(git log -1 --format='%an <%ae>')" "佐藤 <sato@example.com>" author
	SSS_AUTHOR= GIT_AUTHOR_NAME=鈴木 GIT_AUTHOR_EMAIL=suzuki@example.com sss new usage-inquiry --event b >/dev/null
	expect_eq "$(git log -1 --format='%an <%ae>')" "鈴木 <suzuki@example.com>" author
	expect_error 2 "Name <email>" sss new usage-inquiry --event c --author nobody
}

test_new_never_writes_through_a_symlink() {
	setup_repo
	mkdir -p "$TMPDIR_T/outside" tickets/2026
	ln -s "$TMPDIR_T/outside" tickets/2026/11
	expect_error 1 "symbolic link" sss new usage-inquiry --event x
	expect_eq "$(ls "$TMPDIR_T/outside" | wc -l)" 0 "files written outside"
	expect_eq "$(commits)" 1 commits
	rm tickets/2026/11
	rmdir tickets/2026 tickets
	ln -s "$TMPDIR_T/outside" tickets
	expect_error 1 "'tickets' is not a directory" sss list
	expect_error 1 "symbolic link" sss new usage-inquiry --event x
	expect_eq "$(ls "$TMPDIR_T/outside" | wc -l)" 0 "files written outside"
	rm tickets
}

run_tests "$@"
