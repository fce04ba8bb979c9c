# lib.sh - building the libFuzzer harnesses; sourced by run.sh and
# suite-fuzz.sh from the top of the source tree.
#
# Every lib/**/*.c and the embedded catalog are compiled with clang and
# -fsanitize=fuzzer-no-link,address,undefined into build-fuzz/, and each
# tests/fuzz/fuzz_*.c is linked against them with -fsanitize=fuzzer.
# Harness names are the file names without "fuzz_": frontmatter, yaml,
# config, catalog, template, id, query.

FUZZ_OUT=build-fuzz
FUZZ_CC=${FUZZ_CC:-}
FUZZ_HARNESSES="frontmatter yaml config catalog template id query"

# fuzz_find_cc: set FUZZ_CC to a clang that can link libFuzzer, or
# return 1 with the reason in FUZZ_WHY.
fuzz_find_cc() {
	FUZZ_WHY=
	if [ -z "$FUZZ_CC" ]; then
		for c in clang clang-14 clang-15 clang-16 clang-17 clang-18; do
			if command -v "$c" >/dev/null 2>&1; then
				FUZZ_CC=$c
				break
			fi
		done
	fi
	if [ -z "$FUZZ_CC" ]; then
		FUZZ_WHY="clang is not installed (Debian: clang, libclang-rt-14-dev)"
		return 1
	fi
	mkdir -p "$FUZZ_OUT"
	printf '#include <stdint.h>\n#include <stddef.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' \
		>"$FUZZ_OUT/probe.c"
	if ! "$FUZZ_CC" -fsanitize=fuzzer,address,undefined -o "$FUZZ_OUT/probe" \
		"$FUZZ_OUT/probe.c" >"$FUZZ_OUT/probe.log" 2>&1; then
		FUZZ_WHY="$FUZZ_CC cannot link libFuzzer (Debian: libclang-rt-14-dev)"
		return 1
	fi
	rm -f "$FUZZ_OUT/probe" "$FUZZ_OUT/probe.c" "$FUZZ_OUT/probe.log"
}

# fuzz_build: compile the library and every harness (only what changed).
# Compiler output goes to build-fuzz/build.log.
fuzz_build() {
	# the Makefile's pkg-config packages, so that the two never differ
	pkgs=$(sed -n 's/^PKGS *= *//p' Makefile)
	san="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
	cflags="-std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE -O1 -g $san -Wall -Wextra
		-Werror=implicit-function-declaration -Wno-missing-field-initializers -Iinclude -Ilib -I$FUZZ_OUT
		$(pkg-config --cflags $pkgs)"
	libs="$(pkg-config --libs $pkgs) -lcmark-gfm-extensions"
	log=$FUZZ_OUT/build.log
	: >"$log"
	[ -n "$pkgs" ] || { echo "lib.sh: no PKGS line in the Makefile" >>"$log"; return 1; }
	mkdir -p "$FUZZ_OUT/obj"
	make --no-print-directory -s BUILD="$FUZZ_OUT" "$FUZZ_OUT/embedded.c" >>"$log" 2>&1 ||
		return 1
	objs=
	# every library source, in subfolders too; an object is named after
	# its whole path, so lib/x.c and lib/sub/x.c never share one
	for src in $(find lib -name '*.c' | LC_ALL=C sort) "$FUZZ_OUT/embedded.c"; do
		case $src in
		lib/*) obj=$FUZZ_OUT/obj/$(echo "${src%.c}" | tr / _).o ;;
		*) obj=$FUZZ_OUT/obj/generated_$(basename "$src" .c).o ;;
		esac
		objs="$objs $obj"
		if [ ! -f "$obj" ] || [ -n "$(find "$src" include lib -name '*.[ch]' -newer "$obj" 2>/dev/null | head -n 1)" ]; then
			# shellcheck disable=SC2086
			"$FUZZ_CC" $cflags -fsanitize=fuzzer-no-link -c -o "$obj" "$src" >>"$log" 2>&1 ||
				return 1
		fi
	done
	for h in $FUZZ_HARNESSES; do
		src=tests/fuzz/fuzz_$h.c bin=$FUZZ_OUT/fuzz-$h
		if [ ! -x "$bin" ] || [ -n "$(find "$src" tests/fuzz/fuzz.h $objs -newer "$bin" | head -n 1)" ]; then
			# shellcheck disable=SC2086
			"$FUZZ_CC" $cflags -fsanitize=fuzzer -o "$bin" "$src" $objs $libs >>"$log" 2>&1 ||
				return 1
		fi
	done
}

# fuzz_seed_dir H DIR: fill DIR with the seed inputs of harness H: the
# hand-written seeds of tests/fuzz/seeds/H, the corpus entries of the
# matching kind and the crashes fixed so far (tests/fuzz/regressions/H).
fuzz_seed_dir() {
	h=$1 dir=$2
	mkdir -p "$dir"
	for f in tests/fuzz/seeds/$h/* tests/fuzz/regressions/$h/*; do
		[ -f "$f" ] && cp "$f" "$dir/"
	done
	case $h in
	frontmatter) kinds="ticket" ;;
	yaml) kinds="ticket config catalog" ;;
	config) kinds="config" ;;
	catalog) kinds="catalog" ;;
	id) kinds="arg" ;;
	*) kinds= ;;
	esac
	[ -n "$kinds" ] || return 0
	while read -r path kind expect rest; do
		case $path in '#'* | '') continue ;; esac
		case " $kinds " in *" $kind "*) ;; *) continue ;; esac
		src=tests/corpus/$path
		[ -f "$src" ] || continue
		# big files make slow seeds; the corpus suite covers them
		[ "$(wc -c <"$src")" -le 65536 ] || continue
		case $h in
		id) # every argument of the entry, after a fiscal-year byte
			i=0
			while IFS= read -r a; do
				i=$((i + 1))
				{ printf '\004'; printf '%s' "$a"; } >"$dir/corpus-$(basename "$path")-$i"
			done <"$src" ;;
		*) cp "$src" "$dir/corpus-$(basename "$path")" ;;
		esac
	done <tests/corpus/MANIFEST
	if [ "$h" = catalog ] || [ "$h" = yaml ]; then
		cp sow/*.yml "$dir/" 2>/dev/null
	fi
	return 0
}

# fuzz_execs LOG: the number of executions libFuzzer reported last.
fuzz_execs() {
	sed -n 's/.*stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$1" | tail -n 1
}
