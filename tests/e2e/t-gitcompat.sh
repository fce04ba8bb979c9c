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

# data_repo [noattr]: a data repository ./origin with two tickets (IDs in
# $A and $B); with "noattr", .gitattributes is removed (as in a repository
# made by an older sssctl), so core.autocrlf decides the line ends.
data_repo() {
	"$SSSCTL" init --no-hooks --contract-start 2026-04-01 origin >/dev/null || fail "init failed"
	export SSS_NOW=2026-11-26T10:00:00+09:00
	A=$(cd origin && "$SSSCTL" new usage-inquiry --event "髙橋さんの問合せ①")
	B=$(cd origin && "$SSSCTL" new usage-inquiry --event "𠮷田さんの依頼")
	if [ "${1:-}" = noattr ]; then
		(cd origin && git rm -q .gitattributes &&
			git -c user.name=x -c user.email=x@example.com commit -qm "no attributes")
	fi
}

# crlf_clone DIR: a Windows-like clone (core.autocrlf=true) of ./origin.
crlf_clone() {
	git clone -q -c core.autocrlf=true origin "$1"
	cd "$1"
	REPO=$(pwd)
	"$SSSCTL" list >/dev/null 2>&1 # sets the driver, says so once
}

# autocrlf_writes: set, comment and close work on checked-out tickets.
autocrlf_writes() {
	fa=$(git ls-files "tickets/*/$A.md")
	expect_status 0 sss set "$A" priority=high assignee=田中
	expect_status 0 sss comment "$A" -m "全角のメモ：確認済み"
	expect_status 0 sss close --force "$A"
	expect_contains "status: closed" "$fa"
	expect_eq "$(git status --porcelain)" "" "git status after the writes"
	expect_eq "$(git log -1 --format=%an)" "テスト太郎" author
	! grep -q "$(printf '\r')" "$fa" || fail "'$fa' was written with CRLF"
}

test_autocrlf_clone_without_attributes() {
	data_repo noattr
	crlf_clone win
	fb=$(git ls-files "tickets/*/$B.md")
	grep -q "$(printf '\r')$" "$fb" || fail "git did not check '$fb' out with CRLF"
	expect_eq "$(git status --porcelain)" "" "git status of the checkout"
	autocrlf_writes
	# B is still CRLF as git wrote it, and sssctl writes it too
	expect_status 0 sss comment "$B" -m "髙の字"
	expect_eq "$(git status --porcelain)" "" "git status"
	# a real edit of a CRLF file is still refused
	fb=$(git ls-files "tickets/*/$B.md")
	printf 'hand edit\r\n' >>"$fb"
	expect_error 1 "has changes that are not committed" sss set "$B" priority=low
	git checkout -q -- "$fb"
}

test_autocrlf_clone_with_attributes() {
	data_repo
	crlf_clone win
	fb=$(git ls-files "tickets/*/$B.md")
	! grep -q "$(printf '\r')" "$fb" || fail "eol=lf did not keep '$fb' LF"
	autocrlf_writes
}

test_autocrlf_missing_index_is_rebuilt_clean() {
	data_repo noattr
	crlf_clone win
	rm .git/index
	expect_status 0 sss set "$B" priority=low
	expect_eq "$(git status --porcelain)" "" "git status"
	# the rebuilt entries of the CRLF files carry their stat data: git
	# has nothing to look at again
	fa=$(git ls-files "tickets/*/$A.md")
	expect_eq "$(git ls-files --debug -- "$fa" | sed -n 's/^ *size: \([0-9]*\).*/\1/p')" \
		"$(wc -c <"$fa" | tr -d ' ')" "index size of a CRLF file"
}

test_autocrlf_recovery_leaves_no_note() {
	data_repo noattr
	crlf_clone win
	fa=$(git ls-files "tickets/*/$A.md")
	head=$(git rev-parse "HEAD:$fa")
	# a journal as a writer killed before its commit leaves it
	printf '%s %s %s\n' "$head" "$(git hash-object -t blob /dev/null)" "$fa" \
		>.git/sss-journal
	expect_status 0 sss list
	expect_eq "$(cat "$ERR")" "" "stderr of the recovery"
	[ ! -e .git/sss-journal ] || fail "journal left"
	expect_eq "$(git status --porcelain)" "" "git status"
}

