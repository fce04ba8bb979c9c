#!/bin/sh
# Issue 11 regressions: each numbered case (and each small item of case 6)
# with its reproduction. The cases that need a mount or another user
# (full disk, read-only directory, shared repository, safe.directory) are
# in t-environment.sh.
. "$(dirname "$0")/lib.sh"

NOTE="消えてはならないメモ NOTE-91b2"
# LeakSanitizer cannot run under ptrace: traced runs of the ASan build
# turn it off (prefix of every strace below)
NOLEAK=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0

make_editor() {
	printf '#!/bin/sh\n%s\n' "$2" >"$TMPDIR_T/$1"
	chmod +x "$TMPDIR_T/$1"
}

# text_recoverable TEXT: TEXT is in stderr or in a file stderr names
text_recoverable() {
	grep -qF -- "$1" "$ERR" && return 0
	for f in $(grep -oE "[^ '\"()]*/[^ '\"(),:;]*" "$ERR"); do
		[ -f "$f" ] && grep -qF -- "$1" "$f" && return 0
	done
	return 1
}

said_committed() { grep -q 'committed' "$ERR" && ! grep -q 'not committed' "$ERR"; }

# lock_timeout_ms MS: a short lock timeout, committed
short_lock_timeout() {
	printf 'lock_timeout_ms: %s\n' "$1" >>.sss/config.yml
	git add .sss/config.yml
	git -c user.name=t -c user.email=t@example.com commit -qm "test: lock timeout"
}

# ---- case 2: edit keeps the person's text -------------------------------------

# another writer holds the lock past lock_timeout_ms while the editor is open
test_case2_edit_lock_timeout_keeps_text() {
	setup_repo
	short_lock_timeout 300
	id=$(sss new usage-inquiry --event q)
	before=$(git rev-parse HEAD)
	make_editor ed "sed -i 's/^## 内容\$/## 内容\\n$NOTE/' \"\$1\"
(flock -x \"$REPO/.git/sss.lock\" sleep 3) >/dev/null 2>&1 &
sleep 0.5"
	EDITOR="$TMPDIR_T/ed" expect_status 1 sss edit "$id"
	sed 's/^/# edit: /' "$ERR" >&2
	expect_eq "$(git rev-parse HEAD)" "$before" HEAD
	text_recoverable "$NOTE" || fail "the edited text is nowhere the message says"
	ls .git/sss-edit-* >/dev/null 2>&1 || fail "the .git/sss-edit-* copy was deleted"
	sleep 3
	rm -f .git/sss-edit-*
}

# the commit fails (ENOSPC at the branch update, strace fault injection)
test_case2_edit_commit_enospc_keeps_text() {
	command -v strace >/dev/null 2>&1 || skip "strace missing"
	setup_repo
	id=$(sss new usage-inquiry --event q)
	before=$(git rev-parse HEAD)
	make_editor ed "sed -i 's/^## 内容\$/## 内容\\n$NOTE/' \"\$1\""
	# the rename of the branch's lock file onto refs/heads/master, counted
	# in the process that makes it (strace counts per process)
	cp -a "$REPO" "$TMPDIR_T/probe"
	(cd "$TMPDIR_T/probe" && EDITOR="$TMPDIR_T/ed" ASAN_OPTIONS=$NOLEAK strace -f -b execve -o "$TMPDIR_T/trace" \
		-e trace=rename "$SSSCTL" edit "$id" >/dev/null 2>&1) || fail "probe edit failed"
	k=$(awk '/^[0-9]+ +rename\(/ { n[$1]++ } /^[0-9]+ +rename\(.*refs\/heads\/master"/ { print n[$1]; exit }' "$TMPDIR_T/trace")
	[ -n "$k" ] || fail "no rename of the branch in the probe"
	set +e
	EDITOR="$TMPDIR_T/ed" ASAN_OPTIONS=$NOLEAK strace -f -b execve -o /dev/null \
		-e inject=rename:error=ENOSPC:when="$k" "$SSSCTL" edit "$id" >"$OUT" 2>"$ERR"
	rc=$?
	set -e
	sed 's/^/# edit: /' "$ERR" >&2
	[ "$rc" != 0 ] || fail "edit exited 0"
	expect_eq "$(git rev-parse HEAD)" "$before" HEAD
	text_recoverable "$NOTE" || fail "the edited text is nowhere the message says"
	rm -f .git/sss-edit-*
}

# SIGINT, SIGTERM, SIGHUP while the editor is open: the text is kept and
# the person is told where
test_case2_edit_signal_says_where_text_is() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	before=$(git rev-parse HEAD)
	for sig in INT TERM HUP; do
		make_editor ed "sed -i 's/^## 内容\$/## 内容\\n$NOTE/' \"\$1\"
kill -$sig \$PPID
sleep 1"
		set +e
		EDITOR="$TMPDIR_T/ed" "$SSSCTL" edit "$id" >"$OUT" 2>"$ERR"
		rc=$?
		set -e
		sed "s/^/# edit, SIG$sig: /" "$ERR" >&2
		[ "$rc" != 0 ] || fail "SIG$sig: edit exited 0"
		expect_eq "$(git rev-parse HEAD)" "$before" "SIG$sig: HEAD"
		grep -q 'sss-edit-' "$ERR" || fail "SIG$sig: the message does not say where the text is"
		text_recoverable "$NOTE" || fail "SIG$sig: the edited text is nowhere the message says"
		rm -f .git/sss-edit-*
	done
}

