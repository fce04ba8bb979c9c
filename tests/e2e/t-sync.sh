#!/bin/sh
# sssctl sync: a bare remote and clones a, b (and c) on this machine. Each
# scenario ends with converge: a sync more on each clone, the trees
# identical, no conflict markers, `check` clean, `git fsck --strict` clean
# and nothing uncommitted in every clone.
. "$(dirname "$0")/lib.sh"

# libgit2's remote lookup leaks PCRE2 match data (see the file)
LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$TESTS_ROOT/tests/e2e/lsan-libgit2.supp:print_suppressions=0"
export LSAN_OPTIONS

# team [N]: ./remote.git and the clones ./a ./b (and ./c with N=3): a is
# made by `sssctl init` and pushed, the others by plain `git clone`.
team() {
	# plain git commits in the scenarios are a person's
	GIT_AUTHOR_NAME=鈴木 GIT_AUTHOR_EMAIL=suzuki@example.com
	GIT_COMMITTER_NAME=鈴木 GIT_COMMITTER_EMAIL=suzuki@example.com
	export GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
	git init -q --bare remote.git
	"$SSSCTL" init --contract-start 2026-04-01 a >/dev/null || fail "init failed"
	(cd a && git remote add origin "$TMPDIR_T/remote.git" &&
		git push -q -u origin master 2>"$ERR") || fail "push failed"
	for c in b c; do
		[ "$c" = c ] && [ "${1:-2}" -lt 3 ] && continue
		git clone -q "$TMPDIR_T/remote.git" "$c" || fail "clone $c failed"
	done
	REPO=$TMPDIR_T/a
	export SSS_NOW=2026-11-26T10:00:00+09:00
}

# on CLONE TIME CMD...: sssctl CMD in CLONE at TIME, as its person
on() {
	_c=$1 _t=$2
	shift 2
	case $_c in
	a) _who="佐藤 花子 <sato@example.com>" ;;
	b) _who="田中 一郎 <tanaka@example.com>" ;;
	*) _who="髙橋 𠮷男 <takahashi@example.com>" ;;
	esac
	(cd "$TMPDIR_T/$_c" && SSS_NOW=$_t SSS_AUTHOR=$_who "$SSSCTL" "$@")
}

# clone_ok CLONE: no conflict markers, check clean, fsck clean, status clean
clone_ok() {
	(cd "$TMPDIR_T/$1" &&
		! grep -rlE '^(<<<<<<<|>>>>>>>|=======$)' tickets >&2 ||
		fail "conflict markers in $1"
		SSS_NOW=2026-11-30T09:00:00+09:00 "$SSSCTL" check >"$TMPDIR_T/check" 2>&1 ||
		{ cat "$TMPDIR_T/check" >&2; fail "check fails in $1"; }
		git fsck --strict --no-progress >/dev/null 2>"$TMPDIR_T/fsck" ||
		{ cat "$TMPDIR_T/fsck" >&2; fail "git fsck --strict fails in $1"; }
		st=$(git status --porcelain)
		[ -z "$st" ] || { echo "$st" >&2; fail "git status is not clean in $1"; })
}

# converge CLONE...: a sync on each, then once more on each; all trees
# equal, each clone sound
converge() {
	for c in "$@" "$@"; do
		on "$c" 2026-11-30T09:00:00+09:00 sync --quiet ||
			fail "sync in $c failed"
	done
	want=$(git -C "$TMPDIR_T/$1" rev-parse 'HEAD^{tree}')
	for c in "$@"; do
		expect_eq "$(git -C "$TMPDIR_T/$c" rev-parse 'HEAD^{tree}')" "$want" \
			"tree of $c"
		clone_ok "$c"
	done
	expect_eq "$(git -C remote.git rev-parse 'master^{tree}')" "$want" \
		"tree of the remote"
}

# ticket CLONE ID: the path of ticket ID in CLONE
ticket() {
	_f=$(find "$TMPDIR_T/$1/tickets" -name "$2.md" | head -n 1)
	echo "${_f:-$TMPDIR_T/$1/tickets/missing/$2.md}"
}

