#!/bin/sh
# sssctl reopen: a resolved, closed or cancelled ticket goes back to open
. "$(dirname "$0")/lib.sh"

USAGE="usage: sssctl reopen [--author 'NAME <EMAIL>'] ID"

# moved from t-close.sh, unchanged
test_reopen() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	expect_error 1 "is open" sss reopen "$id"
	sss close --force "$id"
	expect_status 0 sss reopen "$id"
	f=tickets/2026/11/$id.md
	expect_contains "status: open" "$f"
	if grep -q '^closed:' "$f"; then fail "closed time kept"; fi
	expect_eq "$(git log -1 --format=%s | cut -d' ' -f2)" "reopen" action
}

# each finished status, reached the way a user reaches it, back to open;
# the closed time goes and nothing else of the front matter changes
test_reopen_each_finished_status() {
	setup_repo
	for how in "close --force" "set status=resolved" "set status=cancelled"; do
		id=$(sss new usage-inquiry --event "$how" --assignee 田中)
		f=tickets/2026/11/$id.md
		# shellcheck disable=SC2086
		set -- $how
		cmd=$1
		shift
		sss --now 2026-11-27T09:00:00+09:00 "$cmd" "$id" "$@"
		case $how in
		set\ status=resolved) expect_contains "status: resolved" "$f" ;;
		set\ status=cancelled) expect_contains "status: cancelled" "$f"
			expect_contains "closed: 2026-11-27T09:00:00+09:00" "$f" ;;
		*) expect_contains "status: closed" "$f"
			expect_contains "closed: 2026-11-27T09:00:00+09:00" "$f" ;;
		esac
		grep -v -e '^status:' -e '^closed:' -e '^updated:' "$f" >"$TMPDIR_T/before"
		n=$(commits)
		expect_status 0 sss --now 2026-11-28T10:00:00+09:00 reopen "$id"
		[ ! -s "$OUT" ] || fail "reopen wrote to stdout: $(cat "$OUT")"
		[ ! -s "$ERR" ] || fail "reopen wrote to stderr: $(cat "$ERR")"
		expect_eq "$(commits)" $((n + 1)) "commits after reopen ($how)"
		expect_eq "$(grep '^status:' "$f")" "status: open" "status ($how)"
		if grep -q '^closed:' "$f"; then fail "closed time kept ($how)"; fi
		expect_contains "updated: 2026-11-28T10:00:00+09:00" "$f"
		case $how in
		set\ status=resolved) was=解決済 ;;
		set\ status=cancelled) was=取消 ;;
		*) was=完了 ;;
		esac
		# the status change is a work-log entry of its own
		entry="- 2026-11-28 10:00 テスト太郎: 状態 $was → 未着手"
		expect_contains "$entry" "$f"
		grep -v -e '^status:' -e '^closed:' -e '^updated:' -e "^$entry\$" "$f" \
			>"$TMPDIR_T/after"
		diff -u "$TMPDIR_T/before" "$TMPDIR_T/after" >&2 ||
			fail "reopen changed more than status, closed, updated and the work log ($how)"
	done
	expect_status 0 sss check
}

test_reopen_refuses_unfinished() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	f=tickets/2026/11/$id.md
	before=$(git rev-parse HEAD)
	cp "$f" "$TMPDIR_T/open.md"
	expect_error 1 "^sssctl: error: ticket '$id' is open, not resolved, closed or cancelled\$" \
		sss reopen "$id"
	expect_eq "$(wc -l <"$ERR")" 1 "stderr lines"
	[ ! -s "$OUT" ] || fail "refused reopen wrote to stdout: $(cat "$OUT")"
	expect_eq "$(git rev-parse HEAD)" "$before" "HEAD moved"
	cmp -s "$f" "$TMPDIR_T/open.md" || fail "the refused reopen changed the file"
	sss set "$id" status=in-progress
	before=$(git rev-parse HEAD)
	cp "$f" "$TMPDIR_T/in-progress.md"
	expect_error 1 "^sssctl: error: ticket '$id' is in-progress, not resolved, closed or cancelled\$" \
		sss reopen "$id"
	expect_eq "$(wc -l <"$ERR")" 1 "stderr lines"
	expect_eq "$(git rev-parse HEAD)" "$before" "HEAD moved"
	cmp -s "$f" "$TMPDIR_T/in-progress.md" || fail "the refused reopen changed the file"
}

