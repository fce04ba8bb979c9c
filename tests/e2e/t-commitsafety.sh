#!/bin/sh
# commit safety (issue 11): a change is reported committed only when the
# branch has it; what a commit needs afterwards is checked before it; a
# missing index is rebuilt from HEAD; recovery finishes or undoes only its
# own change; `new` prints the ID of a ticket whose commit exists; a
# ticket whose id names another is refused; another user's repository
# names the safe.directory fix. Needs strace and setpriv (tests/deps.sh).
. "$(dirname "$0")/lib.sh"

# need_root: only root can run a command as another user
need_root() {
	[ "$(id -u)" = 0 ] || skip "needs root (setpriv to another user)"
	command -v setpriv >/dev/null 2>&1 || skip "setpriv not installed"
}

# as_nobody CMD...: run CMD as the unprivileged user "nobody" (root is not
# stopped by file modes), with a home of its own
as_nobody() {
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
		env HOME="$TMPDIR_T/home" "$@"
}

# give_to_nobody: the test's directories reachable, the repository owned
# by nobody; back_to_root: the repository root's again (git refuses to
# check another user's repository after the test)
give_to_nobody() {
	need_root
	mkdir -p "$TMPDIR_T/home"
	chmod 0755 "$TMPDIR_T"
	chown -R nobody:nogroup "$REPO" "$TMPDIR_T/home"
}
back_to_root() {
	chown -R root:root "$REPO"
}

# the commit `comment ID -m note` would make: commit ids follow from the
# content, the author and the time, all fixed here; found in a copy
next_commit() {
	rm -rf "$TMPDIR_T/copy"
	cp -a "$REPO" "$TMPDIR_T/copy"
	(cd "$TMPDIR_T/copy" && "$SSSCTL" comment "$1" -m note >/dev/null &&
		git rev-parse HEAD)
}

# next_commit's commit and a note text for it such that no other object
# the comment writes (blob, trees) lies in the commit's fan-out directory
# (one time in 256 one did, and its write failed before the commit's):
# prints "COMMIT NOTE"
next_commit_alone() {
	_id=$1
	for _note in note note-1 note-2 note-3 note-4 note-5; do
		rm -rf "$TMPDIR_T/copy"
		cp -a "$REPO" "$TMPDIR_T/copy"
		_r=$(cd "$TMPDIR_T/copy" &&
			find .git/objects -type f | sort >../objects.before &&
			"$SSSCTL" comment "$_id" -m "$_note" >/dev/null &&
			find .git/objects -type f | sort >../objects.after &&
			_c=$(git rev-parse HEAD) &&
			_xx=$(echo "$_c" | cut -c1-2) &&
			_n=$(comm -13 ../objects.before ../objects.after |
				grep -v "/$_xx/$(echo "$_c" | cut -c3-)\$" |
				grep -c "^\.git/objects/$_xx/" || :) ;
			echo "$_c $_n")
		set -- $_r
		[ "${2:-1}" != 0 ] || { echo "$1 $_note"; return 0; }
	done
	echo "next_commit_alone: every note shared the commit's fan-out" >&2
	return 1
}

# nothing of a failed change is left: HEAD, work tree, index and journal
expect_nothing_done() {
	expect_eq "$(git rev-parse HEAD)" "$1" "HEAD"
	expect_eq "$(git status --porcelain)" "" "git status"
	[ ! -e .git/sss-journal ] || fail "the journal was left"
	! grep -q "is committed" "$ERR" || fail "a failed commit is called committed"
	! grep -q note "tickets/2026/11/$id.md" || fail "the work tree has the note"
}

# case 1: the commit's object directory cannot be written (another
# user's fan-out directory in a shared repository)
test_commit_object_dir_unwritable() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	set -- $(next_commit_alone "$id")
	c=$1 note=$2
	[ -n "$note" ] || fail "no note text found for the test"
	head=$(git rev-parse HEAD)
	xx=$(echo "$c" | cut -c1-2)
	give_to_nobody
	mkdir -p ".git/objects/$xx"
	chown root:root ".git/objects/$xx"
	chmod 0755 ".git/objects/$xx"
	expect_status 1 as_nobody "$SSSCTL" comment "$id" -m "$note"
	expect_contains "not committed" "$ERR"
	back_to_root
	expect_nothing_done "$head"
	expect_status 0 sss comment "$id" -m "$note"
	expect_eq "$(git rev-parse HEAD)" "$c" "HEAD after the retry"
}