# count TEXT FILE: how many lines of FILE hold TEXT
count() { grep -cF -- "$1" "$2" || true; }

test_up_to_date_and_fast_forward() {
	team
	expect_status 0 on b 2026-11-26T10:00:00+09:00 sync
	expect_out "sync: up to date with origin/master"
	id=$(on a 2026-11-26T10:01:00+09:00 new usage-inquiry --event 問合せ①)
	expect_status 0 on a 2026-11-26T10:02:00+09:00 sync
	expect_out "sync: 0 incoming, 0 merged, pushed 1 commit to origin/master"
	expect_status 0 on b 2026-11-26T10:03:00+09:00 sync
	expect_out "sync: 1 incoming, 0 merged, nothing to push to origin/master"
	expect_eq "$(git -C b log -1 --format=%s | cut -d' ' -f1-2)" "$id: new" \
		"fast-forward: no merge commit"
	converge a b
}

test_both_sides_create() {
	team
	x=$(on a 2026-11-26T10:01:00+09:00 new usage-inquiry --event ＶＰＮ接続不可)
	y=$(on b 2026-11-26T10:05:00+09:00 new usage-inquiry --event 髙橋さんのPC)
	on a 2026-11-26T10:06:00+09:00 sync --quiet
	expect_status 0 on b 2026-11-26T10:07:00+09:00 sync
	expect_contains "1 incoming, 0 merged, pushed 2 commits" "$OUT"
	expect_eq "$(git -C b log -1 --format=%P | wc -w)" 2 "parents of the merge"
	git -C b log -1 --format=%B >"$TMPDIR_T/msg"
	expect_contains "Sss-Action: sync" "$TMPDIR_T/msg"
	converge a b
	[ -f "$(ticket a "$y")" ] && [ -f "$(ticket b "$x")" ] || fail "a ticket is missing"
}

test_different_fields_of_one_ticket() {
	team
	id=$(on a 2026-11-26T10:01:00+09:00 new usage-inquiry --event 印刷できない)
	on a 2026-11-26T10:02:00+09:00 sync --quiet
	on b 2026-11-26T10:03:00+09:00 sync --quiet
	on a 2026-11-26T11:00:00+09:00 set "$id" priority=high >/dev/null
	on b 2026-11-26T11:05:00+09:00 set "$id" assignee=田中 >/dev/null
	on a 2026-11-26T11:10:00+09:00 sync --quiet
	expect_status 0 on b 2026-11-26T11:11:00+09:00 sync
	expect_contains "merged $id" "$OUT"
	converge a b
	f=$(ticket a "$id")
	expect_contains "priority: high" "$f"
	expect_contains "assignee: 田中" "$f"
	expect_contains "updated: 2026-11-26T11:05:00+09:00" "$f"
}

test_same_field_later_wins_and_the_other_is_logged() {
	team
	id=$(on a 2026-11-26T10:01:00+09:00 new usage-inquiry --event 全角ＡＢＣ)
	on a 2026-11-26T10:02:00+09:00 sync --quiet
	on b 2026-11-26T10:03:00+09:00 sync --quiet
	on a 2026-11-26T11:00:00+09:00 set "$id" priority=low >/dev/null
	on b 2026-11-26T11:05:00+09:00 set "$id" priority=urgent >/dev/null
	on b 2026-11-26T11:06:00+09:00 sync --quiet
	expect_status 0 on a 2026-11-26T11:10:00+09:00 sync
	expect_contains "priority" "$OUT"
	converge a b
	f=$(ticket b "$id")
	expect_contains "priority: urgent" "$f"
	grep -q "merge: priority low → urgent" "$f" ||
		grep -q "merge: priority.*low" "$f" || { cat "$f" >&2; fail "the lost value is not logged"; }
}

