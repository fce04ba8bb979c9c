#!/bin/sh
# git compatibility: the merge driver's configuration and .gitattributes,
# clones with core.autocrlf, log across merges and in a shallow clone,
# signed commits (commit.gpgsign with gpg and with ssh keys).
. "$(dirname "$0")/lib.sh"

DRIVER_MSG="sssctl: set merge.sssctl.driver in .git/config so that git merges tickets with sssctl"

test_init_commits_gitattributes_and_sets_driver() {
	setup_repo
	expect_eq "$(grep -v '^#' .gitattributes)" "tickets/**/*.md merge=sssctl text eol=lf" .gitattributes
	git show --name-only --format= HEAD >"$TMPDIR_T/files"
	expect_contains ".gitattributes" "$TMPDIR_T/files"
	expect_eq "$(git check-attr merge -- tickets/2026/11/2611-k3q7.md)" \
		"tickets/2026/11/2611-k3q7.md: merge: sssctl" attribute
	expect_eq "$(git check-attr eol -- tickets/2026/11/2611-k3q7.md)" \
		"tickets/2026/11/2611-k3q7.md: eol: lf" eol
	expect_eq "$(git config merge.sssctl.driver)" \
		"$(readlink -f "$SSSCTL") merge-file %O %A %B %P" driver
	# nothing more to say once it is set
	expect_status 0 sss list
	expect_eq "$(cat "$ERR")" "" stderr
	expect_status 0 sss check
}

test_plain_clone_gets_driver_once() {
	setup_repo
	id=$(sss new usage-inquiry --event "髙橋さんの問合せ①")
	cd ..
	git clone -q repo clone
	cd clone
	REPO=$(pwd)
	git config merge.sssctl.driver >/dev/null && fail "git copied the driver"
	expect_status 0 sss list
	expect_eq "$(cat "$ERR")" "$DRIVER_MSG" "first command's stderr"
	expect_contains "$id" "$OUT"
	expect_eq "$(git config merge.sssctl.driver)" \
		"$(readlink -f "$SSSCTL") merge-file %O %A %B %P" driver
	expect_status 0 sss show "$id"
	expect_eq "$(cat "$ERR")" "" "second command's stderr"
	# a driver set by hand is left alone, and nothing is said
	cd ..
	git clone -q repo clone2
	cd clone2
	REPO=$(pwd)
	git config merge.sssctl.driver "my-merge %O %A %B"
	expect_status 0 sss list
	expect_eq "$(cat "$ERR")" "" "stderr with a hand-set driver"
	expect_eq "$(git config merge.sssctl.driver)" "my-merge %O %A %B" driver
}

test_old_repo_without_gitattributes_check_says_how() {
	setup_repo
	sss new usage-inquiry --event "𠮷野家の件" >/dev/null
	git rm -q .gitattributes
	git -c user.name=x -c user.email=x@example.com commit -qm "an older repository"
	expect_status 1 sss check
	expect_contains "add the line 'tickets/**/*.md merge=sssctl text eol=lf' to .gitattributes" "$ERR"
	expect_eq "$(wc -l <"$ERR")" 1 "one line"
	echo 'tickets/**/*.md merge=sssctl text eol=lf' >.gitattributes
	git add .gitattributes
	git -c user.name=x -c user.email=x@example.com commit -qm "add the attributes"
	expect_status 0 sss check
}

test_init_keeps_an_adopted_gitattributes() {
	git init -q data
	(cd data && echo '*.png binary' >.gitattributes && git add .gitattributes &&
		git -c user.name=x -c user.email=x@y commit -qm first)
	sss init data >/dev/null
	REPO=$(pwd)/data
	cd data
	expect_eq "$(cat .gitattributes)" "*.png binary" ".gitattributes kept"
	expect_status 1 sss check
	expect_contains "does not send tickets to the sssctl merge driver" "$ERR"
}

run_tests "$@"