# case 1: both writes of the commit object fail with ENOSPC (the link
# into place, and the open of the place libgit2 tries next)
test_commit_object_enospc() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	command -v strace >/dev/null 2>&1 || skip "strace not installed"
	c=$(next_commit "$id")
	head=$(git rev-parse HEAD)
	o=$REPO/.git/objects/$(echo "$c" | cut -c1-2)/$(echo "$c" | cut -c3-)
	expect_status 1 strace -f -qq -o /dev/null -P "$o" \
		-e trace=link,linkat,rename,renameat,open,openat \
		-e inject=link,linkat,rename,renameat,open,openat:error=ENOSPC \
		"$SSSCTL" comment "$id" -m note
	expect_nothing_done "$head"
	expect_status 0 sss comment "$id" -m note
}

# case 3: a missing index is HEAD's, not "no files"
test_missing_index_rebuilt() {
	setup_repo
	a=$(sss new usage-inquiry --event a)
	sss new usage-inquiry --event b >/dev/null
	n=$(git ls-files | wc -l)
	rm .git/index
	expect_status 0 sss comment "$a" -m x
	expect_eq "$(git ls-files | wc -l)" "$n" "index entries"
	expect_eq "$(git status --porcelain)" "" "git status"
	expect_eq "$(git diff --cached --name-only HEAD)" "" "staged"
}

# case 3: a split index is refused before the commit, with the fix
test_split_index_refused() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	head=$(git rev-parse HEAD)
	git -c core.splitIndex=true update-index --split-index
	expect_error 1 "update-index --no-split-index" sss comment "$id" -m note
	expect_nothing_done "$head"
	git update-index --no-split-index
	expect_status 0 sss comment "$id" -m note
}

# case 3: a corrupt index is refused before the commit, named
test_corrupt_index_refused() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	head=$(git rev-parse HEAD)
	cp .git/index "$TMPDIR_T/index"
	printf 'DIRC\000\000\000\002\377\377\377\377garbage garbage garbage\n' >.git/index
	expect_error 1 "index '.*\.git/index' is corrupt" sss comment "$id" -m note
	expect_eq "$(git rev-parse HEAD)" "$head" "HEAD"
	cp "$TMPDIR_T/index" .git/index
	expect_nothing_done "$head"
}

# case 6: a ticket directory the user cannot write is found before the
# commit
test_ticket_dir_unwritable() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	head=$(git rev-parse HEAD)
	give_to_nobody
	chown root:root tickets/2026/11
	expect_error 1 "cannot write in .*tickets/2026/11" \
		as_nobody "$SSSCTL" comment "$id" -m note
	back_to_root
	expect_nothing_done "$head"
}

# a journal as a writer killed after its commit leaves it: the blob ids
# of path before and after
write_journal() {
	printf '%s %s %s\n' "$1" "$2" "$3" >.git/sss-journal
}

# case 4: a person edits the ticket after a writer was killed; the next
# read-only command leaves the edit alone and says so
test_recovery_leaves_hand_edit() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	f=tickets/2026/11/$id.md
	before=$(git rev-parse "HEAD:$f")
	sss comment "$id" -m note
	after=$(git rev-parse "HEAD:$f")
	write_journal "$before" "$after" "$f"
	echo "a person's line" >>"$f"
	cp "$f" "$TMPDIR_T/edited"
	expect_status 0 sss list
	expect_contains "$f" "$ERR"
	expect_eq "$(wc -l <"$ERR")" 1 "warning lines"
	cmp -s "$f" "$TMPDIR_T/edited" || fail "the hand edit was reverted"
	[ ! -e .git/sss-journal ] || fail "the journal was left"
	# the index has the commit: git shows the edit against it
	expect_eq "$(git diff --cached --name-only)" "" "staged"
	expect_eq "$(git status --porcelain)" " M $f" "git status"
	git checkout -- "$f"
}

# case 4: the same journal with the file as the writer left it (its
# version before) is finished
test_recovery_finishes_its_own() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	f=tickets/2026/11/$id.md
	before=$(git rev-parse "HEAD:$f")
	cp "$f" "$TMPDIR_T/old"
	sss comment "$id" -m note
	after=$(git rev-parse "HEAD:$f")
	cp "$TMPDIR_T/old" "$f"
	write_journal "$before" "$after" "$f"
	expect_status 0 sss list
	expect_eq "$(cat "$ERR")" "" "stderr"
	expect_contains "note" "$f"
}