# ---- case 3: the index --------------------------------------------------------

test_case3_missing_index_is_rebuilt_from_head() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	sss new usage-inquiry --event q2 >/dev/null
	nfiles=$(git ls-tree -r --name-only HEAD | wc -l)
	rm .git/index
	expect_status 0 sss comment "$id" -m x
	expect_eq "$(git ls-files | wc -l)" "$nfiles" "index entries"
	# the next plain git commit keeps every ticket
	git -c user.name=t -c user.email=t@example.com commit -q --allow-empty -m "plain commit"
	expect_eq "$(git ls-tree -r --name-only HEAD | wc -l)" "$nfiles" "files at HEAD after git commit"
}

test_case3_corrupt_index_refused_before_commit() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	before=$(git rev-parse HEAD)
	head -c 100 .git/index >"$TMPDIR_T/index" && cp "$TMPDIR_T/index" .git/index
	set +e
	sss comment "$id" -m "$NOTE" >"$OUT" 2>"$ERR"
	rc=$?
	set -e
	sed 's/^/# comment: /' "$ERR" >&2
	[ "$rc" != 0 ] || fail "comment on a corrupt index exited 0"
	said_committed && fail "found only after the commit: $(cat "$ERR")"
	expect_eq "$(git rev-parse HEAD)" "$before" HEAD
	rm -f .git/index && git reset -q
	expect_status 0 sss comment "$id" -m after
}

test_case3_split_index_refused_with_hint() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	before=$(git rev-parse HEAD)
	git config core.splitIndex true
	git update-index --split-index
	set +e
	sss comment "$id" -m "$NOTE" >"$OUT" 2>"$ERR"
	rc=$?
	set -e
	sed 's/^/# comment: /' "$ERR" >&2
	[ "$rc" != 0 ] || fail "comment on a split index exited 0"
	said_committed && fail "found only after the commit: $(cat "$ERR")"
	expect_eq "$(git rev-parse HEAD)" "$before" HEAD
	expect_contains "git update-index --no-split-index" "$ERR"
	git config core.splitIndex false
	git update-index --no-split-index
	expect_status 0 sss comment "$id" -m after
}

# ---- case 4: recovery never reverts a hand edit --------------------------------

# stage_killed_writer ID: what a writer killed after its commit leaves: the
# journal, the old work-tree file and the old index
stage_killed_writer() {
	p=tickets/2026/11/$1.md
	cp .git/index "$TMPDIR_T/index.old" && cp "$p" "$TMPDIR_T/old.md"
	sss comment "$1" -m "committed by the killed writer" >/dev/null
	cp "$TMPDIR_T/index.old" .git/index && cp "$TMPDIR_T/old.md" "$p"
	echo "$p" >.git/sss-journal
}

test_case4_recovery_keeps_a_hand_edit() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	stage_killed_writer "$id"
	p=tickets/2026/11/$id.md
	echo "手で追記した行 HAND-3d" >>"$p"
	cp "$p" "$TMPDIR_T/hand.md"
	expect_status 0 sss list
	sed 's/^/# list: /' "$ERR" >&2
	cmp -s "$p" "$TMPDIR_T/hand.md" || fail "recovery reverted the hand edit"
	grep -qF "$p" "$ERR" || fail "the hand-edited file left alone is not reported"
	# leave a clean repository for the common checks
	git checkout -q -- "$p" && git reset -q && rm -f .git/sss-journal
}