test_reopen_commit_message_and_trailers() {
	setup_repo
	id=$(sss new incident-software --software ApexOne --event 定義ファイル更新失敗)
	sss close --force "$id"
	expect_status 0 sss reopen "$id"
	expect_eq "$(git log -1 --format=%s)" "$id: reopen インシデント (ApexOne：定義ファイル更新失敗)" subject
	git log -1 --format=%B | git interpret-trailers --parse >"$TMPDIR_T/tr"
	printf 'Sss-Ticket: %s\nSss-Action: reopen\nSss-Sow: incident-software\n' "$id" >"$TMPDIR_T/tr.want"
	diff -u "$TMPDIR_T/tr.want" "$TMPDIR_T/tr" >&2 || fail "trailers"
	# the commit touches the ticket's file only
	git show --name-only --format= HEAD >"$TMPDIR_T/files"
	expect_eq "$(cat "$TMPDIR_T/files")" "tickets/2026/11/$id.md" "files in the commit"
	expect_eq "$(git log -1 --format='%an <%ae>')" "テスト太郎 <taro@example.com>" author
}

test_reopen_author() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	sss close --force "$id"
	expect_status 0 sss reopen --author "佐藤 <sato@example.com>" "$id"
	expect_eq "$(git log -1 --format='%an <%ae>')" "佐藤 <sato@example.com>" author
	expect_eq "$(git log -1 --format='%cn <%ce>')" "佐藤 <sato@example.com>" committer
	# the option after the ID works too (getopt permutes)
	sss close --force "$id"
	expect_status 0 sss reopen "$id" --author "鈴木 <suzuki@example.com>"
	expect_eq "$(git log -1 --format='%an <%ae>')" "鈴木 <suzuki@example.com>" author
	sss close --force "$id"
	n=$(commits)
	expect_error 2 "Name <email>" sss reopen --author nobody "$id"
	expect_eq "$(commits)" "$n" commits
	expect_contains "status: closed" "tickets/2026/11/$id.md"
}

test_reopen_unknown_id() {
	setup_repo
	n=$(commits)
	expect_error 1 "^sssctl: error: no ticket '2611-ZZZZZZ'; see 'sssctl list --all'\$" \
		sss reopen 2611-ZZZZZZ
	expect_eq "$(wc -l <"$ERR")" 1 "stderr lines"
	expect_eq "$(commits)" "$n" commits
}

test_reopen_ambiguous_prefix() {
	setup_repo
	a=$(sss new usage-inquiry --event a)
	b=$(sss new usage-inquiry --event b)
	sss close --force "$a"
	sss close --force "$b"
	n=$(commits)
	expect_error 1 "^sssctl: error: ticket ID '2611' is ambiguous: " sss reopen 2611
	expect_contains "$a" "$ERR"
	expect_contains "$b" "$ERR"
	expect_eq "$(wc -l <"$ERR")" 1 "stderr lines"
	expect_eq "$(commits)" "$n" commits
	# a unique prefix is enough
	expect_status 0 sss reopen "$a"
	expect_contains "status: open" "tickets/2026/11/$a.md"
	expect_contains "status: closed" "tickets/2026/11/$b.md"
}

test_reopen_help_and_usage() {
	setup_repo
	expect_status 0 sss reopen -h
	expect_out "$USAGE"
	[ ! -s "$ERR" ] || fail "-h wrote to stderr"
	expect_status 0 sss reopen --help
	expect_out "$USAGE"
	expect_error 2 "^sssctl: error: give one ticket ID\$" sss reopen
	expect_eq "$(sed -n 2p "$ERR")" "$USAGE" "usage after the error"
	expect_error 2 "give one ticket ID" sss reopen 2611-AAAAAA 2611-BBBBBB
	expect_error 2 "unknown option or missing value: '--bogus'" sss reopen --bogus 2611-AAAAAA
	expect_eq "$(commits)" 1 commits
}

run_tests "$@"
