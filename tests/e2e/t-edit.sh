#!/bin/sh
# sssctl edit
. "$(dirname "$0")/lib.sh"

# editor scripts get the file name as their last argument
make_editor() {
	printf '#!/bin/sh\n%s\n' "$2" >"$TMPDIR_T/$1"
	chmod +x "$TMPDIR_T/$1"
}

test_edit_commits_valid_change() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	make_editor ed 'sed -i "s/^priority: normal/priority: high/; s/^## 内容$/## 内容\n電話で受付。/" "$1"'
	EDITOR="$TMPDIR_T/ed" expect_status 0 sss edit "$id"
	f=tickets/2026/11/$id.md
	expect_contains "priority: high" "$f"
	expect_contains "電話で受付。" "$f"
	expect_eq "$(git log -1 --format=%s | cut -d' ' -f2)" "edit" action
	ls "$REPO"/.git/sss-edit-* >/dev/null 2>&1 && fail "scratch copy left"
	true
}

test_edit_invalid_result_changes_nothing() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	before=$(git rev-parse HEAD)
	make_editor ed 'sed -i "s/^status: open/status: finished/" "$1"'
	EDITOR="$TMPDIR_T/ed" expect_error 1 "kept in.*invalid status 'finished'" sss edit "$id"
	expect_eq "$(git rev-parse HEAD)" "$before" HEAD
	expect_contains "status: open" "tickets/2026/11/$id.md"
	rm -f "$REPO"/.git/sss-edit-*
}

test_edit_cannot_change_id() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	make_editor ed 'sed -i "s/^id: .*/id: 2611-AAAAAA/" "$1"'
	EDITOR="$TMPDIR_T/ed" expect_error 1 "id must stay" sss edit "$id"
	rm -f "$REPO"/.git/sss-edit-*
}

test_edit_no_change_no_commit() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	VISUAL=true expect_status 0 sss edit "$id"
	expect_eq "$(commits)" 2 commits
}

test_edit_failing_editor() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	EDITOR=false expect_error 1 "editor" sss edit "$id"
	expect_eq "$(commits)" 2 commits
}

test_edit_runs_editor_without_shell() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	# a shell would run the `touch`; an argument vector passes it as text
	EDITOR="true ;touch $TMPDIR_T/pwned" expect_status 0 sss edit "$id"
	[ ! -e "$TMPDIR_T/pwned" ] || fail "the editor ran through a shell"
}

run_tests "$@"