# case 4: a journal naming what sssctl does not write is refused: nothing
# in it is done, the command works, it is kept aside
test_journal_bad_paths_refused() {
	setup_repo
	sss new usage-inquiry --event q >/dev/null
	z=0000000000000000000000000000000000000000
	for p in tickets/./2026/11/2611-ABCDEF.md .sss/config.yml sow/kpbe.yml \
		tickets/2026/11/../../../sow/kpbe.yml tickets//2026/11/2611-ABCDEF.md; do
		real=$(echo "$p" | sed 's|tickets/2026/11/\.\./\.\./\.\./||; s|/\./|/|; s|//|/|')
		[ -e "$real" ] || cp "$(ls tickets/2026/11/*.md | head -n 1)" "$real"
		echo "# a person's line" >>"$real"
		cp "$real" "$TMPDIR_T/kept"
		echo "$p" >.git/sss-journal
		expect_status 0 sss list --status open
		expect_contains "sss-journal.refused" "$ERR"
		cmp -s "$real" "$TMPDIR_T/kept" || fail "$p was acted on"
		[ ! -e .git/sss-journal ] || fail "the journal of $p was left"
		[ -e .git/sss-journal.refused ] || fail "the journal of $p was not kept"
		if git ls-files --error-unmatch "$real" >/dev/null 2>&1; then
			git checkout -- "$real"
		else
			rm "$real"
		fi
	done
	# an untracked ticket file, by path and by ids (new, never committed,
	# and not what the change would have written)
	t=$(git ls-files tickets | head -n 1)
	u=tickets/2026/11/2611-ABCDEF.md
	sed 's/^id: .*/id: 2611-ABCDEF/' "$t" >"$u"
	cp "$u" "$TMPDIR_T/kept"
	for j in "$u" "$z $(git hash-object "$t") $u"; do
		echo "$j" >.git/sss-journal
		expect_status 0 sss list
		expect_contains "$u" "$ERR"
		cmp -s "$u" "$TMPDIR_T/kept" || fail "the untracked file was acted on"
		[ ! -e .git/sss-journal ] || fail "the journal was left"
	done
	rm "$u"
}

# case 6: `new` whose commit is in but whose work-tree write failed
# prints the ID, so that a retry does not make a second ticket
test_new_prints_id_when_committed() {
	setup_repo
	command -v strace >/dev/null 2>&1 || skip "strace not installed"
	mkdir -p tickets/2026/11
	expect_status 1 strace -f -qq -o /dev/null -P "$REPO/tickets/2026/11" \
		-e trace=renameat,rename -e inject=renameat,rename:error=EIO \
		"$SSSCTL" new usage-inquiry --event q
	expect_contains "the change is committed" "$ERR"
	id=$(cat "$OUT")
	[ -n "$id" ] || fail "no ID printed"
	expect_eq "$(git log -1 --format=%s | cut -d: -f1)" "$id" "the commit's ticket"
	# the next command finishes the work tree
	expect_status 0 sss list
	[ -f "tickets/2026/11/$id.md" ] || fail "the work tree was not finished"
}

# case 6: a ticket whose `id:` names another ticket is refused by writers
test_id_field_must_match_file() {
	setup_repo
	a=$(sss new usage-inquiry --event a)
	b=$(sss new usage-inquiry --event b)
	fa=tickets/2026/11/$a.md
	sed -i "s/^id: .*/id: $b/" "$fa"
	git -c user.name=T -c user.email=t@example.com commit -qam "a hand edit naming another ticket"
	head=$(git rev-parse HEAD)
	expect_error 1 "'$fa' says 'id: $b'" sss comment "$a" -m x
	expect_eq "$(git rev-parse HEAD)" "$head" "HEAD"
}

# case 6: another user's repository names the safe.directory fix
test_safe_directory_hint() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	need_root
	mkdir -p "$TMPDIR_T/home"
	chmod 0755 "$TMPDIR_T"
	chown nobody "$TMPDIR_T/home"
	chmod -R a+rwX "$REPO"
	expect_error 1 "git config --global --add safe.directory $REPO'" \
		as_nobody "$SSSCTL" comment "$id" -m note
	chmod -R go-w "$REPO"
}

run_tests "$@"
