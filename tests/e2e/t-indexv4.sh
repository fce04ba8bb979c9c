#!/bin/sh
# the git index of version 4 (prefix-compressed paths): `sssctl init` makes
# one, every change keeps the version the index has (as git does), and
# after sssctl's changes git sees the index as HEAD's tree: `git diff
# --cached` empty, `git status` clean, `git fsck --strict` (repo_ok).
. "$(dirname "$0")/lib.sh"

# index_version: the version field of .git/index
index_version() { od -An -j4 -N4 -tu1 .git/index | awk '{ print $4 }'; }

# index_is_head: every entry of the index is HEAD's, mode, blob and path
index_is_head() {
	git ls-files -s | awk '{ print $1, $2, $4 }' >"$TMPDIR_T/idx"
	git ls-tree -r HEAD | awk '{ print $1, $3, $4 }' >"$TMPDIR_T/head"
	cmp -s "$TMPDIR_T/idx" "$TMPDIR_T/head" ||
		{ diff "$TMPDIR_T/head" "$TMPDIR_T/idx" >&2; fail "index differs from HEAD"; }
	expect_eq "$(git diff --cached --name-only)" "" "git diff --cached"
}

test_init_makes_v4() {
	setup_repo
	expect_eq "$(index_version)" 4 "index version after init"
	id=$(sss new usage-inquiry --event q)
	sss comment "$id" -m note >/dev/null || fail "comment"
	expect_eq "$(index_version)" 4 "index version after changes"
	index_is_head
}

test_version_kept() {
	setup_repo
	# (git writes version 3 only for entries with extended flags)
	for v in 2 4 2 4; do
		git update-index --index-version $v
		sss new usage-inquiry --event "v$v" >/dev/null || fail "new"
		expect_eq "$(index_version)" $v "index version kept"
		index_is_head
	done
}

# changes at the start, in the middle and at the end of a longer index,
# into an index git wrote (version 4 from version 2)
test_changes_anywhere() {
	setup_repo
	git update-index --index-version 2
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
		sss new usage-inquiry --event "e$i" >>"$TMPDIR_T/ids" || fail "new"
	done
	git update-index --index-version 4
	for id in $(sed -n '1p;6p;12p' "$TMPDIR_T/ids"); do
		sss comment "$id" -m "note on $id" >/dev/null || fail "comment $id"
		expect_eq "$(index_version)" 4 "index version"
		index_is_head
	done
	expect_eq "$(git status --porcelain)" "" "git status"
}

run_tests "$@"
