# servers.sh - the servers of suite-remote.sh, sourced by it: an sshd and
# an https server (nginx + fcgiwrap + git http-backend), each started as
# the current user on 127.0.0.1 and a free port, with throwaway keys and a
# self-signed certificate in $SRV. Every start waits a bounded time for
# its port; stop_servers (the suite's trap) stops all of them.
#
#   servers_init DIR       keys, certificate, htpasswd, the served repository
#   start_sshd NAME HOSTKEY   -> port in $SSHD_PORT (NAME: its files)
#   start_https            -> port in $HTTPS_PORT
#   stop_servers

SERVER_PIDS=

# free_port: a TCP port on 127.0.0.1 that nothing listens on now.
free_port() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# wait_port PORT PID: until something accepts on 127.0.0.1:PORT (at most
# 10 s), failing at once when PID has died.
wait_port() {
	i=0
	while [ $i -lt 100 ]; do
		kill -0 "$2" 2>/dev/null || return 1
		python3 -c 'import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$1" 2>/dev/null &&
			return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# have_ssh / have_https: whether this machine can run that server.
have_ssh() {
	[ -x /usr/sbin/sshd ] && command -v ssh-keygen >/dev/null &&
		command -v ssh-agent >/dev/null && command -v ssh-add >/dev/null
}
have_https() {
	[ -x /usr/sbin/nginx ] && [ -x /usr/sbin/fcgiwrap ] &&
		[ -x "$(git --exec-path)/git-http-backend" ] && command -v openssl >/dev/null
}

servers_init() {
	SRV=$1
	mkdir -p "$SRV/srv" "$SRV/nginx-tmp"
	ME=$(id -un)
	if have_ssh; then
		for k in host host2 user stranger; do
			ssh-keygen -q -t ed25519 -N '' -C "$k" -f "$SRV/$k" || return 1
		done
		cp "$SRV/user.pub" "$SRV/authorized_keys"
		# a key that needs a passphrase
		ssh-keygen -q -t ed25519 -N 'パス①' -C locked -f "$SRV/locked" || return 1
	fi
	if have_https; then
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
			-nodes -days 2 -subj "/CN=127.0.0.1" \
			-addext "subjectAltName=DNS:127.0.0.1,DNS:localhost,IP:127.0.0.1" \
			-keyout "$SRV/tls.key" -out "$SRV/tls.crt" 2>"$SRV/openssl.log" || return 1
		# another certificate, that no test trusts
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
			-nodes -days 2 -subj "/CN=127.0.0.1" \
			-keyout "$SRV/other.key" -out "$SRV/other.crt" 2>>"$SRV/openssl.log" || return 1
		{
			printf 'sato:%s\n' "$(openssl passwd -apr1 "$HTTP_PASS")"
			printf 'sssctl:%s\n' "$(openssl passwd -apr1 "$HTTP_TOKEN")"
		} >"$SRV/htpasswd"
	fi
}

start_sshd() {
	name=$1 hostkey=$2
	SSHD_PORT=$(free_port) || return 1
	# sshd as root insists on its privilege-separation directory, which a
	# fresh Debian has only once the service ran
	if [ "$(id -u)" = 0 ] && [ ! -d /run/sshd ]; then
		mkdir -p /run/sshd && chmod 755 /run/sshd || return 1
	fi
	cat >"$SRV/$name.conf" <<CONF
ListenAddress 127.0.0.1
Port $SSHD_PORT
HostKey $hostkey
PidFile $SRV/$name.pid
AuthorizedKeysFile $SRV/authorized_keys
AllowUsers $ME
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
LogLevel VERBOSE
CONF
	/usr/sbin/sshd -D -e -f "$SRV/$name.conf" 2>"$SRV/$name.log" &
	pid=$!
	SERVER_PIDS="$SERVER_PIDS $pid"
	wait_port "$SSHD_PORT" "$pid" || {
		sed 's/^/# sshd: /' "$SRV/$name.log" >&2
		return 1
	}
}

start_https() {
	HTTPS_PORT=$(free_port) || return 1
	# one process (no -c): children it forked would outlive a kill of it
	/usr/sbin/fcgiwrap -s "unix:$SRV/fcgi.sock" 2>"$SRV/fcgiwrap.log" &
	SERVER_PIDS="$SERVER_PIDS $!"
	cat >"$SRV/nginx.conf" <<CONF
daemon off;
master_process off;
worker_processes 1;
pid $SRV/nginx.pid;
error_log $SRV/nginx-error.log info;
events { worker_connections 64; }
http {
	access_log $SRV/nginx-access.log;
	client_body_temp_path $SRV/nginx-tmp/body;
	fastcgi_temp_path $SRV/nginx-tmp/fastcgi;
	proxy_temp_path $SRV/nginx-tmp/proxy;
	uwsgi_temp_path $SRV/nginx-tmp/uwsgi;
	scgi_temp_path $SRV/nginx-tmp/scgi;
	server {
		listen 127.0.0.1:$HTTPS_PORT ssl;
		server_name 127.0.0.1;
		ssl_certificate $SRV/tls.crt;
		ssl_certificate_key $SRV/tls.key;
		client_max_body_size 0;
		location / {
			auth_basic "sssctl test";
			auth_basic_user_file $SRV/htpasswd;
			fastcgi_pass unix:$SRV/fcgi.sock;
			fastcgi_param SCRIPT_FILENAME $(git --exec-path)/git-http-backend;
			fastcgi_param GIT_PROJECT_ROOT $SRV/srv;
			fastcgi_param GIT_HTTP_EXPORT_ALL "";
			fastcgi_param PATH_INFO \$uri;
			fastcgi_param REMOTE_USER \$remote_user;
			fastcgi_param QUERY_STRING \$query_string;
			fastcgi_param REQUEST_METHOD \$request_method;
			fastcgi_param CONTENT_TYPE \$content_type;
			fastcgi_param CONTENT_LENGTH \$content_length;
			fastcgi_param HTTP_CONTENT_ENCODING \$http_content_encoding;
			fastcgi_param GIT_CONFIG_NOSYSTEM 1;
		}
	}
}
CONF
	/usr/sbin/nginx -e "$SRV/nginx-error.log" -p "$SRV" -c "$SRV/nginx.conf" 2>"$SRV/nginx.log" &
	pid=$!
	SERVER_PIDS="$SERVER_PIDS $pid"
	wait_port "$HTTPS_PORT" "$pid" || {
		sed 's/^/# nginx: /' "$SRV/nginx.log" "$SRV/nginx-error.log" >&2
		return 1
	}
}

stop_servers() {
	for pid in $SERVER_PIDS; do
		kill "$pid" 2>/dev/null
	done
	for pid in $SERVER_PIDS; do
		wait "$pid" 2>/dev/null
	done
	SERVER_PIDS=
}