# as_git NAME EMAIL GIT-ARGS...: plain git as another person
as_git() {
	_n=$1 _e=$2
	shift 2
	GIT_AUTHOR_NAME=$_n GIT_AUTHOR_EMAIL=$_e GIT_COMMITTER_NAME=$_n \
		GIT_COMMITTER_EMAIL=$_e git "$@"
}

test_log_across_a_plain_git_merge() {
	setup_repo
	a=$(sss --now 2026-11-26T09:00:00+09:00 new usage-inquiry --event "髙橋さんの問合せ①")
	b=$(sss --now 2026-11-26T09:10:00+09:00 new usage-inquiry --event "𠮷田さんの依頼")
	git branch side
	sss --now 2026-11-26T09:20:00+09:00 set "$a" priority=high
	git checkout -q side
	sss --now 2026-11-26T09:30:00+09:00 comment --author "佐藤 <sato@example.com>" "$b" -m "確認しました"
	git checkout -q master 2>/dev/null || git checkout -q main
	as_git 鈴木 suzuki@example.com merge -q --no-ff side -m "Merge branch 'side'"
	expect_eq "$(git rev-list --count --merges HEAD)" 1 merges
	expect_status 0 sss log --format tsv
	cut -f2,3,4,6 "$OUT" >"$TMPDIR_T/got"
	cat >"$TMPDIR_T/want" <<EOT
佐藤 <sato@example.com>	$b	comment	body
テスト太郎 <taro@example.com>	$a	set	priority
テスト太郎 <taro@example.com>	$b	new	created
テスト太郎 <taro@example.com>	$a	new	created
EOT
	diff -u "$TMPDIR_T/want" "$TMPDIR_T/got" >&2 || fail "log across the merge"
	! grep -q 鈴木 "$OUT" || fail "the merge's author shows a change it did not make"
	expect_eq "$(cat "$ERR")" "" stderr
	# one ticket: the same, once each
	expect_status 0 sss log "$b"
	expect_eq "$(grep -c '^2026' "$OUT")" 2 "entries of $b"
	expect_contains "佐藤 <sato@example.com>  $b  comment" "$OUT"

	# a merge that decides something itself (a hand resolution): shown
	# as 'merge', by the merge's author, against the first parent
	git branch side2
	sss --now 2026-11-26T10:00:00+09:00 set "$b" priority=low
	git checkout -q side2
	sss --now 2026-11-26T10:10:00+09:00 set "$a" assignee=田中
	git checkout -q master 2>/dev/null || git checkout -q main
	as_git 鈴木 suzuki@example.com merge -q --no-ff --no-commit side2
	fa=$(git ls-files "tickets/*/$a.md")
	sed -i 's/^priority: high/priority: normal/' "$fa"
	git add "$fa"
	as_git 鈴木 suzuki@example.com commit -qm "Merge branch 'side2', priority by hand"
	expect_status 0 sss log --format tsv "$a"
	head -n 2 "$OUT" | cut -f2,4,6-8 >"$TMPDIR_T/got"
	cat >"$TMPDIR_T/want" <<EOT
鈴木 <suzuki@example.com>	merge	priority	high	normal
鈴木 <suzuki@example.com>	merge	assignee		田中
EOT
	diff -u "$TMPDIR_T/want" "$TMPDIR_T/got" >&2 || fail "what the merge decided"
	expect_eq "$(cut -f4,6 "$OUT" | grep -c "^set	assignee$")" 1 "side2's own change"
	expect_status 0 sss log --format tsv "$b"
	! grep -q 鈴木 "$OUT" || fail "the merge shows $b, which came from one side"
}