# journal_refused PATH [FILE]: a journal naming PATH, whose file FILE
# (PATH itself by default) is then changed by hand; recovery must not
# delete or revert it. @ID@ in PATH and FILE is a ticket's ID.
journal_refused() {
	setup_repo
	jid=$(sss new usage-inquiry --event q)
	target=$(echo "$1" | sed "s/@ID@/$jid/") file=$(echo "${2:-$1}" | sed "s/@ID@/$jid/")
	mkdir -p "$(dirname "$file")"
	echo "# 手で書いた HAND-7e" >>"$file"
	cp "$file" "$TMPDIR_T/hand"
	echo "$target" >.git/sss-journal
	set +e
	sss list >"$OUT" 2>"$ERR"
	set -e
	sed 's/^/# list: /' "$ERR" >&2
	[ -f "$file" ] || fail "recovery deleted $file (journal: $target)"
	cmp -s "$file" "$TMPDIR_T/hand" || fail "recovery reverted $file (journal: $target)"
	REPO=
}

test_case4_journal_dot_path_refused() {
	journal_refused "tickets/./2026/11/@ID@.md" "tickets/2026/11/@ID@.md"
}

test_case4_journal_config_refused() { journal_refused ".sss/config.yml"; }

test_case4_journal_catalog_refused() { journal_refused "sow/kpbe.yml"; }

test_case4_journal_untracked_file_refused() {
	journal_refused "tickets/2026/11/notes.md"
}

# ---- case 5: no commits in the middle of a merge or rebase ----------------------

# memo TEXT: a commit of a file that is no ticket, which git merges by
# itself (two texts conflict; tickets go through sssctl's merge driver)
memo() {
	echo "$1" >memo.txt
	git add memo.txt
	git -c user.name=t -c user.email=t@example.com commit -qm "memo"
}

# conflicting_clone ID: ../other, a clone that commented on ID as was done
# here, and changed a file beside the tickets in a way that conflicts
conflicting_clone() {
	git clone -q "$REPO" "$TMPDIR_T/other"
	(cd "$TMPDIR_T/other" && sss comment "$1" -m "あちらの記録" >/dev/null && memo "あちら")
	sss comment "$1" -m "こちらの記録" >/dev/null
	memo "こちら"
}

# refuses_all WHAT PATTERN ID: new, comment, set and due refuse, HEAD stays
refuses_all() {
	what=$1 pat=$2 id=$3
	before=$(git rev-parse HEAD)
	for c in "new usage-inquiry --event q9" "comment $id -m x" "set $id assignee=田中" "due --quiet"; do
		set +e
		"$SSSCTL" $c >"$OUT" 2>"$ERR"
		rc=$?
		set -e
		[ "$rc" != 0 ] || fail "$what: '$c' exited 0"
		expect_eq "$(git rev-parse HEAD)" "$before" "$what: HEAD after $c"
		grep -Eq -- "$pat" "$ERR" || fail "$what: '$c' does not say how to finish: $(cat "$ERR")"
	done
}

test_case5_writers_refuse_during_merge() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	conflicting_clone "$id"
	git -c user.name=t -c user.email=t@example.com pull -q --no-rebase "$TMPDIR_T/other" >/dev/null 2>&1 &&
		fail "the pull did not stop on a conflict"
	[ -f .git/MERGE_HEAD ] || fail "no MERGE_HEAD"
	refuses_all merge "git merge --(continue|abort)" "$id"
	git merge --abort
}

test_case5_writers_refuse_during_rebase() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	conflicting_clone "$id"
	git -c user.name=t -c user.email=t@example.com pull -q --rebase "$TMPDIR_T/other" >/dev/null 2>&1 &&
		fail "the pull --rebase did not stop on a conflict"
	git symbolic-ref -q HEAD >/dev/null && fail "HEAD is not detached during the rebase"
	refuses_all rebase "git rebase --(continue|abort)" "$id"
	git rebase --abort
}

test_case5_writers_refuse_on_detached_head() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	git checkout -q --detach
	refuses_all "detached HEAD" "detached|git (checkout|switch)" "$id"
	git checkout -q master 2>/dev/null || git checkout -q main
}

