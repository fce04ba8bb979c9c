# bash completion for sssctl                                -*- shell-script -*-
#
# Everything comes from the program itself, so nothing here drifts from
# it: the commands from `sssctl --list-commands`, each command's options,
# forms and operands from `sssctl CMD --list-options` (made from the
# command's option table), and the words that depend on the data
# repository (ticket IDs by prefix, catalog keys) or on the ticket model
# (statuses, priorities, kinds, the fields of `set`) from the hidden
# `sssctl __complete WHAT PREFIX`. IDs come from the ticket file names of
# one month ("2611-" reads tickets/2026/11 only), never from a scan.
#
# _sssctl_candidates is written for bash and for zsh (under `emulate ksh`);
# the zsh completion (completion/_sssctl) sources this file and uses it.

# _sssctl_candidates BIN WORD... CUR: print the words that may replace CUR
# (the whole word, "--status=op" or "status=in" included), one a line.
# The WORDs are those after the program name and before CUR, with
# "--opt=value" kept as one word.
_sssctl_candidates() {
	[ -n "${ZSH_VERSION-}" ] && emulate -L ksh
	local bin=$1
	shift
	local -a w g pos
	w=("$@")
	local n=$((${#w[@]} - 1))
	local cur=${w[n]} cmd= i=0 x
	# the global options before the command (-C DIR goes on to __complete)
	while [ "$i" -lt "$n" ]; do
		x=${w[i]}
		case $x in
		-C) g+=(-C "${w[i+1]}"); i=$((i + 2)); continue ;;
		--now) i=$((i + 2)); continue ;;
		-*) ;;
		*) cmd=$x; break ;;
		esac
		i=$((i + 1))
	done
	if [ -z "$cmd" ]; then
		case ${w[n-1]-} in
		-C) _sssctl_dirs "$cur"; return ;;
		--now) return ;;
		esac
		case $cur in
		-*) _sssctl_filter "$cur" -C --now -h --help --version ;;
		*) _sssctl_filter "$cur" $("$bin" --list-commands 2>/dev/null) ;;
		esac
		return
	fi
	local spec
	spec=$("$bin" "$cmd" --list-options 2>/dev/null) || return 0
	# the operands typed so far: the words after the command that are
	# neither options nor an option's value
	local takes= prev=
	i=$((i + 1))
	while [ "$i" -lt "$n" ]; do
		x=${w[i]}
		if [ -n "$takes" ]; then
			takes=
		elif [ "$x" = -- ]; then
			:
		else
			case $x in
			-?*=*) ;;
			-?*) _sssctl_has_value "$spec" "$x" && takes=1 ;;
			*) pos+=("$x") ;;
			esac
		fi
		i=$((i + 1))
	done
	# the value of an option: "--status op" or "--status=op"
	if [ -n "$takes" ]; then
		_sssctl_option_value "$bin" "$spec" "${w[n-1]}" "" "$cur" "${g[@]}"
		return
	fi
	case $cur in
	--?*=*)
		_sssctl_option_value "$bin" "$spec" "${cur%%=*}" "${cur%%=*}=" "${cur#*=}" "${g[@]}"
		return ;;
	-*)
		_sssctl_filter "$cur" $(printf '%s\n' "$spec" | sed -n 's/^\(--[^=]*\).*/\1/p')
		return ;;
	esac
	_sssctl_operand "$bin" "$spec" "$cur" "${#pos[@]}" "${pos[@]}" "${g[@]}"
}

# _sssctl_filter CUR WORD...: the WORDs that begin with CUR.
_sssctl_filter() {
	[ -n "${ZSH_VERSION-}" ] && emulate -L ksh
	local cur=$1 x
	shift
	for x in "$@"; do
		case $x in "$cur"*) printf '%s\n' "$x" ;; esac
	done
}

_sssctl_dirs() {
	[ -n "${ZSH_VERSION-}" ] && emulate -L ksh
	local d
	for d in "$1"*; do
		[ -d "$d" ] && printf '%s/\n' "$d"
	done
}

# _sssctl_has_value SPEC OPT: whether option OPT ("-m", "--title", or a
# prefix of a long name) takes a value.
_sssctl_has_value() {
	printf '%s\n' "$1" | grep -q -e "^$2=" -e "^$2[^=]*=" 2>/dev/null
}