test_log_in_a_shallow_clone() {
	setup_repo
	a=$(sss --now 2026-11-26T09:00:00+09:00 new usage-inquiry --event "髙橋さんの問合せ①")
	sss --now 2026-11-26T09:10:00+09:00 set "$a" priority=high
	b=$(sss --now 2026-11-26T09:20:00+09:00 new usage-inquiry --event "𠮷田さんの依頼")
	sss --now 2026-11-26T09:30:00+09:00 comment --author "佐藤 <sato@example.com>" "$b" -m "確認しました"
	cd ..
	git clone -q --depth 2 "file://$REPO" shallow
	cd shallow
	REPO=$(pwd)
	sss list >/dev/null 2>&1 # the driver's one message
	[ -f .git/shallow ] || fail "not a shallow clone"
	cut=$(git rev-parse --short=7 HEAD~1)
	expect_status 0 sss log --format tsv
	cut -f2,3,4,6 "$OUT" >"$TMPDIR_T/got"
	cat >"$TMPDIR_T/want" <<EOT
佐藤 <sato@example.com>	$b	comment	body
テスト太郎 <taro@example.com>	$a	new	created
テスト太郎 <taro@example.com>	$b	new	created
EOT
	# the boundary commit (new $b) is the start: it shows both as created
	diff -u "$TMPDIR_T/want" "$TMPDIR_T/got" >&2 || fail "shallow log"
	expect_eq "$(cat "$ERR")" "sssctl: warning: history is cut at the shallow boundary ($cut); older changes are not in this clone" stderr
	expect_status 0 sss log "$a"
	expect_contains "created: 利用方法、仕様などの問合せ (髙橋さんの問合せ①)" "$OUT"
	expect_eq "$(wc -l <"$ERR")" 1 "one warning"
}

# ticket_state: what a failed write must leave as it was
ticket_state() {
	git rev-parse HEAD
	cat tickets/*/*/*.md | sha1sum
	git status --porcelain
}

test_gpg_signed_commits() {
	command -v gpg >/dev/null 2>&1 || skip "gpg (gnupg) not installed"
	setup_repo
	GNUPGHOME=$TMPDIR_T/gnupg
	export GNUPGHOME
	mkdir -m 700 "$GNUPGHOME"
	trap 'gpgconf --kill gpg-agent 2>/dev/null' EXIT
	cat >"$TMPDIR_T/keyparams" <<EOT
%no-protection
Key-Type: eddsa
Key-Curve: ed25519
Key-Usage: sign
Name-Real: テスト太郎
Name-Email: taro@example.com
Expire-Date: 0
%commit
EOT
	gpg --batch --gen-key "$TMPDIR_T/keyparams" 2>/dev/null || fail "gpg key generation"
	git config commit.gpgsign true
	# no user.signingkey: the committer's identity names the key, as in git
	id=$(sss new usage-inquiry --event "髙橋さんの問合せ①")
	git verify-commit HEAD 2>"$TMPDIR_T/verify" || { cat "$TMPDIR_T/verify" >&2; fail "new: not signed"; }
	expect_contains "Good signature from \"テスト太郎 <taro@example.com>\"" "$TMPDIR_T/verify"
	fpr=$(gpg --with-colons --list-secret-keys | sed -n 's/^fpr:*\([0-9A-F]*\):.*/\1/p' | head -n 1)
	git config user.signingkey "$fpr"
	sss set "$id" priority=high
	sss comment "$id" -m "全角のメモ：確認済み"
	for c in HEAD HEAD~1; do
		git verify-commit "$c" 2>/dev/null || fail "$c is not signed"
	done
	expect_eq "$(git log -1 --format=%G?)" G "%G?"
	expect_eq "$(git reflog -1 --format=%gs)" "commit: $(git log -1 --format=%s)" reflog
	# a key gpg does not have: an error naming gpg and what it said,
	# nothing committed, nothing changed
	git config user.signingkey 0000000000000000
	before=$(ticket_state)
	expect_error 1 "cannot sign the commit with 'gpg' \(user.signingkey '0000000000000000'\): .*No secret key.*; nothing was committed" \
		sss set "$id" priority=low
	expect_eq "$(wc -l <"$ERR")" 1 "one line"
	expect_eq "$(ticket_state)" "$before" "state after the failure"
	[ ! -e .git/sss-journal ] || fail "journal left"
	# gpg.program that is not there
	git config --unset user.signingkey
	git config gpg.program "$TMPDIR_T/no-such-gpg"
	expect_error 1 "cannot sign the commit with '.*no-such-gpg'.*cannot run it" sss close --force "$id"
	expect_eq "$(ticket_state)" "$before" "state after the failure"
	git config --unset gpg.program
	sss close --force "$id"
	git verify-commit HEAD 2>/dev/null || fail "close: not signed"
}

