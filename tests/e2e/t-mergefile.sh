#!/bin/sh
# sssctl merge-file, driven by plain git: a repository made with `sssctl
# init` and set up by hand as a clone would be (merge.sssctl.driver and a
# .gitattributes line), two branches that change one ticket, then `git
# merge` or `git rebase`. Each merge must finish with no conflict, no
# conflict markers, the fields and entries of both sides, and `check`
# clean; a collision (two tickets, one ID) must stop git with one line.
. "$(dirname "$0")/lib.sh"

# setup_team [contract-start]: setup_repo, the merge driver configured,
# git's identity for merge commits, and MAIN naming the first branch.
setup_team() {
	setup_repo "${1:-2026-04-01}"
	export GIT_AUTHOR_NAME=git-user GIT_AUTHOR_EMAIL=git@example.com
	export GIT_COMMITTER_NAME=git-user GIT_COMMITTER_EMAIL=git@example.com
	git config merge.sssctl.driver "$SSSCTL merge-file %O %A %B %P"
	printf 'tickets/**/*.md merge=sssctl\n' >>.gitattributes
	git add .gitattributes
	git commit -qm "tickets merge with sssctl"
	MAIN=$(git symbolic-ref --short HEAD)
}

# field FILE KEY: the value of a front matter key.
field() {
	sed -n "2,/^---\$/s/^$2: //p" "$1"
}

# new_incident: a ticket to change on both sides; sets ID and F.
new_incident() {
	ID=$(sss new incident-software --software ApexOne --event 定義ファイル更新失敗 \
		--assignee 田中 --priority high)
	F=tickets/2026/11/$ID.md
}

no_markers() {
	if grep -rnE '^(<<<<<<<|>>>>>>>)( |$)|^=======$' tickets >&2; then
		fail "conflict markers in the work tree"
	fi
}

# merged_ok: git merged without conflict and check is clean.
merged_ok() {
	[ -z "$(git ls-files -u)" ] || fail "unmerged paths: $(git ls-files -u)"
	no_markers
	expect_status 0 sss check
	expect_contains ": 0 problems" "$OUT"
}

# line_of TEXT FILE: the number of the first line holding TEXT.
line_of() {
	n=$(grep -nF -- "$1" "$2" | head -n 1 | cut -d: -f1)
	[ -n "$n" ] || fail "'$2' lacks '$1'"
	echo "$n"
}

make_editor() {
	printf '#!/bin/sh\n%s\n' "$2" >"$TMPDIR_T/$1"
	chmod +x "$TMPDIR_T/$1"
}

test_different_fields_merge() {
	setup_team
	new_incident
	git checkout -qb other
	sss --now 2026-11-26T10:10:00+09:00 set "$ID" priority=urgent
	git checkout -q "$MAIN"
	sss --now 2026-11-26T10:20:00+09:00 set "$ID" assignee=髙橋
	expect_status 0 git merge --no-edit other
	merged_ok
	expect_eq "$(field "$F" priority)" urgent priority
	expect_eq "$(field "$F" assignee)" 髙橋 assignee
	expect_eq "$(field "$F" updated)" 2026-11-26T10:20:00+09:00 updated
	expect_eq "$(field "$F" status)" open status
	if grep -q ' merge: ' "$F"; then fail "a merge line for fields that did not clash"; fi
	expect_eq "$(git log -1 --format=%P | wc -w)" 2 "parents of the merge"
}

test_same_field_later_change_wins() {
	setup_team
	new_incident
	git checkout -qb other
	sss --now 2026-11-26T10:10:00+09:00 set --author "佐藤 <sato@example.jp>" "$ID" priority=urgent
	git checkout -q "$MAIN"
	sss --now 2026-11-26T10:20:00+09:00 set --author "鈴木 <suzuki@example.jp>" "$ID" priority=low
	expect_status 0 git merge --no-edit other
	expect_contains "sssctl: $F: $ID: both sides changed priority: kept low" "$ERR"
	merged_ok
	expect_eq "$(field "$F" priority)" low priority
	# who lost: the author of the other branch's last change to the ticket
	expect_contains "- 2026-11-26 10:20 merge: priority urgent → low (佐藤, 2026-11-26 10:10)" "$F"
}

# a rebase replays the branch on the upstream: the sides are swapped, and
# the lines still name who made each change
test_rebase_names_who_lost() {
	setup_team
	new_incident
	git checkout -qb other
	sss --now 2026-11-26T10:30:00+09:00 set --author "佐藤 <sato@example.jp>" "$ID" priority=urgent
	git checkout -q "$MAIN"
	sss --now 2026-11-26T10:20:00+09:00 set --author "髙橋 <takahashi@example.jp>" "$ID" priority=low
	git checkout -q other
	expect_status 0 git rebase "$MAIN"
	merged_ok
	expect_eq "$(field "$F" priority)" urgent priority
	expect_contains "- 2026-11-26 10:30 merge: priority low → urgent (髙橋, 2026-11-26 10:20)" "$F"
}