# _sssctl_option_value BIN SPEC OPT LEAD CUR [-C DIR]: the values of OPT
# that begin with CUR, each printed after LEAD. A list written
# "S[,S...]" completes its last item.
_sssctl_option_value() {
	[ -n "${ZSH_VERSION-}" ] && emulate -L ksh
	local bin=$1 spec=$2 opt=$3 lead=$4 cur=$5 argh what= done=
	shift 5
	argh=$(printf '%s\n' "$spec" | sed -n "s/^$opt[^=]*=//p" | head -n 1)
	case $opt in
	--status) what=status ;;
	--priority) what=priority ;;
	--kind) what=kind ;;
	--sow) what=keys ;;
	--sla) what=sla ;;
	-C) _sssctl_dirs "$cur"; return ;;
	esac
	case $argh in
	*,*) case $cur in *,*) done=${cur%,*},; cur=${cur##*,} ;; esac ;;
	esac
	if [ -n "$what" ]; then
		"$bin" "$@" __complete "$what" "$cur" 2>/dev/null
	else
		# a value set the synopsis spells out: "text|json"
		case $argh in
		*[!a-z0-9|-]* | *'|') ;;
		*'|'*) _sssctl_filter "$cur" $(printf '%s\n' "$argh" | tr '|' ' ') ;;
		esac
	fi | sed "s|^|$lead$done|"
}

# _sssctl_operand BIN SPEC CUR N POS... [-C DIR]: the words for the next
# operand after the N operands POS, by the command's forms ("@usage=show
# KEY"): a form's word itself, ticket IDs for ID, catalog keys for KEY,
# FIELD=VALUE as `set` takes it.
_sssctl_operand() {
	[ -n "${ZSH_VERSION-}" ] && emulate -L ksh
	local bin=$1 spec=$2 cur=$3 np=$4 line tok k ok
	shift 4
	local -a p t
	p=("${@:1:$np}")
	shift "$np"
	# brackets (optional operands) go before the split: no glob sees them
	printf '%s\n' "$spec" | sed -n 's/^@usage=//p' | tr -d '[]' |
	while IFS= read -r line; do
		t=($line)
		ok=1
		for ((k = 0; k <= np; k++)); do
			tok=${t[k]-}
			if [ -z "$tok" ] && [ "${#t[@]}" -gt 0 ]; then
				case ${t[${#t[@]} - 1]} in *...) tok=${t[${#t[@]} - 1]} ;; esac
			fi
			tok=${tok%...}
			[ "$k" -lt "$np" ] || break
			case $tok in
			'') ok= ;;
			[a-z]*) [ "$tok" = "${p[k]}" ] || ok= ;;
			esac
			[ -n "$ok" ] || break
		done
		[ -n "$ok" ] || continue
		case $tok in
		ID) "$bin" "$@" __complete ids "$cur" 2>/dev/null ;;
		KEY) "$bin" "$@" __complete keys "$cur" 2>/dev/null ;;
		FIELD=VALUE)
			case $cur in
			*=*)
				case ${cur%%=*} in status | priority | kind)
					"$bin" __complete "${cur%%=*}" "${cur#*=}" 2>/dev/null |
						sed "s|^|${cur%%=*}=|" ;;
				esac ;;
			*) "$bin" __complete fields "$cur" 2>/dev/null | sed -e '/\.$/!s/$/=/' ;;
			esac ;;
		[a-z]*) _sssctl_filter "$cur" "$tok" ;;
		esac
	done
}

# The bash entry point: COMP_WORDS as bash split them (at '=' too, by
# COMP_WORDBREAKS) joined back into the words typed; COMPREPLY without
# the part of the word before its last '=' when bash split there.
_sssctl_bash() {
	local -a words
	local i n=-1 glue= x cur
	for ((i = 0; i <= COMP_CWORD; i++)); do
		x=${COMP_WORDS[i]}
		if [ "$x" = "=" ] && [ "$n" -ge 0 ]; then
			words[n]+="="
			glue=1
		elif [ -n "$glue" ]; then
			words[n]+=$x
			glue=
		else
			n=$((n + 1))
			words[n]=$x
		fi
	done
	cur=${words[n]}
	local strip=
	if [ "${COMP_WORDS[COMP_CWORD]}" != "$cur" ]; then
		case $cur in *=*) strip=${cur%=*}= ;; esac
	fi
	COMPREPLY=()
	while IFS= read -r x; do
		COMPREPLY+=("${x#"$strip"}")
	done < <(_sssctl_candidates "${words[0]}" "${words[@]:1}")
	# "status=" and "param." go on without a space
	if [ "${#COMPREPLY[@]}" = 1 ]; then
		case ${COMPREPLY[0]} in *= | *. | */) compopt -o nospace 2>/dev/null ;; esac
	fi
}

if [ -n "${BASH_VERSION-}" ]; then
	complete -F _sssctl_bash sssctl
fi
