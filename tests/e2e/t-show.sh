#!/bin/sh
# sssctl show
. "$(dirname "$0")/lib.sh"

new_ticket() {
	sss new incident-software --software ApexOne --event "$1" | tail -n 1
}

test_show_by_full_id_and_prefix() {
	setup_repo
	id=$(new_ticket 更新失敗)
	expect_status 0 sss show "$id"
	head -n 1 "$OUT" | grep -qx -- "---" || fail "no front matter"
	expect_contains "id: $id" "$OUT"
	cp "$OUT" "$TMPDIR_T/full"
	expect_status 0 sss show "$(echo "$id" | cut -c1-8)"
	diff -u "$TMPDIR_T/full" "$OUT" >&2 || fail "prefix shows another text"
	expect_status 0 sss show "$(echo "$id" | tr 'A-Z' 'a-z')"
	diff -u "$TMPDIR_T/full" "$OUT" >&2 || fail "lower-case ID"
}

test_show_ambiguous_prefix_lists_matches() {
	setup_repo
	a=$(new_ticket a)
	b=$(new_ticket b)
	expect_error 1 "ambiguous: .*$a.*$b|ambiguous: .*$b.*$a" sss show 2611
}

test_show_unknown_and_malicious_ids() {
	setup_repo
	expect_error 1 "no ticket '2611-ZZZZZZ'" sss show 2611-ZZZZZZ
	expect_error 2 "not a ticket ID" sss show ../../etc/passwd
	expect_error 2 "not a ticket ID" sss show -- -rf
	expect_error 2 "not a ticket ID" sss show ""
	expect_error 2 "not a ticket ID" sss show "2611/../../x"
}

test_show_json() {
	setup_repo
	id=$(new_ticket 事象)
	expect_status 0 sss show --format json "$id"
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["id"]==sys.argv[2]; assert d["params"]["ソフト名"]=="ApexOne"; assert "## チェックリスト" in d["body"]' "$OUT" "$id" ||
		fail "bad JSON"
}

test_show_strips_terminal_escapes() {
	setup_repo
	id=$(sss new usage-inquiry --event "$(printf 'x\033[31mred\033]0;title\007')" | tail -n 1)
	expect_status 0 sss show "$id"
	if grep -q "$(printf '\033')" "$OUT"; then fail "raw ESC reached the terminal"; fi
	expect_contains '\x1b[31mred' "$OUT"
}

run_tests "$@"
