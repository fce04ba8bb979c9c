/* test_remote.c - the pure parts of talking to a remote: the host key
 * looked up in a known_hosts file (plain, [host]:port, comma lists,
 * wildcards and negation, hashed names, key types, @revoked), the
 * fingerprint, base64, remote URLs, the directory a clone goes to and an
 * URL shown without its password. */
#include "unit.h"

#include <sys/stat.h>
#include <unistd.h>

#include "../../lib/git/known_hosts.h"
#include "../../lib/git/remote.h"
#include "sss/clone.h"

/* an ssh-ed25519 key blob: the type string, then 32 key bytes 0..31 */
static unsigned char ed_key[4 + 11 + 4 + 32];
static const char ed_b64[] =
	"AAAAC3NzaC1lZDI1NTE5AAAAIAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f";
/* the same type, key bytes 1..32 */
static unsigned char other_key[sizeof(ed_key)];
/* "|1|salt|hmac" of "[git.example.jp]:2222" with salt 0..19 */
static const char hashed_2222[] =
	"|1|AAECAwQFBgcICQoLDA0ODxAREhM=|9AlRE03N/afvhsxam7u8eDhgPb0=";
/* an ecdsa key (its blob does not matter, only the type field) */
static const char ecdsa_line_key[] =
	"ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBA==";

static char dir[] = "/tmp/sss-remote-XXXXXX";
static char file[64];

static void make_keys(void)
{
	static const unsigned char head[] = { 0, 0, 0, 11, 's', 's', 'h', '-',
					      'e', 'd', '2', '5', '5', '1', '9',
					      0, 0, 0, 32 };
	memcpy(ed_key, head, sizeof(head));
	memcpy(other_key, head, sizeof(head));
	for (int i = 0; i < 32; i++) {
		ed_key[sizeof(head) + i] = (unsigned char)i;
		other_key[sizeof(head) + i] = (unsigned char)(i + 1);
	}
}