test_comments_on_both_sides() {
	team
	id=$(on a 2026-11-26T10:01:00+09:00 new usage-inquiry --event メール不達)
	on a 2026-11-26T10:02:00+09:00 sync --quiet
	on b 2026-11-26T10:03:00+09:00 sync --quiet
	on a 2026-11-26T11:00:00+09:00 comment "$id" -m "ベンダーに問合せ済み（受付番号 123456）"
	on b 2026-11-26T11:02:00+09:00 comment "$id" -m "𠮷野家の件と同じ 髙"
	on a 2026-11-26T11:03:00+09:00 comment "$id" -m "回答待ち①"
	on a 2026-11-26T11:10:00+09:00 sync --quiet
	on b 2026-11-26T11:11:00+09:00 sync --quiet
	converge a b
	f=$(ticket a "$id")
	for t in "11:00 佐藤 花子: ベンダーに問合せ済み" "11:02 田中 一郎: 𠮷野家の件と同じ 髙" \
		"11:03 佐藤 花子: 回答待ち①"; do
		expect_eq "$(count "$t" "$f")" 1 "work-log entry '$t'"
	done
	# in time order
	expect_eq "$(grep -n '11:02 田中' "$f" | cut -d: -f1)" \
		"$(($(grep -n '11:00 佐藤' "$f" | cut -d: -f1) + 1))" "order of the entries"
}

test_checklist_ticks_on_both_sides() {
	team
	on a 2026-11-02T10:00:00+09:00 due --quiet
	id=r-routine-check-2026-11
	on a 2026-11-26T10:02:00+09:00 sync --quiet
	on b 2026-11-26T10:03:00+09:00 sync --quiet
	f=$(ticket a "$id")
	first=$(grep -m1 -- '^- \[ \]' "$f" | cut -c7-)
	second=$(grep -- '^- \[ \]' "$f" | sed -n 2p | cut -c7-)
	[ -n "$second" ] || fail "the routine check has fewer than two items"
	# editors that tick the first and the second open item
	for n in 1 2; do
		printf '#!/bin/sh\nawk -v n=%s '"'"'/^- \\[ \\]/ && ++k == n { sub(/\\[ \\]/, "[x]") } { print }'"'"' "$1" >"$1.t" && mv "$1.t" "$1"\n' \
			"$n" >"$TMPDIR_T/tick$n"
	done
	chmod +x "$TMPDIR_T/tick1" "$TMPDIR_T/tick2"
	EDITOR=$TMPDIR_T/tick1 on a 2026-11-26T11:00:00+09:00 edit "$id" >/dev/null
	EDITOR=$TMPDIR_T/tick2 on b 2026-11-26T11:05:00+09:00 edit "$id" >/dev/null
	on a 2026-11-26T11:10:00+09:00 sync --quiet
	on b 2026-11-26T11:11:00+09:00 sync --quiet
	converge a b
	expect_contains "- [x] $first" "$f"
	expect_contains "- [x] $second" "$f"
}

test_due_on_both_after_one_worked_on_a_generated_ticket() {
	team
	on a 2026-11-02T10:00:00+09:00 due --quiet
	on a 2026-11-02T11:00:00+09:00 comment r-routine-check-2026-11 -m "定例チェック開始 ①"
	on a 2026-11-02T11:05:00+09:00 set r-routine-check-2026-11 status=in-progress >/dev/null
	on a 2026-11-02T11:10:00+09:00 sync --quiet
	# b generates the same periods without having synced
	on b 2026-11-02T12:00:00+09:00 due --quiet
	expect_status 0 on b 2026-11-02T12:10:00+09:00 sync
	converge a b
	f=$(ticket b r-routine-check-2026-11)
	expect_contains "status: in-progress" "$f"
	expect_eq "$(count "定例チェック開始 ①" "$f")" 1 "the comment on the generated ticket"
	# against the ticket due makes, only a's changes are changes
	! grep -q "conflict" "$f" || fail "a generated ticket merged as a conflict"
	! grep -q "merge: " "$f" || { cat "$f" >&2; fail "a field of a generated ticket merged as changed on both sides"; }
}