test_comments_on_both_sides() {
	setup_team
	new_incident
	git checkout -qb other
	sss --now 2026-11-26T10:10:00+09:00 comment "$ID" -m "𠮷田さんに連絡①
折り返し待ち"
	git checkout -q "$MAIN"
	sss --now 2026-11-26T10:05:00+09:00 comment "$ID" -m "髙橋: 端末を再起動"
	expect_status 0 git merge --no-edit other
	merged_ok
	a=$(line_of "- 2026-11-26 10:05 テスト太郎: 髙橋: 端末を再起動" "$F")
	b=$(line_of "- 2026-11-26 10:10 テスト太郎: 𠮷田さんに連絡①" "$F")
	expect_eq "$(sed -n "$((b + 1))p" "$F")" "  折り返し待ち" "continuation line"
	[ "$a" -lt "$b" ] || fail "entries not in time order"
	expect_eq "$(grep -c '^- 2026-11-26' "$F")" 2 "work-log entries"
}

test_ticks_on_both_sides() {
	setup_team
	new_incident
	git checkout -qb other
	make_editor tick1 'sed -i "s/^- \[ \] 一次対応/- [x] 一次対応/" "$1"'
	EDITOR="$TMPDIR_T/tick1" sss --now 2026-11-26T10:10:00+09:00 edit "$ID" >/dev/null
	git checkout -q "$MAIN"
	make_editor tick2 'sed -i "s/^- \[ \] 報告/- [x] 報告/" "$1"'
	EDITOR="$TMPDIR_T/tick2" sss --now 2026-11-26T10:20:00+09:00 edit "$ID" >/dev/null
	expect_status 0 git merge --no-edit other
	merged_ok
	expect_contains "- [x] 一次対応" "$F"
	expect_contains "- [x] 報告" "$F"
	expect_contains "- [ ] 原因調査、内容整理" "$F"
}

test_both_edit_one_section_keeps_both() {
	setup_team
	new_incident
	git checkout -qb other
	make_editor e1 'sed -i "s/^## 内容$/## 内容\n本庁舎3階の12台。/" "$1"'
	EDITOR="$TMPDIR_T/e1" sss --now 2026-11-26T10:10:00+09:00 edit "$ID" >/dev/null
	git checkout -q "$MAIN"
	make_editor e2 'sed -i "s/^## 内容$/## 内容\n分庁舎の全台。/" "$1"'
	EDITOR="$TMPDIR_T/e2" sss --now 2026-11-26T10:20:00+09:00 edit "$ID" >/dev/null
	expect_status 0 git merge --no-edit other
	no_markers
	expect_contains "分庁舎の全台。" "$F"
	expect_contains "### merge: テスト太郎 (2026-11-26 10:10)" "$F"
	expect_contains "本庁舎3階の12台。" "$F"
	expect_eq "$(field "$F" tags)" "[conflict]" tags
	expect_status 1 sss check
	expect_contains "'$F': tagged conflict: a merge kept both versions of a section" "$ERR"
	# once a person merged the texts and removed the tag, check is clean
	sss set "$ID" tags= >/dev/null
	expect_status 0 sss check
}

test_rebase_merges_tickets() {
	setup_team
	new_incident
	git checkout -qb other
	sss --now 2026-11-26T10:10:00+09:00 set "$ID" priority=urgent
	sss --now 2026-11-26T10:12:00+09:00 comment "$ID" -m "ベンダー①へ連絡"
	git checkout -q "$MAIN"
	sss --now 2026-11-26T10:20:00+09:00 set "$ID" assignee=髙橋
	sss --now 2026-11-26T10:21:00+09:00 comment "$ID" -m "髙橋が引継ぎ"
	git checkout -q other
	expect_status 0 git rebase "$MAIN"
	merged_ok
	expect_eq "$(git log --format=%s "$MAIN"..HEAD | wc -l)" 2 "commits replayed"
	expect_eq "$(field "$F" priority)" urgent priority
	expect_eq "$(field "$F" assignee)" 髙橋 assignee
	expect_contains "ベンダー①へ連絡" "$F"
	expect_contains "髙橋が引継ぎ" "$F"
	expect_lt "$(line_of ベンダー①へ連絡 "$F")" "$(line_of 髙橋が引継ぎ "$F")"
}

expect_lt() {
	[ "$1" -lt "$2" ] || fail "expected $1 < $2"
}