static int setup(void **state)
{
	(void)state;
	make_keys();
	if (!mkdtemp(dir))
		return -1;
	snprintf(file, sizeof(file), "%s/known_hosts", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(file);
	rmdir(dir);
	return 0;
}

static void write_hosts(const char *text)
{
	FILE *f = fopen(file, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static enum sss_hostkey_verdict check(const char *host, int port,
				      const unsigned char *key)
{
	enum sss_hostkey_verdict v = SSS_HOSTKEY_KNOWN;
	assert_ok(sss_known_hosts_check(file, host, port, key, sizeof(ed_key), &v));
	return v;
}

static void test_plain_and_port(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	(void)state;
	strbuf_addf(&sb, "# a comment\n\ngarbage line\n"
		    "git.example.jp ssh-ed25519 %s\n"
		    "[127.0.0.1]:2222 ssh-ed25519 %s 髙橋のサーバ\n", ed_b64, ed_b64);
	write_hosts(sb.buf);
	assert_int_equal(check("git.example.jp", 22, ed_key), SSS_HOSTKEY_KNOWN);
	assert_int_equal(check("GIT.Example.JP", 22, ed_key), SSS_HOSTKEY_KNOWN);
	/* a name on port 22 is not the same host on another port */
	assert_int_equal(check("git.example.jp", 2222, ed_key), SSS_HOSTKEY_UNKNOWN);
	assert_int_equal(check("127.0.0.1", 2222, ed_key), SSS_HOSTKEY_KNOWN);
	assert_int_equal(check("127.0.0.1", 22, ed_key), SSS_HOSTKEY_UNKNOWN);
	assert_int_equal(check("127.0.0.1", 2222, other_key), SSS_HOSTKEY_CHANGED);
	strbuf_release(&sb);
}

static void test_lists_wildcards_negation(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	(void)state;
	strbuf_addf(&sb, "a.example.jp,b.example.jp,192.0.2.7 ssh-ed25519 %s\n"
		    "!bad.corp.example,*.corp.example ssh-ed25519 %s\n"
		    "srv?.example.org ssh-ed25519 %s\n", ed_b64, ed_b64, ed_b64);
	write_hosts(sb.buf);
	assert_int_equal(check("b.example.jp", 22, ed_key), SSS_HOSTKEY_KNOWN);
	assert_int_equal(check("192.0.2.7", 22, ed_key), SSS_HOSTKEY_KNOWN);
	assert_int_equal(check("c.example.jp", 22, ed_key), SSS_HOSTKEY_UNKNOWN);
	assert_int_equal(check("git.corp.example", 22, ed_key), SSS_HOSTKEY_KNOWN);
	assert_int_equal(check("bad.corp.example", 22, ed_key), SSS_HOSTKEY_UNKNOWN);
	assert_int_equal(check("srv1.example.org", 22, ed_key), SSS_HOSTKEY_KNOWN);
	assert_int_equal(check("srv12.example.org", 22, ed_key), SSS_HOSTKEY_UNKNOWN);
	strbuf_release(&sb);
}

static void test_hashed(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	(void)state;
	strbuf_addf(&sb, "%s ssh-ed25519 %s\n", hashed_2222, ed_b64);
	write_hosts(sb.buf);
	assert_int_equal(check("git.example.jp", 2222, ed_key), SSS_HOSTKEY_KNOWN);
	assert_int_equal(check("git.example.jp", 2223, ed_key), SSS_HOSTKEY_UNKNOWN);
	assert_int_equal(check("git.example.jp", 22, ed_key), SSS_HOSTKEY_UNKNOWN);
	assert_int_equal(check("git.example.jp", 2222, other_key), SSS_HOSTKEY_CHANGED);
	/* a damaged hash is no match, not an error */
	write_hosts("|1|AAEC|@@@@ ssh-ed25519 AAAA\n|1|nobar ssh-ed25519 AAAA\n");
	assert_int_equal(check("git.example.jp", 2222, ed_key), SSS_HOSTKEY_UNKNOWN);
	strbuf_release(&sb);
}

static void test_types_and_revoked(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	(void)state;
	/* only an ecdsa key is known for the host */
	strbuf_addf(&sb, "git.example.jp %s\n", ecdsa_line_key);
	write_hosts(sb.buf);
	assert_int_equal(check("git.example.jp", 22, ed_key), SSS_HOSTKEY_OTHER_TYPE);
	/* both types, the ed25519 one matching */
	strbuf_addf(&sb, "git.example.jp ssh-ed25519 %s\n", ed_b64);
	write_hosts(sb.buf);
	assert_int_equal(check("git.example.jp", 22, ed_key), SSS_HOSTKEY_KNOWN);
	/* @revoked wins over a matching line; another key stays known */
	strbuf_addf(&sb, "@revoked * ssh-ed25519 %s\n", ed_b64);
	write_hosts(sb.buf);
	assert_int_equal(check("git.example.jp", 22, ed_key), SSS_HOSTKEY_REVOKED);
	/* @cert-authority lines are not host keys */
	strbuf_setlen(&sb, 0);
	strbuf_addf(&sb, "@cert-authority *.example.jp ssh-ed25519 %s\n", ed_b64);
	write_hosts(sb.buf);
	assert_int_equal(check("git.example.jp", 22, ed_key), SSS_HOSTKEY_UNKNOWN);
	strbuf_release(&sb);
}

static void test_missing_and_unreadable(void **state)
{
	enum sss_hostkey_verdict v = SSS_HOSTKEY_KNOWN;
	(void)state;
	unlink(file);
	assert_ok(sss_known_hosts_check(file, "h", 22, ed_key, sizeof(ed_key), &v));
	assert_int_equal(v, SSS_HOSTKEY_UNKNOWN);
	/* a directory in its place cannot be read: an error naming it */
	assert_int_equal(mkdir(file, 0700), 0);
	assert_fails(sss_known_hosts_check(file, "h", 22, ed_key, sizeof(ed_key), &v),
		     SSS_ERR_IO, "known_hosts");
	rmdir(file);
}

static void test_fingerprint_type_base64(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	(void)state;
	sss_hostkey_fingerprint(&sb, ed_key, sizeof(ed_key));
	assert_string_equal(sb.buf, "SHA256:ZkAslGjFiUHdGf/WUL8rQvkib4PTvQatUV0OUQSncCA");
	assert_string_equal(sss_hostkey_type(ed_key, sizeof(ed_key)), "ED25519");
	assert_string_equal(sss_hostkey_type(ed_key, 3), "unknown");
	assert_int_equal(sss_base64_decode(&sb, ed_b64, strlen(ed_b64)), 0);
	assert_int_equal(sb.len, sizeof(ed_key));
	assert_memory_equal(sb.buf, ed_key, sizeof(ed_key));
	assert_int_equal(sss_base64_decode(&sb, "aGk=", 4), 0);
	assert_string_equal(sb.buf, "hi");
	assert_int_equal(sss_base64_decode(&sb, "aGk", 3), 0);
	assert_string_equal(sb.buf, "hi");
	assert_int_equal(sss_base64_decode(&sb, "aG!=", 4), -1);
	assert_int_equal(sss_base64_decode(&sb, "aGk=x", 5), -1);
	assert_int_equal(sss_base64_decode(&sb, "a", 1), -1);
	strbuf_release(&sb);
}

static void test_url_parse(void **state)
{
	static const struct {
		const char *url, *scheme, *user, *host;
		int port;
		const char *path;
	} cases[] = {
		{ "ssh://git@127.0.0.1:2222/srv/チーム.git", "ssh", "git", "127.0.0.1", 2222, "srv/チーム.git" },
		{ "git+ssh://h/x", "ssh", NULL, "h", 0, "x" },
		{ "髙橋@git.example.jp:sss/kpbe.git", "ssh", "髙橋", "git.example.jp", 0, "sss/kpbe.git" },
		{ "https://u:secret@[::1]:8443/git/a.git", "https", "u", "::1", 8443, "git/a.git" },
		{ "https://git.example.jp", "https", NULL, "git.example.jp", 0, "" },
		{ "/srv/kpbe.git", "file", NULL, NULL, 0, "/srv/kpbe.git" },
		{ "file:///srv/kpbe.git", "file", NULL, NULL, 0, "/srv/kpbe.git" },
		{ "./a:b/c", "file", NULL, NULL, 0, "./a:b/c" },
	};
	struct sss_remote_url u;
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(sss_remote_url_parse(&u, cases[i].url), 0);
		assert_string_equal(u.scheme, cases[i].scheme);
		if (cases[i].user)
			assert_string_equal(u.user, cases[i].user);
		else
			assert_null(u.user);
		if (cases[i].host)
			assert_string_equal(u.host, cases[i].host);
		else
			assert_null(u.host);
		assert_int_equal(u.port, cases[i].port);
		assert_string_equal(u.path, cases[i].path);
		sss_remote_url_release(&u);
	}
	assert_int_equal(sss_remote_url_parse(&u, "ssh://h:99999/x"), -1);
	assert_int_equal(sss_remote_url_parse(&u, "ssh://h:2x/x"), -1);
	assert_int_equal(sss_remote_url_parse(&u, "https:///x"), -1);
	assert_int_equal(sss_remote_url_parse(&u, "ssh://[::1/x"), -1);
}

static void test_clone_dir(void **state)
{
	static const char *const cases[][2] = {
		{ "ssh://git@127.0.0.1:2222/srv/team.git", "team" },
		{ "git@git.example.jp:sss/①号案件.git", "①号案件" },
		{ "git@git.example.jp:kpbe", "kpbe" },
		{ "/srv/kpbe/.git", "kpbe" },
		{ "/srv/kpbe.git///", "kpbe" },
		{ "https://git.example.jp/", "git.example.jp" },
		{ "../data", "data" },
		{ "/", NULL },
		{ "file:///", NULL },
		{ ".git", NULL },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = sss_clone_dir_for(cases[i][0]);
		if (cases[i][1]) {
			if (!got || strcmp(got, cases[i][1]))
				fail_msg("%s: got '%s', want '%s'", cases[i][0],
					 got ? got : "(null)", cases[i][1]);
		} else if (got) {
			fail_msg("%s: got '%s', want none", cases[i][0], got);
		}
		free(got);
	}
}

static void test_url_shown(void **state)
{
	static const char *const cases[][2] = {
		{ "https://佐藤:p%40ss@git.example.jp/a.git", "https://佐藤@git.example.jp/a.git" },
		{ "https://u@h/a", "https://u@h/a" },
		{ "https://h:8443/a:b@c", "https://h:8443/a:b@c" },
		{ "git@h:a.git", "git@h:a.git" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strbuf sb = STRBUF_INIT;
		sss_clone_url_shown(&sb, cases[i][0]);
		assert_string_equal(sb.buf, cases[i][1]);
		strbuf_release(&sb);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_and_port),
		cmocka_unit_test(test_lists_wildcards_negation),
		cmocka_unit_test(test_hashed),
		cmocka_unit_test(test_types_and_revoked),
		cmocka_unit_test(test_missing_and_unreadable),
		cmocka_unit_test(test_fingerprint_type_base64),
		cmocka_unit_test(test_url_parse),
		cmocka_unit_test(test_clone_dir),
		cmocka_unit_test(test_url_shown),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