test_ssh_signed_commits() {
	command -v ssh-keygen >/dev/null 2>&1 || skip "ssh-keygen (openssh-client) not installed"
	setup_repo
	ssh-keygen -q -t ed25519 -N '' -C "テスト太郎" -f "$TMPDIR_T/key"
	printf 'taro@example.com %s\n' "$(cat "$TMPDIR_T/key.pub")" >"$TMPDIR_T/allowed"
	git config commit.gpgsign true
	git config gpg.format ssh
	git config user.signingkey "$TMPDIR_T/key"
	git config gpg.ssh.allowedSignersFile "$TMPDIR_T/allowed"
	id=$(sss new usage-inquiry --event "𠮷田さんの依頼")
	sss comment "$id" -m "確認しました"
	for c in HEAD HEAD~1; do
		git verify-commit "$c" 2>"$TMPDIR_T/verify" ||
			{ cat "$TMPDIR_T/verify" >&2; fail "$c is not signed"; }
		expect_contains 'Good "git" signature for taro@example.com' "$TMPDIR_T/verify"
	done
	# a key file that is no key: ssh-keygen's word, nothing committed
	echo "not a key" >"$TMPDIR_T/bad"
	git config user.signingkey "$TMPDIR_T/bad"
	before=$(ticket_state)
	expect_error 1 "cannot sign the commit with 'ssh-keygen' \(user.signingkey '.*/bad'\): .+; nothing was committed" \
		sss set "$id" priority=high
	expect_eq "$(ticket_state)" "$before" "state after the failure"
	# a literal key (ssh-agent) is not used by sssctl: said so
	git config user.signingkey "key::$(cat "$TMPDIR_T/key.pub")"
	expect_error 1 "user.signingkey does not name a key file" sss set "$id" priority=high
	# x509 is refused, not ignored
	git config gpg.format x509
	expect_error 1 "gpg.format 'x509' is not supported" sss set "$id" priority=high
	expect_eq "$(ticket_state)" "$before" "state after the failures"
	git config --unset commit.gpgsign
	expect_status 0 sss set "$id" priority=high
}

# signing set in the file GIT_CONFIG_GLOBAL names (git reads that one
# instead of ~/.gitconfig): sssctl signs as git would
test_signing_from_git_config_global() {
	command -v ssh-keygen >/dev/null 2>&1 || skip "ssh-keygen (openssh-client) not installed"
	setup_repo
	ssh-keygen -q -t ed25519 -N '' -C "テスト太郎" -f "$TMPDIR_T/key"
	printf 'taro@example.com %s\n' "$(cat "$TMPDIR_T/key.pub")" >"$TMPDIR_T/allowed"
	cfg=$TMPDIR_T/global.gitconfig
	git config -f "$cfg" commit.gpgsign true
	git config -f "$cfg" gpg.format ssh
	git config -f "$cfg" user.signingkey "$TMPDIR_T/key"
	git config gpg.ssh.allowedSignersFile "$TMPDIR_T/allowed"
	GIT_CONFIG_GLOBAL=$cfg sss new usage-inquiry --event "髙橋さんの依頼" >/dev/null
	GIT_CONFIG_GLOBAL=$cfg git verify-commit HEAD 2>/dev/null || fail "not signed with GIT_CONFIG_GLOBAL's settings"
	# without it, the same repository does not sign
	sss new usage-inquiry --event "二件目" >/dev/null
	git verify-commit HEAD 2>/dev/null && fail "signed without the setting"
	true
}

run_tests "$@"