# the same generated ticket made on both sides, one side worked on it:
# its base is the ticket as `due` makes it, so the work of each side is
# a change against that base, not a clash of two new files
test_generated_ticket_on_both_sides() {
	setup_team 2026-11-01
	git checkout -qb other
	sss --now 2026-11-02T06:00:00+09:00 due --quiet
	g=$(ls tickets/2026/11/r-monthly-report-2026-11.md)
	gid=$(basename "$g" .md)
	make_editor e1 'sed -i "s/^## 内容$/## 内容\n資料は共有フォルダ①。/; 0,/^- \[ \]/s/^- \[ \]/- [x]/" "$1"'
	EDITOR="$TMPDIR_T/e1" sss --now 2026-11-02T09:00:00+09:00 edit "$gid" >/dev/null
	git checkout -q "$MAIN"
	sss --now 2026-11-03T06:00:00+09:00 due --quiet
	sss --now 2026-11-03T09:30:00+09:00 comment "$gid" -m "髙橋: 日程調整中"
	expect_status 0 git merge --no-edit other
	merged_ok
	expect_contains "資料は共有フォルダ①。" "$g"
	expect_contains "髙橋: 日程調整中" "$g"
	expect_eq "$(grep -c '^- \[x\]' "$g")" 1 "ticked items"
	if grep -q '### merge:' "$g"; then fail "the generated base was not used"; fi
	expect_eq "$(field "$g" tags)" "" tags
	expect_eq "$(field "$g" updated)" 2026-11-03T09:30:00+09:00 updated
}

test_collision_stops_git() {
	setup_team
	git checkout -qb other
	ID=$(sss new usage-inquiry --event "𠮷野さんのPC")
	F=tickets/2026/11/$ID.md
	git checkout -q "$MAIN"
	mkdir -p tickets/2026/11
	git show "other:$F" | sed 's/^title: .*/title: 問合せ (髙島さんのプリンタ)/' >"$F"
	git add "$F"
	git commit -qm "the same ID, another ticket"
	cp "$F" "$TMPDIR_T/ours"
	expect_status 1 git merge --no-edit other
	expect_contains "sssctl: $F: two different tickets have the ID $ID; run \`git merge --abort\` (or \`git rebase --abort\`) and \`sssctl sync\`, which renumbers yours" "$ERR"
	# added on both sides: stages 2 and 3 of that one file, nothing else
	expect_eq "$(git ls-files -u | wc -l)" 2 "stages of the conflicted file"
	expect_eq "$(git ls-files -u | cut -f2 | sort -u)" "$F" "the conflicted file"
	cmp "$F" "$TMPDIR_T/ours" || fail "ours changed"
	no_markers
	git merge --abort
}

# what the driver is given, straight: three files and a path
setup_files() {
	setup_team
	new_incident
	cp "$F" base.md
	sed 's/^priority: high/priority: urgent/' base.md >ours.md
	sed 's/^assignee: 田中/assignee: 髙橋/' base.md >theirs.md
}

test_driver_writes_lf_over_ours() {
	setup_files
	sed 's/$/\r/' theirs.md >theirs-crlf.md
	expect_status 0 sss merge-file base.md ours.md theirs-crlf.md "$F"
	expect_eq "$(field ours.md priority)" urgent priority
	expect_eq "$(field ours.md assignee)" 髙橋 assignee
	if grep -q "$(printf '\r')" ours.md; then fail "CR in the result"; fi
	[ ! -s "$ERR" ] || fail "unexpected stderr: $(cat "$ERR")"
	rm -f base.md ours.md theirs.md theirs-crlf.md
}

test_driver_refuses_what_does_not_parse() {
	setup_files
	printf '<<<<<<< HEAD\nx\n=======\ny\n>>>>>>> b\n' >>theirs.md
	cp ours.md ours.before
	expect_error 1 "cannot merge \\(theirs\\): '$F': merge conflict \\(git conflict markers at line" \
		sss merge-file base.md ours.md theirs.md "$F"
	cmp ours.md ours.before || fail "ours changed"
	sed 's/^status: open/status open/' base.md >theirs.md
	expect_error 1 "cannot merge \\(theirs\\): '$F' line" sss merge-file base.md ours.md theirs.md "$F"
	cmp ours.md ours.before || fail "ours changed"
	sed 's/^id: .*/id: 2611-ZZZZZZ/' base.md >theirs.md
	expect_error 1 "ours names $ID, theirs names 2611-ZZZZZZ" sss merge-file base.md ours.md theirs.md "$F"
	expect_error 1 "missing.md" sss merge-file base.md ours.md missing.md "$F"
	cmp ours.md ours.before || fail "ours changed"
	expect_error 2 "give BASE, OURS, THEIRS and PATH" sss merge-file base.md ours.md theirs.md
	rm -f base.md ours.md ours.before theirs.md
}

test_driver_prints_notes() {
	setup_files
	# a note goes to stderr as "sssctl: PATH: ..."; here: the same field
	sed 's/^priority: high/priority: low/; s/^updated: .*/updated: 2026-11-26T11:00:00+09:00/' \
		base.md >theirs.md
	expect_status 0 sss merge-file base.md ours.md theirs.md "$F"
	expect_contains "sssctl: $F: $ID: both sides changed priority: kept low" "$ERR"
	expect_eq "$(field ours.md priority)" low priority
	rm -f base.md ours.md theirs.md
}

run_tests