test_delete_versus_edit_keeps_the_ticket() {
	team
	id=$(on a 2026-11-26T10:01:00+09:00 new usage-inquiry --event 削除と編集)
	on a 2026-11-26T10:02:00+09:00 sync --quiet
	on b 2026-11-26T10:03:00+09:00 sync --quiet
	(cd a && git rm -q "$(ticket a "$id")" && git commit -qm "remove $id")
	on b 2026-11-26T11:00:00+09:00 comment "$id" -m "まだ対応中"
	on a 2026-11-26T11:10:00+09:00 sync --quiet
	expect_status 0 on b 2026-11-26T11:11:00+09:00 sync
	expect_contains "$id" "$OUT"
	converge a b
	expect_contains "まだ対応中" "$(ticket a "$id")"
}

test_same_id_on_both_sides_is_renumbered() {
	team
	id=$(on a 2026-11-26T10:01:00+09:00 new usage-inquiry --event 佐藤のチケット)
	# b made another ticket that drew the same ID: its file renamed to it
	other=$(on b 2026-11-26T10:01:00+09:00 new usage-inquiry --event 田中のチケット)
	linker=$(on b 2026-11-26T10:02:00+09:00 new usage-inquiry --event リンク元)
	(cd b && fb=$(ticket b "$other") && fa=$(dirname "$fb")/$id.md &&
		sed "s/$other/$id/" "$fb" >"$fa" && git rm -q "$fb" && git add "$fa" &&
		fl=$(ticket b "$linker") &&
		sed -i "s/^created:/links:\n  - {rel: related, id: $id}\ncreated:/" "$fl" &&
		git add "$fl" && git commit -qm "$id: the same ID in two clones")
	on b 2026-11-26T10:03:00+09:00 check >/dev/null || true
	on a 2026-11-26T10:05:00+09:00 sync --quiet
	expect_status 0 on b 2026-11-26T10:06:00+09:00 sync
	grep -E "^sync: renumbered $id → [0-9A-Z]{4}-[0-9A-Z]{6} \(the remote has another ticket with that ID\)$" \
		"$OUT" >/dev/null || { cat "$OUT" >&2; fail "no renumbering line"; }
	new=$(sed -n "s/^sync: renumbered $id → \([^ ]*\) .*/\1/p" "$OUT")
	git -C b log --format=%B | grep -q "Sss-Action: renumber" || fail "no renumber commit"
	git -C b log --format=%s | grep -qF "renumber $id → $new" || fail "no old → new in the message"
	converge a b
	expect_contains "佐藤のチケット" "$(ticket a "$id")"
	expect_contains "田中のチケット" "$(ticket a "$new")"
	expect_contains "id: $new" "$(ticket b "$new")"
	expect_contains "$new" "$(ticket a "$linker")"
}

test_not_a_ticket_conflict_changes_nothing() {
	team
	(cd a && echo "佐藤" >notes.txt && git add notes.txt && git commit -qm n &&
		git push -q origin master 2>/dev/null)
	(cd b && git pull -q 2>/dev/null && echo "田中" >notes.txt && git commit -qam b)
	(cd a && echo "髙橋" >notes.txt && git commit -qam a && git push -q origin master 2>/dev/null)
	before=$(git -C b rev-parse HEAD)
	expect_error 1 "'notes.txt' was changed here and on 'origin/master'.*not a ticket" \
		on b 2026-11-26T10:06:00+09:00 sync
	expect_eq "$(git -C b rev-parse HEAD)" "$before" "HEAD after a refused sync"
	expect_eq "$(cat b/notes.txt)" "田中" "the file after a refused sync"
}

test_uncommitted_edit_of_an_incoming_ticket_is_refused() {
	team
	id=$(on a 2026-11-26T10:01:00+09:00 new usage-inquiry --event 未コミット)
	on a 2026-11-26T10:02:00+09:00 sync --quiet
	on b 2026-11-26T10:03:00+09:00 sync --quiet
	on a 2026-11-26T11:00:00+09:00 comment "$id" -m "佐藤の記録"
	on a 2026-11-26T11:01:00+09:00 sync --quiet
	echo "手で書いた行 𠮷" >>"$(ticket b "$id")"
	before=$(git -C b rev-parse HEAD)
	expect_error 1 "'tickets/.*$id.md' has changes that are not committed" \
		on b 2026-11-26T11:02:00+09:00 sync
	expect_eq "$(git -C b rev-parse HEAD)" "$before" "HEAD after a refused sync"
	expect_contains "手で書いた行 𠮷" "$(ticket b "$id")"
	(cd b && git checkout -q -- tickets)
	converge a b
}