# ---- case 6: the smaller ones ---------------------------------------------------

# new committed but could not write the work-tree file: prints the ID anyway
test_case6_new_prints_id_when_committed() {
	command -v strace >/dev/null 2>&1 || skip "strace missing"
	setup_repo
	# the rename that puts the new ticket file in place (renameat from
	# its month directory), counted in the process that makes it
	cp -a "$REPO" "$TMPDIR_T/probe"
	(cd "$TMPDIR_T/probe" && ASAN_OPTIONS=$NOLEAK strace -f -o "$TMPDIR_T/trace" -e trace=rename,renameat \
		"$SSSCTL" new usage-inquiry --event q >/dev/null) || fail "probe new failed"
	call=$(awk '/^[0-9]+ +rename(at)?\(/ { c = $2; sub(/\(.*/, "", c); n[$1, c]++
		if ($0 ~ /\.md"/ && $0 !~ /sss-/) { print c, n[$1, c]; exit } }' "$TMPDIR_T/trace")
	[ -n "$call" ] || skip "new writes its work-tree file without rename(2)"
	k=${call#* } call=${call% *}
	before=$(commits)
	set +e
	ASAN_OPTIONS=$NOLEAK strace -f -o /dev/null -e inject="$call":error=EIO:when="$k" \
		"$SSSCTL" new usage-inquiry --event q >"$OUT" 2>"$ERR"
	set -e
	sed 's/^/# new: /' "$ERR" >&2
	if [ "$(commits)" != "$before" ]; then
		f=$(git diff --name-only HEAD~1 HEAD)
		grep -qF "$(basename "$f" .md)" "$OUT" ||
			fail "new committed $(basename "$f" .md) but did not print the ID"
	fi
	expect_status 0 sss list
}

# SIGINT, SIGTERM or SIGHUP during due: no .git/index.lock is left behind.
# strace holds due after its first write into .git/index.lock (-P: only
# calls on that file), and the signal comes then.
test_case6_signal_during_due_releases_index_lock() {
	command -v strace >/dev/null 2>&1 || skip "strace missing"
	for sig in INT TERM HUP; do
		rm -rf "$TMPDIR_T/r$sig" && mkdir "$TMPDIR_T/r$sig" && cd "$TMPDIR_T/r$sig"
		setup_repo
		ASAN_OPTIONS=$NOLEAK strace -f -o "$TMPDIR_T/trace" -P "$REPO/.git/index.lock" -e trace=write \
			-e inject=write:delay_exit=1500000:when=1 \
			sh -c 'echo $$ >"$0" && exec "$@"' "$TMPDIR_T/pid" "$SSSCTL" due --quiet \
			>/dev/null 2>"$ERR" &
		bg=$!
		sleep 0.8
		grep -q DELAYED "$TMPDIR_T/trace" || fail "SIG$sig: due did not reach the index write in 0.8 s"
		kill -$sig "$(cat "$TMPDIR_T/pid")"
		wait "$bg" || true
		[ -e .git/index.lock ] && fail "SIG$sig during due left .git/index.lock"
		git add -A || fail "SIG$sig: plain git add fails after an interrupted due"
		sss list >/dev/null
		git reset -q --hard
		cd "$TMPDIR_T"
	done
	REPO=
}

# list with stdout closed writes nothing into .git/sss-cache
test_case6_list_with_closed_stdout() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	sss list >"$TMPDIR_T/want"
	rm -f .git/sss-cache
	sss list >&- 2>/dev/null || true
	if [ -f .git/sss-cache ]; then
		grep -aqF "$(head -n 1 "$TMPDIR_T/want")" .git/sss-cache &&
			fail "list output landed in .git/sss-cache"
	fi
	sss list >"$TMPDIR_T/got"
	cmp -s "$TMPDIR_T/want" "$TMPDIR_T/got" || fail "list differs after list >&-"
	# no file of the repository may be opened on descriptor 0, 1 or 2 (the
	# cache, rebuilt after a new ticket, took fd 1); the dynamic loader's
	# opens before main are not the program's
	command -v strace >/dev/null 2>&1 || return 0
	sss new usage-inquiry --event q2 >/dev/null
	ASAN_OPTIONS=$NOLEAK strace -f -o "$TMPDIR_T/trace" -e trace=openat "$SSSCTL" list >&- 2>/dev/null || true
	if grep -F "$REPO" "$TMPDIR_T/trace" | grep -E '^[0-9]+ +openat\(.*= [012]$' >&2; then
		fail "with stdout closed, a file was opened on a standard descriptor"
	fi
}

# a ticket whose id: names another ticket: writers refuse, check reports
test_case6_id_field_must_match_file_name() {
	setup_repo
	a=$(sss new usage-inquiry --event a)
	b=$(sss new usage-inquiry --event b)
	sed -i "s/^id: $a\$/id: $b/" "tickets/2026/11/$a.md"
	git commit -qam "hand edit: wrong id" --author="t <t@example.com>" -c user.name=t 2>/dev/null ||
		git -c user.name=t -c user.email=t@example.com commit -qam "hand edit: wrong id"
	before=$(git rev-parse HEAD)
	set +e
	sss comment "$a" -m x >"$OUT" 2>"$ERR"
	rc=$?
	set -e
	sed 's/^/# comment: /' "$ERR" >&2
	[ "$rc" != 0 ] || {
		git log -1 --format=%B | sed 's/^/# commit: /' >&2
		fail "comment on a ticket whose id: names $b exited 0"
	}
	expect_eq "$(git rev-parse HEAD)" "$before" HEAD
	set +e
	sss check >"$OUT" 2>"$ERR"
	rc=$?
	set -e
	[ "$rc" != 0 ] || fail "check accepts a ticket whose id: is not its file name"
	grep -qF "$a" "$OUT" "$ERR" || fail "check does not name the file"
}

test_case6_invalid_timezone_refused() {
	setup_repo
	sed -i 's|^timezone: Asia/Tokyo|timezone: Asia/Tokio|' .sss/config.yml
	git -c user.name=t -c user.email=t@example.com commit -qam "typo"
	line=$(grep -n '^timezone:' .sss/config.yml | cut -d: -f1)
	expect_error 1 "config.yml' line $line: .*Asia/Tokio" sss list
	expect_error 1 "config.yml' line $line: .*Asia/Tokio" sss new usage-inquiry --event q
	expect_eq "$(commits)" 2 commits
}

test_case6_now_outside_calendar_refused() {
	setup_repo
	for t in 1969-12-31 2100-01-01 1979-12-31T23:00:00+09:00; do
		set +e
		sss --now "$t" new usage-inquiry --event q >"$OUT" 2>"$ERR"
		rc=$?
		set -e
		[ "$rc" != 0 ] || fail "--now $t: new exited 0 (printed $(cat "$OUT"))"
		expect_eq "$(commits)" 1 "commits after --now $t"
	done
}

test_case6_due_far_future_is_bounded() {
	setup_repo
	set +e
	timeout 10 "$SSSCTL" --now 2200-03-31 due --quiet >"$OUT" 2>"$ERR"
	rc=$?
	set -e
	[ "$rc" != 124 ] || fail "due --now 2200-03-31 ran 10 s: $(($(commits) - 1)) commits"
	n=$(($(commits) - 1))
	[ "$n" -le 500 ] || fail "due --now 2200-03-31 made $n commits"
}

test_case6_due_max_per_run() {
	setup_repo 2019-01-01
	before=$(commits)
	set +e
	timeout 120 "$SSSCTL" due --quiet >"$OUT" 2>"$ERR"
	rc=$?
	set -e
	n=$(($(commits) - before))
	[ "$rc" != 124 ] || fail "due ran 120 s: $n commits"
	[ "$n" -le 500 ] || fail "one due run made $n tickets (due.max_per_run is 500)"
	grep -q 'next' "$OUT" "$ERR" || fail "due does not say the rest comes on the next run"
}

test_case6_check_reports_conflict_markers() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	f=tickets/2026/11/$id.md
	printf '<<<<<<< HEAD\n- こちら\n=======\n- あちら\n>>>>>>> other\n' >>"$f"
	git -c user.name=t -c user.email=t@example.com commit -qam "merged badly"
	set +e
	sss check >"$OUT" 2>"$ERR"
	rc=$?
	set -e
	[ "$rc" != 0 ] || fail "check accepts conflict markers in a ticket"
	grep -qiE "conflict|merge" "$OUT" "$ERR" || fail "check does not call it an unresolved merge"
}

run_tests "$@"
