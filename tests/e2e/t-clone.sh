#!/bin/sh
# sssctl clone from a local path and file:// (ssh and https are
# tests/remote/suite-remote.sh's): a ready clone with the merge driver,
# the directory named as git names it, and nothing made or left behind
# when the clone is refused or fails midway.
. "$(dirname "$0")/lib.sh"
# libgit2 1.5 leaks PCRE2 match data in config lookups (see the file)
LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$TESTS_ROOT/tests/e2e/lsan-libgit2.supp:print_suppressions=0"
export LSAN_OPTIONS

# origin: a data repository with one ticket, and a bare copy of it in
# ./チーム.git
make_origin() {
	setup_repo >/dev/null
	sss new incident-software --software 勘定奉行 --event "髙橋さんの𠮷野家①" >"$TMPDIR_T/id"
	cd "$TMPDIR_T"
	git clone -q --bare repo チーム.git
	REPO=
}

test_clone_path_default_dir() {
	make_origin
	expect_status 0 sss clone チーム.git
	expect_out "cloned チーム.git into チーム"
	[ ! -s "$ERR" ] || fail "stderr: $(cat "$ERR")"
	REPO=$TMPDIR_T/チーム
	cd チーム
	# a data repository: the ticket is there and sssctl works on it
	expect_status 0 sss show "$(cat "$TMPDIR_T/id")"
	expect_contains "𠮷野家①" "$OUT"
	drv=$(git config merge.sssctl.driver)
	case "$drv" in
	"$SSSCTL merge-file %O %A %B %P") ;;
	*) fail "merge.sssctl.driver is '$drv'" ;;
	esac
	expect_eq "$(git config remote.origin.url)" "$TMPDIR_T/チーム.git" "origin"
}

test_clone_file_url_into_dir_with_C() {
	make_origin
	mkdir -p 作業
	expect_status 0 sss -C 作業 clone "file://$TMPDIR_T/チーム.git" 案件
	expect_out "cloned file://$TMPDIR_T/チーム.git into 作業/案件"
	REPO=$TMPDIR_T/作業/案件
	[ -f 作業/案件/.sss/config.yml ] || fail "no config in the clone"
}

test_existing_dir_refused_untouched() {
	make_origin
	mkdir チーム
	echo "佐藤のメモ" >チーム/memo.txt
	expect_error 1 "destination 'チーム' already exists and is not an empty directory" \
		sss clone チーム.git
	[ "$(ls -A チーム)" = memo.txt ] || fail "the directory was touched: $(ls -A チーム)"
	expect_eq "$(cat チーム/memo.txt)" "佐藤のメモ" "memo"
	echo x >file
	expect_error 1 "'file' already exists and is not a directory" sss clone チーム.git file
}

test_empty_dir_used_and_kept_on_failure() {
	make_origin
	mkdir empty
	expect_status 0 sss clone チーム.git empty
	REPO=$TMPDIR_T/empty
	[ -f empty/.sss/config.yml ] || fail "not cloned into the empty directory"
	# a repository that is not a data repository: refused, the empty
	# directory stays empty
	git init -q --bare other.git
	mkdir e2
	expect_error 1 "'other.git' is not a sssctl data repository: it has no .sss/config.yml \(it has no commits yet\)" \
		sss clone other.git e2
	[ -d e2 ] && [ -z "$(ls -A e2)" ] || fail "e2 is gone or not empty"
}

test_not_a_data_repository_removed() {
	mkdir plain && cd plain && git init -q && echo 本文 >README.md && git add README.md &&
		git -c user.name=t -c user.email=t@example.com commit -q -m init && cd ..
	expect_error 1 "'plain' is not a sssctl data repository: it has no .sss/config.yml; nothing was kept" \
		sss clone plain ここ
	[ ! -e ここ ] || fail "the half-made clone is left"
}

test_failure_midway_removes_dir() {
	make_origin
	# a source with an object missing: the transfer fails after the
	# directory was made
	git init -q --bare broken.git
	git -C repo push -q "$TMPDIR_T/broken.git" HEAD:refs/heads/master
	# the blob of .sss/config.yml: the checkout itself needs it (an old
	# tree that nothing checks out could be missing unnoticed)
	id=$(git -C broken.git rev-parse HEAD:.sss/config.yml)
	obj=broken.git/objects/$(echo "$id" | cut -c1-2)/$(echo "$id" | cut -c3-)
	[ -f "$obj" ] || fail "the config blob is not a loose object"
	rm -f "$obj"
	expect_error 1 "cannot clone 'broken.git'" sss clone broken.git half
	[ ! -e half ] || fail "the half-made clone is left: $(ls -A half)"
}

test_bad_usage() {
	expect_error 2 "no URL given" sss clone
	expect_error 2 "too many arguments" sss clone a b c
	expect_error 2 "cannot tell a directory name from '/'" sss clone /
	expect_error 1 "cannot clone 'nowhere.git': No such file or directory" sss clone nowhere.git
	[ ! -e nowhere ] || fail "made a directory"
	expect_error 2 "cannot read the URL 'ssh://h:99999/x'" sss clone ssh://h:99999/x d
}

run_tests
