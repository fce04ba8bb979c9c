#!/bin/sh
# Team sharing through plain git: a bare remote and two clones (佐藤 in
# ./a, 髙橋 in ./b) made as a team makes them, each change made with
# sssctl, then `git pull --no-rebase` and `git pull --rebase` with the
# ticket merge driver (`sssctl merge-file`). Every scenario runs in both
# modes and ends with: no conflict, both clones' trees equal to the
# remote's, no conflict markers, `sssctl check` clean, `git fsck --strict`
# clean, and what the ticket merge promises field by field.
#
# delete (git rm) vs edit is a tree conflict: git never runs a merge
# driver for it, so `git pull` stops with "CONFLICT (modify/delete)" and
# the edited file left in the work tree, markers-free; `sssctl sync` is
# what keeps the edited ticket (tested when the command exists).
. "$(dirname "$0")/lib.sh"

# libgit2's remote lookup leaks PCRE2 match data (see the file)
LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$TESTS_ROOT/tests/e2e/lsan-libgit2.supp:print_suppressions=0"
export LSAN_OPTIONS

SATO="佐藤 <sato@example.com>"
TAKA="髙橋 <takahashi@example.com>"
ATTR='tickets/**/*.md merge=sssctl text eol=lf'

# make_clone DIR NAME EMAIL: a clone of ./remote.git as a person makes it
make_clone() {
	"$SSSCTL" clone "$TMPDIR_T/remote.git" "$TMPDIR_T/$1" >/dev/null 2>"$TMPDIR_T/clone.err" ||
		{ cat "$TMPDIR_T/clone.err" >&2; fail "sssctl clone failed"; }
	git -C "$TMPDIR_T/$1" config user.name "$2"
	git -C "$TMPDIR_T/$1" config user.email "$3"
	expect_eq "$(git -C "$TMPDIR_T/$1" config merge.sssctl.driver)" \
		"$SSSCTL merge-file %O %A %B %P" "clone $1's merge driver"
}

