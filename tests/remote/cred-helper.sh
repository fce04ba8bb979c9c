#!/bin/sh
# cred-helper.sh ACTION - a git credential helper for suite-remote.sh
# (credential.helper = "!sh .../cred-helper.sh"). For "get" it answers
# with $SSS_CRED_USER and $SSS_CRED_PASS; every call is logged to
# $SSS_CRED_LOG as "action=ACTION", then what git sent, so the tests can
# see that sssctl asked once, and approved (store) or rejected (erase).
set -u
{
	echo "action=$1"
	cat
} >>"${SSS_CRED_LOG:?}"
if [ "$1" = get ]; then
	printf 'username=%s\npassword=%s\n' "${SSS_CRED_USER:?}" "${SSS_CRED_PASS:?}"
fi
