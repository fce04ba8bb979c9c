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

# the copy named in the last command's error: it exists and holds TEXT
expect_kept() {
	kept=$(sed -n "s/.*your text is kept in '\([^']*\)'.*/\1/p" "$ERR" | head -n 1)
	[ -n "$kept" ] || fail "the message does not say where the text is: $(cat "$ERR")"
	case $kept in
	"$REPO"/.git/sss-edit-*.md) ;;
	*) fail "kept in an unexpected place: $kept" ;;
	esac
	expect_contains "$1" "$kept"
}

test_edit_commit_failing_enospc_keeps_text() {
	command -v strace >/dev/null 2>&1 || skip "strace is not installed"
	# LeakSanitizer cannot run under ptrace (the ASan build)
	ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0"
	export ASAN_OPTIONS
	setup_repo
	id=$(sss new usage-inquiry --event q)
	before=$(git rev-parse HEAD)
	make_editor ed 'sed -i "s/^## 内容$/## 内容\n大事な文章。/" "$1"'
	# which write of sssctl (not of the editor: no -f) stores the first
	# object: found on a copy of the repository
	cp -a "$REPO" "$TMPDIR_T/dry"
	(cd "$TMPDIR_T/dry" && EDITOR="$TMPDIR_T/ed" strace -y -o "$TMPDIR_T/dry.trace" \
		-e trace=write "$SSSCTL" edit "$id" >/dev/null 2>&1)
	k=$(grep '^write(' "$TMPDIR_T/dry.trace" | grep -n '/objects/' | head -n 1 | cut -d: -f1)
	[ -n "$k" ] || fail "no object write found"
	EDITOR="$TMPDIR_T/ed" expect_error 1 "No space left on device.*your text is kept in" \
		strace -o /dev/null -e trace=write -e inject=write:error=ENOSPC:when="$k" \
		"$SSSCTL" edit "$id"
	expect_kept "大事な文章。"
	expect_eq "$(git rev-parse HEAD)" "$before" HEAD
	rm -f "$REPO"/.git/sss-edit-*
}

test_edit_lock_timeout_keeps_text() {
	command -v flock >/dev/null 2>&1 || skip "flock is not installed"
	setup_repo
	echo "lock_timeout_ms: 200" >>.sss/config.yml
	git -c user.name=x -c user.email=x@y commit -qam "short lock timeout"
	id=$(sss new usage-inquiry --event q)
	before=$(git rev-parse HEAD)
	make_editor ed 'sed -i "s/^## 内容$/## 内容\n待たされた文章。/" "$1"'
	# another writer holds the lock for longer than lock_timeout_ms
	flock .git/sss.lock sleep 5 &
	holder=$!
	sleep 0.3
	EDITOR="$TMPDIR_T/ed" expect_error 1 "your text is kept in" sss edit "$id"
	kill "$holder" 2>/dev/null || true
	wait "$holder" 2>/dev/null || true
	expect_kept "待たされた文章。"
	expect_eq "$(git rev-parse HEAD)" "$before" HEAD
	rm -f "$REPO"/.git/sss-edit-*
}

# a signal that ends sssctl while the editor is open: the copy stays and
# the message says where
test_edit_killed_while_editor_open_keeps_text() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	make_editor ed 'sed -i "s/^## 内容$/## 内容\n書きかけ。/" "$1"; echo $$ >"$0.pid"; touch "$0.open"; exec sleep 30'
	for sig in TERM INT HUP; do
		rm -f "$TMPDIR_T/ed.open"
		EDITOR="$TMPDIR_T/ed" env --default-signal=INT,TERM,HUP \
			"$SSSCTL" edit "$id" >"$OUT" 2>"$ERR" &
		pid=$!
		i=0
		until [ -e "$TMPDIR_T/ed.open" ]; do
			i=$((i + 1))
			[ "$i" -lt 200 ] || { kill "$pid"; fail "the editor never opened"; }
			sleep 0.05
		done
		kill -s "$sig" "$pid"
		set +e
		wait "$pid"
		rc=$?
		set -e
		kill "$(cat "$TMPDIR_T/ed.pid")" 2>/dev/null || true
		[ "$rc" -gt 128 ] || fail "sssctl was not ended by SIG$sig ($rc)"
		expect_contains "edit interrupted; your text is kept in" "$ERR"
		expect_kept "書きかけ。"
		rm -f "$kept"
	done
	expect_eq "$(commits)" 2 commits
}

test_edit_failing_editor_keeps_changed_text() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	make_editor ed 'sed -i "s/^## 内容$/## 内容\n途中まで。/" "$1"; exit 1'
	EDITOR="$TMPDIR_T/ed" expect_error 1 "editor.*failed.*your text is kept in" sss edit "$id"
	expect_kept "途中まで。"
	expect_eq "$(commits)" 2 commits
	rm -f "$REPO"/.git/sss-edit-*
	# an editor that changed nothing leaves nothing to keep
	EDITOR=false expect_error 1 "editor" sss edit "$id"
	ls "$REPO"/.git/sss-edit-* >/dev/null 2>&1 && fail "unchanged copy kept"
	true
}

run_tests "$@"