# setup_team [PREP]: ./origin made by init (plus PREP run in it, with
# 2026-11-24 as today), ./remote.git a bare copy, ./a and ./b its clones
setup_team() {
	"$SSSCTL" init --contract-start 2026-11-01 origin >/dev/null || fail "init failed"
	(
		cd origin
		export SSS_NOW=2026-11-24T09:00:00+09:00
		grep -qxF "$ATTR" .gitattributes || fail "init did not commit '$ATTR'"
		"$SSSCTL" due --quiet
		if [ $# -gt 0 ]; then "$@"; fi
	)
	git clone -q --bare origin remote.git
	make_clone a 佐藤 sato@example.com
	make_clone b 髙橋 takahashi@example.com
	REPO=$TMPDIR_T/a
	unset SSS_NOW
}

# run_on a|b HH:MM CMD...: run CMD in that clone as its person at HH:MM
# on 2026-11-26; it must succeed; its stdout is printed
run_on() {
	_who=$SATO
	[ "$1" = b ] && _who=$TAKA
	_d=$1 _t=$2
	shift 2
	(cd "$TMPDIR_T/$_d" && SSS_AUTHOR=$_who SSS_NOW="2026-11-26T$_t:00+09:00" "$@") ||
		fail "in $_d: $* failed"
}

# exchange MODE: A publishes, B pulls (MODE: --no-rebase | --rebase) and
# publishes, A pulls; every pull must succeed with no conflict
exchange() {
	git -C "$TMPDIR_T/a" push -q origin HEAD 2>"$ERR" || { cat "$ERR" >&2; fail "push from a"; }
	pull b "$1"
	git -C "$TMPDIR_T/b" push -q origin HEAD 2>"$ERR" || { cat "$ERR" >&2; fail "push from b"; }
	pull a "$1"
}

pull() {
	(cd "$TMPDIR_T/$1" && git pull -q "$2" >"$OUT" 2>"$ERR") || {
		echo "# git pull $2 in $1:" >&2
		sed 's/^/#   /' "$OUT" "$ERR" >&2
		git -C "$TMPDIR_T/$1" status --short >&2
		fail "git pull $2 in $1 did not merge cleanly"
	}
}

# converged: what every scenario ends with
converged() {
	ta=$(git -C "$TMPDIR_T/a" rev-parse 'HEAD^{tree}')
	tb=$(git -C "$TMPDIR_T/b" rev-parse 'HEAD^{tree}')
	tr=$(git -C "$TMPDIR_T/remote.git" rev-parse 'HEAD^{tree}')
	expect_eq "$tb" "$ta" "b's tree"
	expect_eq "$tr" "$ta" "the remote's tree"
	for c in a b; do
		d=$TMPDIR_T/$c
		if grep -rnE '^(<<<<<<<|>>>>>>>)' "$d/tickets" >&2; then
			fail "conflict markers in $c"
		fi
		[ ! -e "$d/.git/MERGE_HEAD" ] || fail "a merge is still in progress in $c"
		[ ! -d "$d/.git/rebase-merge" ] || fail "a rebase is still in progress in $c"
		st=$(git -C "$d" status --porcelain)
		[ -z "$st" ] || { echo "$st" >&2; fail "git status in $c is not clean"; }
		(cd "$d" && "$SSSCTL" check >"$OUT" 2>"$ERR") ||
			{ cat "$OUT" "$ERR" >&2; fail "sssctl check in $c"; }
		git -C "$d" fsck --strict --no-progress >/dev/null 2>"$ERR" ||
			{ cat "$ERR" >&2; fail "git fsck --strict in $c"; }
	done
	git -C "$TMPDIR_T/remote.git" fsck --strict --no-progress >/dev/null 2>"$ERR" ||
		{ cat "$ERR" >&2; fail "git fsck --strict in the remote"; }
}

# ticket ID: its file in clone a
tfile() { ls "$TMPDIR_T"/a/tickets/*/*/"$1".md; }

# count TEXT FILE: how many lines of FILE hold TEXT
count() { grep -cF -- "$1" "$2" || true; }

# field FILE NAME: the front-matter value
field() { sed -n "2,/^---\$/s/^$2: //p" "$1"; }

# worklog FILE: the lines of ## 作業記録
worklog() { sed -n '/^## 作業記録$/,/^## /p' "$1" | grep '^- ' || true; }

# ---- the scenarios, each run with both kinds of pull ----------------------

# a ticket both clones know, made at origin: ./T holds its ID
prep_ticket() {
	"$SSSCTL" new usage-inquiry --event "VPNに接続できない 𠮷" -m "電話で受付" >"$TMPDIR_T/T"
}

prep_two() {
	for e in "プリンタが印刷しない" "共有フォルダが見えない"; do
		"$SSSCTL" new usage-inquiry --event "$e"
	done >"$TMPDIR_T/T"
}

sc_both_create() {
	setup_team
	ia=$(run_on a 10:05 "$SSSCTL" new password-reset --software "ＳＫＹＳＥＡ" -m "髙橋さんより依頼 ①")
	ib=$(run_on b 10:07 "$SSSCTL" new usage-inquiry --event "Teamsの通知が来ない 𠮷")
	[ "$ia" != "$ib" ] || fail "both new tickets got one ID"
	exchange "$1"
	converged
	fa=$(tfile "$ia") fb=$(tfile "$ib")
	expect_contains "パスワードリセット (ＳＫＹＳＥＡ)" "$fa"
	expect_contains "髙橋さんより依頼 ①" "$fa"
	expect_contains "Teamsの通知が来ない 𠮷" "$fb"
	expect_eq "$(git -C "$TMPDIR_T/a" show -s --format=%an HEAD)" "髙橋" "merged by"
}
test_both_create_merge() { sc_both_create --no-rebase; }
test_both_create_rebase() { sc_both_create --rebase; }

sc_different_fields() {
	setup_team prep_ticket
	id=$(cat "$TMPDIR_T/T")
	run_on a 10:05 "$SSSCTL" set "$id" priority=high >/dev/null
	run_on b 10:10 "$SSSCTL" set "$id" assignee=髙橋 due=2026-11-30 >/dev/null
	exchange "$1"
	converged
	f=$(tfile "$id")
	expect_eq "$(field "$f" priority)" high priority
	expect_eq "$(field "$f" assignee)" 髙橋 assignee
	expect_eq "$(field "$f" due)" 2026-11-30 due
	expect_eq "$(field "$f" updated)" 2026-11-26T10:10:00+09:00 updated
	expect_eq "$(count 'merge:' "$f")" 0 "merge lines"
	expect_eq "$(field "$f" tags)" "" tags
}
test_different_fields_merge() { sc_different_fields --no-rebase; }
test_different_fields_rebase() { sc_different_fields --rebase; }

# the same field on both sides: the later change wins whichever side it is
# on, the lost value is a "merge:" line in the work log
sc_same_field() {
	setup_team prep_two
	i1=$(sed -n 1p "$TMPDIR_T/T") i2=$(sed -n 2p "$TMPDIR_T/T")
	run_on a 10:05 "$SSSCTL" set "$i1" priority=high
	run_on b 10:15 "$SSSCTL" set "$i1" priority=low
	run_on a 10:20 "$SSSCTL" set "$i2" assignee=佐藤
	run_on b 10:12 "$SSSCTL" set "$i2" assignee=髙橋
	exchange "$1"
	converged
	f1=$(tfile "$i1") f2=$(tfile "$i2")
	expect_eq "$(field "$f1" priority)" low "$i1 priority (b's later change)"
	expect_eq "$(field "$f2" assignee)" 佐藤 "$i2 assignee (a's later change)"
	expect_eq "$(field "$f1" updated)" 2026-11-26T10:15:00+09:00 "$i1 updated"
	expect_eq "$(field "$f2" updated)" 2026-11-26T10:20:00+09:00 "$i2 updated"
	l1=$(worklog "$f1" | grep 'merge: ' || true)
	l2=$(worklog "$f2" | grep 'merge: ' || true)
	expect_eq "$(echo "$l1" | grep -c '^- 2026-11-26 10:15 merge: priority high → low (')" 1 \
		"$i1: the merge line for a's lost value ($l1)"
	expect_eq "$(echo "$l2" | grep -c '^- 2026-11-26 10:20 merge: assignee 髙橋 → 佐藤 (')" 1 \
		"$i2: the merge line for b's lost value ($l2)"
	# as the issue says: "merge: priority high → normal (佐藤, 2026-11-26 10:15)"
	expect_eq "$(echo "$l1" | grep -c '(佐藤, 2026-11-26 10:05)$')" 1 \
		"$i1: the merge line names who lost and when ($l1)"
	expect_eq "$(echo "$l2" | grep -c '(髙橋, 2026-11-26 10:12)$')" 1 \
		"$i2: the merge line names who lost and when ($l2)"
}
test_same_field_merge() { sc_same_field --no-rebase; }
test_same_field_rebase() { sc_same_field --rebase; }

sc_comments() {
	setup_team prep_ticket
	id=$(cat "$TMPDIR_T/T")
	run_on a 10:05 "$SSSCTL" comment "$id" -m "折り返し電話、再起動で解決 ①"
	run_on b 10:03 "$SSSCTL" comment "$id" -m "現地確認：ＶＰＮ装置のログ取得 𠮷"
	run_on b 10:30 "$SSSCTL" comment "$id" -m "髙橋: 手順書を更新"
	exchange "$1"
	converged
	f=$(tfile "$id")
	worklog "$f" >"$TMPDIR_T/log"
	printf '%s\n' \
		"- 2026-11-26 10:03 髙橋: 現地確認：ＶＰＮ装置のログ取得 𠮷" \
		"- 2026-11-26 10:05 佐藤: 折り返し電話、再起動で解決 ①" \
		"- 2026-11-26 10:30 髙橋: 髙橋: 手順書を更新" >"$TMPDIR_T/log.want"
	diff -u "$TMPDIR_T/log.want" "$TMPDIR_T/log" >&2 ||
		fail "the work log is not both sides' entries, each once, in time order"
}
test_comments_merge() { sc_comments --no-rebase; }
test_comments_rebase() { sc_comments --rebase; }

# tick_editor NAME N: an editor that ticks the N-th open checklist item
tick_editor() {
	cat >"$TMPDIR_T/$1" <<EOF
#!/bin/sh
awk '/^- \\[ \\] / && ++n == $2 { sub(/^- \\[ \\]/, "- [x]") } { print }' "\$1" >"\$1.new" &&
	mv "\$1.new" "\$1"
EOF
	chmod +x "$TMPDIR_T/$1"
}

# with_env NAME=VALUE CMD...: CMD with NAME=VALUE exported (a function
# called with a prefix assignment keeps it in some shells)
with_env() {
	(export "$1" && shift && "$@")
}

sc_ticks() {
	setup_team
	id=r-weekly-meeting-2026-w48
	f=$(tfile "$id")
	expect_eq "$(grep -c '^- \[ \] ' "$f")" 3 "open items before"
	tick_editor tick1 1
	tick_editor tick3 3
	with_env EDITOR="$TMPDIR_T/tick1" run_on a 10:05 "$SSSCTL" edit "$id"
	with_env EDITOR="$TMPDIR_T/tick3" run_on b 10:06 "$SSSCTL" edit "$id"
	exchange "$1"
	converged
	sed -n '/^## チェックリスト$/,/^## /p' "$f" | grep '^- \[' >"$TMPDIR_T/items"
	printf '%s\n' \
		"- [x] システム支援サービスの週次報告書を作成し、週次定例会を開催する。" \
		"- [ ] 議事を作成し関係者に送付する。" \
		"- [x] 京都府フォーマットで週次報告書を提出する。" >"$TMPDIR_T/items.want"
	diff -u "$TMPDIR_T/items.want" "$TMPDIR_T/items" >&2 ||
		fail "a tick on either side must stay"
}
test_ticks_merge() { sc_ticks --no-rebase; }
test_ticks_rebase() { sc_ticks --rebase; }

# both run `due` for one period after a worked on a generated ticket: the
# add/add merges against the ticket as due makes it
sc_due() {
	setup_team
	(cd a && SSS_AUTHOR=$SATO "$SSSCTL" --now 2026-12-01T09:00:00+09:00 due --quiet) ||
		fail "due in a"
	id=r-weekly-meeting-2026-w49
	tick_editor tick2 2
	(cd a && SSS_AUTHOR=$SATO SSS_NOW=2026-12-01T10:00:00+09:00 \
		"$SSSCTL" comment $id -m "議事録を送付 ①" >/dev/null &&
		EDITOR=$TMPDIR_T/tick2 SSS_AUTHOR=$SATO SSS_NOW=2026-12-01T10:05:00+09:00 \
		"$SSSCTL" edit $id >/dev/null &&
		SSS_AUTHOR=$SATO SSS_NOW=2026-12-01T10:06:00+09:00 \
		"$SSSCTL" set $id assignee=佐藤 >/dev/null) || fail "work on $id in a"
	(cd b && SSS_AUTHOR=$TAKA "$SSSCTL" --now 2026-12-02T08:00:00+09:00 due --quiet) ||
		fail "due in b"
	exchange "$1"
	converged
	f=$(tfile "$id")
	expect_eq "$(worklog "$f")" "- 2026-12-01 10:00 佐藤: 議事録を送付 ①" "work log of $id"
	expect_eq "$(field "$f" assignee)" 佐藤 assignee
	expect_eq "$(grep -c '^- \[x\] 議事を作成し関係者に送付する。' "$f")" 1 "a's tick"
	expect_eq "$(field "$f" tags)" "" "tags (no conflict)"
	expect_eq "$(ls "$TMPDIR_T"/a/tickets/2026/*/r-issue-management-2026-12.md | wc -l)" 1 \
		"one December ticket"
}
test_due_same_period_merge() { sc_due --no-rebase; }
test_due_same_period_rebase() { sc_due --rebase; }

# fixed_random: a preload library that makes getrandom(2) return the same
# bytes every time, so two clones mint one ID at one --now
fixed_random() {
	command -v cc >/dev/null 2>&1 || skip "no C compiler to build the getrandom shim"
	cat >"$TMPDIR_T/fixrand.c" <<'EOF'
#include <string.h>
#include <sys/types.h>
ssize_t getrandom(void *buf, size_t n, unsigned flags)
{
	(void)flags;
	memset(buf, 0x5a, n);
	return (ssize_t)n;
}
EOF
	cc -shared -fPIC -o "$TMPDIR_T/fixrand.so" "$TMPDIR_T/fixrand.c" ||
		fail "cannot build the getrandom shim"
}

# the same ID on both sides: the driver refuses with one line and leaves
# no markers; git stops the merge and `sssctl sync` renumbers
sc_same_id() {
	setup_team
	fixed_random
	export ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0"
	pre=LD_PRELOAD=$TMPDIR_T/fixrand.so
	ia=$(with_env "$pre" run_on a 10:05 "$SSSCTL" new usage-inquiry --event "メールが送れない")
	ib=$(with_env "$pre" run_on b 10:05 "$SSSCTL" new password-reset --software "ApexOne")
	expect_eq "$ib" "$ia" "the forced ID"
	git -C a push -q origin HEAD
	set +e
	(cd b && git pull "$1" >"$OUT" 2>"$ERR")
	rc=$?
	set -e
	[ "$rc" != 0 ] || fail "git pull merged two tickets with one ID"
	# the driver's one line (git prints its own around it, and rebase
	# its progress with no newline before it)
	grep -E "sssctl: .*$ia" "$ERR" >"$TMPDIR_T/driver" ||
		{ cat "$OUT" "$ERR" >&2; fail "the driver did not name $ia"; }
	expect_eq "$(grep -c 'sssctl: ' "$ERR")" 1 "the driver's message lines"
	grep -q "sync" "$TMPDIR_T/driver" || fail "the driver does not say what to do"
	f=$(ls b/tickets/*/*/"$ia".md)
	if grep -nE '^(<<<<<<<|=======|>>>>>>>)' "$f" >&2; then fail "markers in $f"; fi
	# the work tree holds "ours" whole: b's ticket in a merge, a's in a
	# rebase (which replays b's commit onto a's)
	want="パスワードリセット (ApexOne)"
	[ "$1" = --rebase ] && want="メールが送れない"
	expect_contains "$want" "$f"
	# check names the collision and what to do while git is stopped
	(cd b && expect_status 1 "$SSSCTL" check)
	grep -q "two different tickets have this ID" "$ERR" ||
		fail "check does not report the collision: $(cat "$ERR")"
	# nothing is lost: the merge (or rebase) is stopped and can be undone
	if [ "$1" = --rebase ]; then git -C b rebase --abort; else git -C b merge --abort; fi
	expect_contains "パスワードリセット (ApexOne)" "$f"
	[ -z "$(git -C b status --porcelain)" ] || fail "b is not clean after the abort"
	(cd b && SSS_AUTHOR=$TAKA "$SSSCTL" sync >"$OUT" 2>"$ERR") ||
		{ cat "$OUT" "$ERR" >&2; fail "sssctl sync in b"; }
	new=$(grep -oE "$ia → [0-9]{4}-[0-9A-Z]{6}" "$OUT" "$ERR" | sed 's/.*→ //' | head -n 1)
	[ -n "$new" ] || { cat "$OUT" "$ERR" >&2; fail "sync did not print the renumbering"; }
	pull a "$1"
	converged
	expect_contains "メールが送れない" "$(tfile "$ia")"
	expect_contains "パスワードリセット (ApexOne)" "$(tfile "$new")"
}
test_same_id_merge() { sc_same_id --no-rebase; }
test_same_id_rebase() { sc_same_id --rebase; }

# delete (git rm) vs edit: git's tree conflict; the driver never runs
sc_delete_edit() {
	setup_team prep_ticket
	id=$(cat "$TMPDIR_T/T")
	(cd a && git rm -q "$(ls tickets/*/*/"$id".md)" && git commit -q -m "$id: delete")
	run_on b 10:10 "$SSSCTL" comment "$id" -m "まだ対応中です ①"
	git -C b push -q origin HEAD
	set +e
	(cd a && git pull "$1" >"$OUT" 2>"$ERR")
	rc=$?
	set -e
	[ "$rc" != 0 ] || fail "git pull resolved delete/edit by itself"
	cat "$OUT" "$ERR" | grep -q "CONFLICT (modify/delete)" ||
		{ cat "$OUT" "$ERR" >&2; fail "not reported as a modify/delete conflict"; }
	f=$(ls a/tickets/*/*/"$id".md)
	expect_contains "まだ対応中です ①" "$f"
	if grep -nE '^(<<<<<<<|=======|>>>>>>>)' "$f" >&2; then fail "markers in $f"; fi
	if [ "$1" = --rebase ]; then git -C a rebase --abort; else git -C a merge --abort; fi
	[ -z "$(git -C a status --porcelain)" ] || fail "a is not clean after the abort"
	(cd a && SSS_AUTHOR=$SATO "$SSSCTL" sync >"$OUT" 2>"$ERR") ||
		{ cat "$OUT" "$ERR" >&2; fail "sssctl sync in a"; }
	cat "$OUT" "$ERR" | grep -q "kept $id" || fail "sync did not say it kept $id"
	pull b "$1"
	converged
	expect_contains "まだ対応中です ①" "$(tfile "$id")"
}
test_delete_edit_merge() { sc_delete_edit --no-rebase; }
test_delete_edit_rebase() { sc_delete_edit --rebase; }

run_tests