test_dry_run_and_no_push_change_nothing_remote() {
	team
	id=$(on a 2026-11-26T10:01:00+09:00 new usage-inquiry --event ドライラン)
	on a 2026-11-26T10:02:00+09:00 sync --quiet
	on b 2026-11-26T10:03:00+09:00 sync --quiet
	on a 2026-11-26T11:00:00+09:00 set "$id" priority=high >/dev/null
	on a 2026-11-26T11:01:00+09:00 sync --quiet
	on b 2026-11-26T11:02:00+09:00 comment "$id" -m "田中の記録"
	before=$(git -C b rev-parse HEAD) remote=$(git -C remote.git rev-parse master)
	expect_status 0 on b 2026-11-26T11:03:00+09:00 sync --dry-run
	expect_contains "merged $id" "$OUT"
	expect_contains "a dry run: nothing was changed" "$OUT"
	expect_eq "$(git -C b rev-parse HEAD)" "$before" "HEAD after --dry-run"
	expect_status 0 on b 2026-11-26T11:04:00+09:00 sync --no-push
	expect_contains "not pushed (--no-push)" "$OUT"
	expect_eq "$(git -C remote.git rev-parse master)" "$remote" "the remote after --no-push"
	expect_status 0 on b 2026-11-26T11:05:00+09:00 sync --quiet
	[ ! -s "$OUT" ] || fail "--quiet printed: $(cat "$OUT")"
	converge a b
}

test_catalog_change_comes_in() {
	team
	(cd a && sed -i '0,/title: /s/title: /title: 改訂 /' sow/kpbe.yml &&
		git commit -qam "sow: 改訂" && git push -q origin master 2>/dev/null)
	expect_status 0 on b 2026-11-26T10:00:00+09:00 sync
	expect_contains "改訂" b/sow/kpbe.yml
	converge a b
}

# what the next command does after a sync killed once the branch moved:
# the journal names a ticket and the catalog with their blobs before and
# after; the work tree still has the old files
test_interrupted_sync_is_finished_by_the_next_command() {
	team
	id=$(on a 2026-11-26T10:01:00+09:00 new usage-inquiry --event 中断)
	(cd a && sed -i '0,/title: /s/title: /title: 改訂 /' sow/kpbe.yml &&
		git commit -qam "sow: 改訂")
	on a 2026-11-26T10:02:00+09:00 sync --quiet
	(cd b && git fetch -q origin &&
		f=$(git ls-tree -r --name-only origin/master tickets | grep "$id") &&
		z=0000000000000000000000000000000000000000 &&
		printf '%s %s %s\n%s %s %s\n' \
			$z "$(git rev-parse "origin/master:$f")" "$f" \
			"$(git rev-parse HEAD:sow/kpbe.yml)" \
			"$(git rev-parse origin/master:sow/kpbe.yml)" sow/kpbe.yml \
			>.git/sss-journal &&
		git update-ref refs/heads/master origin/master)
	expect_status 0 on b 2026-11-26T10:03:00+09:00 list
	[ ! -e b/.git/sss-journal ] || fail "the journal was left"
	expect_contains "改訂" b/sow/kpbe.yml
	[ -f "$(ticket b "$id")" ] || fail "the ticket was not written"
	converge a b
}

test_bad_input() {
	team
	expect_error 1 "no remote 'upstream'" on a 2026-11-26T10:00:00+09:00 sync upstream
	expect_error 2 "give one remote at most" on a 2026-11-26T10:00:00+09:00 sync origin x
}

