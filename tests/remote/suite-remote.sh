#!/bin/sh
# suite-remote.sh - clone, fetch and push over ssh and https against real
# servers started here on 127.0.0.1 (tests/remote/servers.sh): an sshd
# with a throwaway host key and user key, a second one with another host
# key, and nginx + fcgiwrap + git http-backend with a self-signed
# certificate and basic auth. Each test has its own $HOME (known_hosts,
# ~/.gitconfig: libgit2 reads that, never GIT_CONFIG_GLOBAL). The
# servers are stopped by a trap however the suite ends. Output is TAP.
. "$(dirname "$0")/../e2e/lib.sh"
. "$TESTS_ROOT/tests/remote/servers.sh"

HTTP_PASS='髙橋-𠮷-①パス'
HTTP_TOKEN='tok-0123456789abcdef'
CRED_HELPER=$TESTS_ROOT/tests/remote/cred-helper.sh
SRV=$(mktemp -d "${TMPDIR:-/tmp}/sss-remote-srv-XXXXXX")
AGENT_PID=

cleanup() {
	stop_servers
	if [ -n "$AGENT_PID" ]; then
		kill "$AGENT_PID" 2>/dev/null
		wait "$AGENT_PID" 2>/dev/null
	fi
	rm -rf "$SRV"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

SSH_OK= HTTPS_OK=
servers_init "$SRV" || { echo "# cannot make the keys and certificate" >&2; exit 1; }

# the served data repository: one ticket, bare, in $SRV/srv/team.git
(
	cd "$SRV" && "$SSSCTL" init --no-hooks --contract-start 2026-04-01 origin >/dev/null &&
		cd origin &&
		SSS_NOW=2026-11-26T10:00:00+09:00 "$SSSCTL" new incident-software \
			--software 勘定奉行 --event "𠮷野家の髙橋さん①" >"$SRV/ticket-id" &&
		git clone -q --bare "$SRV/origin" "$SRV/srv/team.git"
) || { echo "# cannot make the served repository" >&2; exit 1; }
TICKET=$(cat "$SRV/ticket-id")
# git http-backend serves only what it is told to; pushes need a user
git -C "$SRV/srv/team.git" config http.receivepack true

if have_ssh; then
	if start_sshd sshd1 "$SRV/host"; then
		SSH1=$SSHD_PORT
		start_sshd sshd2 "$SRV/host2" && SSH2=$SSHD_PORT && SSH_OK=1
	fi
	# in the foreground (-D) as our child, so that the trap can stop it
	AGENT_SOCK=$SRV/agent.sock
	ssh-agent -D -a "$AGENT_SOCK" >/dev/null 2>&1 &
	AGENT_PID=$!
	i=0
	while [ ! -S "$AGENT_SOCK" ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
fi
if have_https && start_https; then
	HTTPS_OK=1
fi
ME=$(id -un)
SSH_URL="ssh://$ME@127.0.0.1:${SSH1:-0}$SRV/srv/team.git"
HTTPS_URL="https://127.0.0.1:${HTTPS_PORT:-0}/team.git"

need_ssh() {
	have_ssh || skip "no sshd, ssh-keygen or ssh-agent (openssh-server, openssh-client)"
	[ -n "$SSH_OK" ] || fail "the sshd did not start"
}
need_https() {
	have_https || skip "no nginx, fcgiwrap or git http-backend"
	[ -n "$HTTPS_OK" ] || fail "the https server did not start"
}

# home: a fresh $HOME for this test, with ~/.ssh; no agent.
home() {
	HOME=$TMPDIR_T/home
	mkdir -p "$HOME/.ssh"
	chmod 700 "$HOME/.ssh"
	: >"$HOME/.gitconfig"
	unset GIT_CONFIG_GLOBAL SSH_AUTH_SOCK SSSCTL_TOKEN GIT_SSL_CAINFO SSL_CERT_FILE \
		GIT_SSL_CAPATH SSL_CERT_DIR https_proxy HTTPS_PROXY http_proxy HTTP_PROXY \
		all_proxy ALL_PROXY no_proxy NO_PROXY
	export HOME
}

# known PORT PUBKEY [NAME]: a known_hosts line for 127.0.0.1:PORT.
known() {
	printf '%s %s\n' "${3:-[127.0.0.1]:$1}" "$(cut -d' ' -f1,2 "$2")" >>"$HOME/.ssh/known_hosts"
}

# fingerprint PUBKEY: its SHA256 fingerprint as ssh-keygen prints it,
# quoted for grep -E (base64 has + and /)
fingerprint() { ssh-keygen -lf "$1" | cut -d' ' -f2 | sed 's/[+/.]/\\&/g'; }

# the clone in ./$1 has the served ticket and the merge driver
cloned_ok() {
	[ -f "$1/.sss/config.yml" ] || fail "$1 is not a data repository"
	(cd "$1" && "$SSSCTL" show "$TICKET" >"$TMPDIR_T/show") || fail "show failed in $1"
	expect_contains "𠮷野家の髙橋さん①" "$TMPDIR_T/show"
	git -C "$1" config merge.sssctl.driver >/dev/null || fail "no merge driver in $1"
}

# ---- ssh ----------------------------------------------------------------

test_ssh_key_file_from_config() {
	need_ssh
	home
	known "$SSH1" "$SRV/host.pub"
	git config --global sssctl.sshKey "$SRV/user"
	expect_status 0 sss clone "$SSH_URL" 案件
	expect_out "cloned $SSH_URL into 案件"
	cloned_ok 案件
	grep -q "Accepted publickey for $ME" "$SRV/sshd1.log" || fail "sshd saw no key login"
	# without a user in the URL the user is "git", whom this server refuses
	expect_error 1 "authentication failed for ssh://127.0.0.1:$SSH1$SRV/srv/team.git \(ssh user 'git'; keys offered: $SRV/user\)" \
		sss clone "ssh://127.0.0.1:$SSH1$SRV/srv/team.git" b
	[ ! -e b ] || fail "a failed clone left b"
	# a key named in config that is not there is named in the error
	git config --global sssctl.sshKey "$HOME/.ssh/none_ed25519"
	expect_error 1 "the ssh key '$HOME/.ssh/none_ed25519' \(git config sssctl.sshKey\) cannot be read" \
		sss clone "$SSH_URL" b
	[ ! -e b ] || fail "a failed clone left b"
}

test_ssh_agent() {
	need_ssh
	home
	known "$SSH1" "$SRV/host.pub"
	export SSH_AUTH_SOCK=$AGENT_SOCK
	ssh-add -D >/dev/null 2>&1 || true
	ssh-add "$SRV/user" 2>/dev/null || fail "ssh-add failed"
	expect_status 0 sss clone "$SSH_URL" a
	cloned_ok a
	# an agent with a key the server does not take, and no key file
	ssh-add -D >/dev/null 2>&1
	ssh-add "$SRV/stranger" 2>/dev/null
	expect_error 1 "authentication failed for $SSH_URL \(ssh user '$ME'; keys offered: ssh-agent\)" \
		sss clone "$SSH_URL" b
	[ ! -e b ] || fail "a failed clone left b"
	ssh-add -D >/dev/null 2>&1
}

test_ssh_default_keys_in_order() {
	need_ssh
	home
	known "$SSH1" "$SRV/host.pub"
	# id_ed25519 needs a passphrase (skipped, said so); id_ecdsa is a
	# stranger's; id_rsa is the user's key
	cp "$SRV/locked" "$HOME/.ssh/id_ed25519"
	cp "$SRV/stranger" "$HOME/.ssh/id_ecdsa"
	cp "$SRV/stranger.pub" "$HOME/.ssh/id_ecdsa.pub"
	cp "$SRV/user" "$HOME/.ssh/id_rsa"
	chmod 600 "$HOME"/.ssh/id_*
	expect_status 0 sss clone "$SSH_URL" a
	cloned_ok a
	rm "$HOME/.ssh/id_rsa"
	expect_error 1 "keys offered: $HOME/.ssh/id_ed25519 \(needs a passphrase: add it to ssh-agent with ssh-add\), $HOME/.ssh/id_ecdsa\)" \
		sss clone "$SSH_URL" b
	[ "$(wc -l <"$ERR")" = 1 ] || fail "more than one line on stderr"
}

test_ssh_unknown_host_refused() {
	need_ssh
	home
	git config --global sssctl.sshKey "$SRV/user"
	# a key for the same address on the default port is another host
	known 22 "$SRV/host.pub" 127.0.0.1
	fp=$(fingerprint "$SRV/host.pub")
	expect_error 1 "the host key of \[127.0.0.1\]:$SSH1 is not in ~/.ssh/known_hosts; check its fingerprint \(ED25519 $fp\) and add it \(ssh-keyscan -p $SSH1 127.0.0.1, or connect once with ssh\)" \
		sss clone "$SSH_URL" a
	[ ! -e a ] || fail "a refused clone left a"
	grep -q "Accepted publickey" "$SRV/sshd1.log.unknown" 2>/dev/null && fail "logged in"
	# what the message says to do works
	ssh-keyscan -p "$SSH1" -t ed25519 127.0.0.1 2>/dev/null >>"$HOME/.ssh/known_hosts"
	expect_status 0 sss clone "$SSH_URL" a
	cloned_ok a
}

test_ssh_changed_host_key_refused() {
	need_ssh
	home
	git config --global sssctl.sshKey "$SRV/user"
	# known_hosts has the first server's key for the second one's address
	known "$SSH2" "$SRV/host.pub"
	fp=$(fingerprint "$SRV/host2.pub")
	url="ssh://$ME@127.0.0.1:$SSH2$SRV/srv/team.git"
	expect_error 1 "the host key of \[127.0.0.1\]:$SSH2 has CHANGED \(the server offers ED25519 key fingerprint $fp, ~/.ssh/known_hosts has another\); someone may be intercepting, or the server was reinstalled" \
		sss clone "$url" a
	[ ! -e a ] || fail "a refused clone left a"
	# @revoked: refused even with a matching line
	: >"$HOME/.ssh/known_hosts"
	known "$SSH2" "$SRV/host2.pub"
	known "$SSH2" "$SRV/host2.pub" "@revoked *"
	expect_error 1 "is marked @revoked in known_hosts" sss clone "$url" a
	[ ! -e a ] || fail "a refused clone left a"
}

test_ssh_hashed_and_listed_entries() {
	need_ssh
	home
	git config --global sssctl.sshKey "$SRV/user"
	known "$SSH1" "$SRV/host.pub" "git.example.jp,[127.0.0.1]:$SSH1"
	expect_status 0 sss clone "$SSH_URL" listed
	cloned_ok listed
	# hashed as HashKnownHosts writes it
	: >"$HOME/.ssh/known_hosts"
	known "$SSH1" "$SRV/host.pub"
	ssh-keygen -q -H -f "$HOME/.ssh/known_hosts" >/dev/null 2>&1
	grep -q '^|1|' "$HOME/.ssh/known_hosts" || fail "ssh-keygen -H hashed nothing"
	grep -q 127.0.0.1 "$HOME/.ssh/known_hosts" && fail "the address is still in clear"
	expect_status 0 sss clone "$SSH_URL" hashed
	cloned_ok hashed
}

test_ssh_progress_on_a_terminal() {
	need_ssh
	command -v script >/dev/null || skip "no script(1) (util-linux) for a terminal"
	home
	known "$SSH1" "$SRV/host.pub"
	git config --global sssctl.sshKey "$SRV/user"
	script -qec "'$SSSCTL' clone '$SSH_URL' tty" /dev/null >"$TMPDIR_T/tty.out" </dev/null ||
		{ cat "$TMPDIR_T/tty.out" >&2; fail "clone on a terminal failed"; }
	grep -q 'Receiving objects: 100% ([0-9]*/[0-9]*)' "$TMPDIR_T/tty.out" ||
		{ cat -A "$TMPDIR_T/tty.out" >&2; fail "no progress line"; }
	cloned_ok tty
	# --quiet, and no terminal: no progress
	expect_status 0 sss clone "$SSH_URL" quiet
	[ ! -s "$ERR" ] || fail "stderr without a terminal: $(cat "$ERR")"
	script -qec "'$SSSCTL' clone --quiet '$SSH_URL' q2" /dev/null >"$TMPDIR_T/tty.out" </dev/null
	grep -q 'Receiving' "$TMPDIR_T/tty.out" && fail "progress despite --quiet"
	cloned_ok q2
}

# sync_both URL: clones a and b of URL; a makes a ticket and syncs (a
# push), b syncs (a fetch) and has it; the served repository has it.
sync_both() {
	expect_status 0 sss clone "$1" a
	expect_status 0 sss clone "$1" b
	id=$(cd a && "$SSSCTL" new incident-software --software "RT-①" --event "佐藤さんの回線断 $2")
	(cd a && "$SSSCTL" sync) >"$OUT" 2>"$ERR" || { cat "$ERR" >&2; fail "sync in a failed"; }
	expect_contains "pushed 1 commit" "$OUT"
	git -C "$SRV/srv/team.git" log --format=%s -1 | grep -q "$id" ||
		fail "the served repository has not got $id"
	(cd b && "$SSSCTL" sync --no-push) >"$OUT" 2>"$ERR" || { cat "$ERR" >&2; fail "sync in b failed"; }
	(cd b && "$SSSCTL" show "$id") >"$OUT" || fail "b has not got $id"
	expect_contains "佐藤さんの回線断 $2" "$OUT"
	expect_eq "$(git -C a rev-parse HEAD)" "$(git -C b rev-parse HEAD)" "the clones' HEAD"
}

test_ssh_sync_push_and_fetch() {
	need_ssh
	home
	known "$SSH1" "$SRV/host.pub"
	git config --global sssctl.sshKey "$SRV/user"
	sync_both "$SSH_URL" ssh
	# push progress on a terminal
	if command -v script >/dev/null; then
		(cd a && "$SSSCTL" comment "$id" -m "端末から①") >/dev/null
		(cd a && script -qec "'$SSSCTL' sync" /dev/null) >"$TMPDIR_T/tty.out" </dev/null ||
			{ cat "$TMPDIR_T/tty.out" >&2; fail "sync on a terminal failed"; }
		grep -q 'Writing objects: 100% ([0-9]*/[0-9]*)' "$TMPDIR_T/tty.out" ||
			{ cat -A "$TMPDIR_T/tty.out" >&2; fail "no push progress"; }
	fi
	# a refused host key stops a sync as it stops a clone
	: >"$HOME/.ssh/known_hosts"
	expect_error 1 "cannot fetch .*the host key of \\[127.0.0.1\\]:$SSH1 is not in ~/.ssh/known_hosts" \
		sh -c "cd a && exec '$SSSCTL' sync"
}

test_clone_cut_short_says_what_is_left() {
	home
	# a server that accepts and never answers: the clone waits in the
	# ssh handshake until it is killed
	port=$(free_port)
	python3 -c 'import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(1)
c = s.accept()
time.sleep(20)' "$port" &
	mute=$!
	wait_port "$port" "$mute" || fail "the silent server did not start"
	"$SSSCTL" clone "ssh://git@127.0.0.1:$port/srv/x.git" 途中 >"$OUT" 2>"$ERR" &
	pid=$!
	i=0
	while [ ! -d 途中/.git ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	sleep 0.3
	kill -TERM "$pid"
	set +e
	wait "$pid"
	rc=$?
	set -e
	kill "$mute" 2>/dev/null
	wait "$mute" 2>/dev/null || true
	expect_eq "$rc" 143 "exit status"
	expect_contains "sssctl: the clone was cut short: '途中' holds a part of it; remove it before you try again" "$ERR"
}

# ---- https ----------------------------------------------------------------

# helper USER PASS: git's credential helper answers with these
helper() {
	git config --global credential.helper "!sh $CRED_HELPER"
	export SSS_CRED_USER=$1 SSS_CRED_PASS=$2 SSS_CRED_LOG=$TMPDIR_T/cred.log
	: >"$SSS_CRED_LOG"
}

test_https_credential_helper() {
	need_https
	home
	git config --global http.sslCAInfo "$SRV/tls.crt"
	helper sato "$HTTP_PASS"
	expect_status 0 sss clone "$HTTPS_URL" 髙橋
	expect_out "cloned $HTTPS_URL into 髙橋"
	cloned_ok 髙橋
	# asked once, then told to store what worked
	expect_eq "$(grep -c '^action=' "$SSS_CRED_LOG")" 2 "helper calls"
	expect_eq "$(sed -n 1p "$SSS_CRED_LOG")" "action=get" "first call"
	grep -q '^action=store$' "$SSS_CRED_LOG" || fail "credentials not approved"
	expect_contains "password=$HTTP_PASS" "$SSS_CRED_LOG"
	expect_contains "host=127.0.0.1:$HTTPS_PORT" "$SSS_CRED_LOG"
	grep -q '^action=erase' "$SSS_CRED_LOG" && fail "credentials rejected"
	grep -q "\"GET /team.git/info/refs?service=git-upload-pack HTTP/1.1\" 200" \
		"$SRV/nginx-access.log" || fail "nginx served no fetch"
}

test_https_token_and_password_in_url() {
	need_https
	home
	export SSL_CERT_FILE=$SRV/tls.crt SSSCTL_TOKEN=$HTTP_TOKEN
	expect_status 0 sss clone "$HTTPS_URL" t
	cloned_ok t
	unset SSSCTL_TOKEN
	# the proxy git would use is used: one that is not there (on another
	# loopback address) fails, naming it
	expect_error 1 "cannot clone '$HTTPS_URL': failed to connect to 127\.0\.0\.2" \
		env SSSCTL_TOKEN=$HTTP_TOKEN https_proxy=http://127.0.0.2:9 "$SSSCTL" clone "$HTTPS_URL" p
	[ ! -e p ] || fail "a failed clone left p"
	# a password in the URL (percent-encoded) is used, and never printed
	export GIT_SSL_CAINFO=$SRV/tls.crt
	pass=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$HTTP_PASS")
	expect_status 0 sss clone "https://sato:$pass@127.0.0.1:$HTTPS_PORT/team.git" u
	expect_out "cloned https://sato@127.0.0.1:$HTTPS_PORT/team.git into u"
	cloned_ok u
	git -C u config remote.origin.url >/dev/null
}

test_https_wrong_password_fails_at_once() {
	need_https
	home
	git config --global http.sslCAInfo "$SRV/tls.crt"
	helper sato 'まちがい'
	t0=$(date +%s)
	expect_error 1 "^sssctl: error: cannot clone 'https://sato@127.0.0.1:$HTTPS_PORT/team.git': authentication failed for https://sato@127.0.0.1:$HTTPS_PORT/team.git$" \
		sss clone "https://sato@127.0.0.1:$HTTPS_PORT/team.git" w
	t1=$(date +%s)
	[ $((t1 - t0)) -le 10 ] || fail "took $((t1 - t0)) s"
	[ "$(wc -l <"$ERR")" = 1 ] || fail "more than one line on stderr: $(cat "$ERR")"
	[ ! -e w ] || fail "a failed clone left w"
	# asked once, then told to forget it; never stored
	expect_eq "$(grep -c '^action=get' "$SSS_CRED_LOG")" 1 "get calls"
	expect_eq "$(grep -c '^action=erase' "$SSS_CRED_LOG")" 1 "erase calls"
	grep -q '^action=store' "$SSS_CRED_LOG" && fail "a wrong password was stored"
	# a wrong token
	git config --global --unset credential.helper
	export SSSCTL_TOKEN=wrong
	expect_error 1 "authentication failed for $HTTPS_URL \(the server refused SSSCTL_TOKEN\)" \
		sss clone "$HTTPS_URL" w
	unset SSSCTL_TOKEN
	# no helper, no token, no terminal
	expect_error 1 "authentication failed for $HTTPS_URL: no credentials" \
		env GIT_TERMINAL_PROMPT=0 "$SSSCTL" clone "$HTTPS_URL" w
	[ ! -e w ] || fail "a failed clone left w"
}

test_https_untrusted_certificate_refused() {
	need_https
	home
	export SSSCTL_TOKEN=$HTTP_TOKEN
	# neither the system's CAs nor another self-signed certificate
	expect_error 1 "the certificate of 127.0.0.1 does not verify" sss clone "$HTTPS_URL" x
	export GIT_SSL_CAINFO=$SRV/other.crt
	expect_error 1 "the certificate of 127.0.0.1 does not verify" sss clone "$HTTPS_URL" x
	export GIT_SSL_CAINFO=$TMPDIR_T/none.crt
	expect_error 1 "cannot read the CA certificates '$TMPDIR_T/none.crt' \(GIT_SSL_CAINFO\)" \
		sss clone "$HTTPS_URL" x
	[ ! -e x ] || fail "a refused clone left x"
}

test_https_sync_push_and_fetch() {
	need_https
	home
	git config --global http.sslCAInfo "$SRV/tls.crt"
	helper sato "$HTTP_PASS"
	sync_both "https://sato@127.0.0.1:$HTTPS_PORT/team.git" https
	grep -q '"POST /team.git/git-receive-pack HTTP/1.1" 200' "$SRV/nginx-access.log" ||
		fail "nginx took no push"
	grep -q '^action=erase' "$SSS_CRED_LOG" && fail "credentials rejected"
	# a wrong password stops a sync at once, with one line
	export SSS_CRED_PASS=まちがい
	expect_error 1 "authentication failed for https://sato@127.0.0.1:$HTTPS_PORT/team.git$" \
		sh -c "cd a && exec '$SSSCTL' sync"
	[ "$(wc -l <"$ERR")" = 1 ] || fail "more than one line on stderr: $(cat "$ERR")"
}

run_tests