test_push_race_two_syncs_at_once() {
	team 3
	for c in a b c; do
		on "$c" 2026-11-26T10:00:00+09:00 new usage-inquiry --event "競合 $c ①" >/dev/null
	done
	on a 2026-11-26T10:05:00+09:00 sync --quiet
	(on b 2026-11-26T10:06:00+09:00 sync --quiet >"$TMPDIR_T/b.out" 2>&1; echo $? >"$TMPDIR_T/b.rc") &
	(on c 2026-11-26T10:06:00+09:00 sync --quiet >"$TMPDIR_T/c.out" 2>&1; echo $? >"$TMPDIR_T/c.rc") &
	wait
	expect_eq "$(cat "$TMPDIR_T/b.rc")" 0 "sync in b ($(cat "$TMPDIR_T/b.out"))"
	expect_eq "$(cat "$TMPDIR_T/c.rc")" 0 "sync in c ($(cat "$TMPDIR_T/c.out"))"
	# both pushes are on the remote: nothing was dropped by the other
	for c in b c; do
		git -C remote.git merge-base --is-ancestor "$(git -C $c rev-parse HEAD)" master ||
			fail "the remote lacks what $c pushed"
	done
	converge a b c
	expect_eq "$(find a/tickets -name '*.md' | wc -l)" 3 "tickets after the race"
}

# big_incoming: a pushes tickets with large bodies (a pack of some MB)
big_incoming() {
	for i in 1 2 3 4; do
		id=$(on a "2026-11-26T10:0$i:00+09:00" new usage-inquiry --event "大きい$i")
		f=$(ticket a "$id")
		head -c 2000000 /dev/urandom | base64 -w 76 >"$TMPDIR_T/big"
		awk -v big="$TMPDIR_T/big" '{ print } /^## 内容$/ { while ((getline l < big) > 0) print l }' \
			"$f" >"$f.t" && mv "$f.t" "$f"
		(cd a && git commit -qam "$id: big")
	done
}

have_strace() {
	command -v strace >/dev/null 2>&1 || skip "strace is not installed"
	strace -o /dev/null true 2>/dev/null || skip "strace cannot trace here"
	ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0"
	export ASAN_OPTIONS
}

# slow_kill CLONE SECONDS: sync in CLONE with each write slowed down
# (strace), killed with SIGKILL after SECONDS
slow_kill() {
	(cd "$TMPDIR_T/$1" && SSS_NOW=2026-11-26T12:00:00+09:00 \
		strace -f -o /dev/null -e trace=write,pwrite64 \
		-e inject=write,pwrite64:delay_exit=20000 \
		sh -c 'echo $$ >"$0"; exec "$@"' "$TMPDIR_T/pid" "$SSSCTL" sync --quiet \
		>"$OUT" 2>"$ERR") &
	bg=$!
	sleep "$2"
	kill -9 "$(cat "$TMPDIR_T/pid")" 2>/dev/null || true
	wait "$bg" || true
}

test_killed_mid_fetch_loses_nothing() {
	have_strace
	team
	on b 2026-11-26T10:00:00+09:00 comment "$(on b 2026-11-26T09:59:00+09:00 new usage-inquiry --event 田中の作業)" -m "田中の記録 𠮷"
	big_incoming
	on a 2026-11-26T11:00:00+09:00 sync --quiet
	tracking=$(git -C b rev-parse origin/master)
	slow_kill b 1
	expect_eq "$(git -C b rev-parse origin/master)" "$tracking" \
		"the tracking branch after a kill mid-fetch (the kill came too late)"
	converge a b
	expect_eq "$(grep -rl "田中の記録 𠮷" a/tickets | wc -l)" 1 "b's work on the remote"
}

test_killed_mid_push_loses_nothing() {
	have_strace
	team
	on b 2026-11-26T10:00:00+09:00 sync --quiet
	on a 2026-11-26T10:01:00+09:00 comment "$(on a 2026-11-26T10:00:00+09:00 new usage-inquiry --event 佐藤の作業)" -m "佐藤の記録"
	big_incoming
	remote=$(git -C remote.git rev-parse master)
	slow_kill a 1
	expect_eq "$(git -C remote.git rev-parse master)" "$remote" \
		"the remote after a kill mid-push (the kill came too late)"
	converge a b
	expect_eq "$(grep -rl "佐藤の記録" b/tickets | wc -l)" 1 "a's work in b"
}

run_tests
