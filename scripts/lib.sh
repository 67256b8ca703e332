# scripts/lib.sh: shell helpers shared by scripts/check and scripts/demo.
# Source it from bash:  . "$(dirname "$0")/lib.sh"
#
#   say MSG...              a progress line on stderr
#   die MSG...              say, then exit 1
#   need_root_or_sudo       sets $SUDO ("" as root, "sudo" otherwise)
#   apt_install PKG...      installs the packages that are missing
#   ensure_locale NAME      generates a locale (pt_BR.UTF-8) if missing
#   unpack_deb PKG DIR [VER] apt-get download PKG + dpkg-deb -x into DIR
#   unpack_deb_as PKG DIR BESIDE  the same, in the version found in BESIDE
#   setup_test_system DIR   what the server fixtures need (see below)
#   BUILD_PACKAGES, TEST_PACKAGES, DEMO_PACKAGES: what the project needs

BUILD_PACKAGES="build-essential autoconf automake autopoint gettext
	pkg-config libncurses-dev libreadline-dev libssl-dev xz-utils"
# tests: python3 and pyftpdlib (fake and real servers), tmux (screen tests),
# clang + libFuzzer (fuzzing), locales (pt_BR.UTF-8), groff/mandoc (man
# page lint), what the unpacked vsftpd and proftpd need at run time,
# socat (the inetd that hands each connection to inetutils ftpd), and
# openssl and python3-openssl (the FTPS tests' CA and pyftpdlib's TLS).
TEST_PACKAGES="python3 python3-pyftpdlib python3-openssl openssl tmux clang
	libclang-rt-14-dev locales tzdata groff-base mandoc util-linux passwd socat
	libwrap0 libpam0g libpam-modules libssl3 libcap2
	libacl1 libcrypt1 libhiredis0.14 libidn2-0 libmemcached11
	libmemcachedutil2 libpcre2-posix3 zlib1g"
DEMO_PACKAGES="python3 python3-pyftpdlib"

say() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }
die() { say "$@"; exit 1; }

# Root runs apt-get itself; anyone else goes through sudo (non-interactive
# when there is no terminal, so a CI job fails instead of hanging).
need_root_or_sudo() {
	if [ "$(id -u)" = 0 ]; then
		SUDO=
	elif command -v sudo >/dev/null 2>&1; then
		if [ -t 0 ]; then SUDO=sudo; else SUDO="sudo -n"; fi
	else
		die "this needs root (or sudo) to install packages"
	fi
}

_apt_updated=
apt_install() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q "ok installed" || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	need_root_or_sudo
	say "installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	if ! $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	    --no-install-recommends "${missing[@]}" </dev/null >/dev/null; then
		[ -n "$_apt_updated" ] && die "apt-get install ${missing[*]} failed"
		say "apt-get update, then again"
		$SUDO apt-get update -q </dev/null >/dev/null ||
			die "apt-get update failed"
		_apt_updated=1
		$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		    --no-install-recommends "${missing[@]}" </dev/null >/dev/null ||
			die "apt-get install ${missing[*]} failed"
	fi
}

ensure_locale() {
	local name=$1 lang=${1%%.*}
	locale -a 2>/dev/null | grep -qix "${lang}.utf-\?8" && return 0
	need_root_or_sudo
	say "generating the locale $name"
	$SUDO localedef -i "$lang" -f UTF-8 "$name" ||
		die "localedef $name failed"
}

# unpack_deb PKG DIR [VERSION]: the package's files under DIR (nothing
# installed, no maintainer script run, no service started). Skipped if
# DIR/.done exists. VERSION if apt still has it, else the candidate.
unpack_deb() {
	local pkg=$1 dir=$2 ver=${3:-} debs
	[ -e "$dir/.done" ] && return 0
	say "fetching $pkg${ver:+ $ver} (unpacked under $dir, not installed)"
	rm -rf "$dir" && mkdir -p "$dir"
	debs=$(mktemp -d) || die "mktemp failed"
	chmod 777 "$debs"	# apt's sandbox user (_apt) writes there
	if [ -n "$ver" ] && ! (cd "$debs" && apt-get download -q "$pkg=$ver" \
	    </dev/null >/dev/null 2>&1); then
		say "$pkg $ver is not in the archive; the version apt offers"
		ver=
	fi
	if [ -z "$(ls "$debs")" ] &&
	    ! (cd "$debs" && apt-get download -q "$pkg" </dev/null >/dev/null 2>&1); then
		need_root_or_sudo
		$SUDO apt-get update -q </dev/null >/dev/null
		(cd "$debs" && apt-get download -q "$pkg" </dev/null >/dev/null) ||
			{ rm -rf "$debs"; die "apt-get download $pkg failed"; }
	fi
	dpkg-deb -x "$debs"/"${pkg}"_*.deb "$dir" ||
		{ rm -rf "$debs"; die "dpkg-deb -x $pkg failed"; }
	rm -rf "$debs"
	touch "$dir/.done"
}

# unpack_deb_as PKG DIR BESIDE: unpack_deb PKG DIR in the version of the
# package unpacked in BESIDE (a module must match its server's binary),
# again whenever BESIDE holds another version; the version apt offers if
# that one is no longer in the archive.
unpack_deb_as() {
	local pkg=$1 dir=$2 beside=$3 ver
	ver=$(zcat "$beside"/usr/share/doc/*/changelog.Debian.gz 2>/dev/null |
	    sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p')
	[ -e "$dir/.done" ] && [ "$(cat "$dir/.done")" = "$ver" ] && return 0
	rm -f "$dir/.done"
	unpack_deb "$pkg" "$dir" "$ver"
	echo "$ver" > "$dir/.done"
}

# setup_test_system SERVERS_DIR: what the real-server fixtures need, done
# once and idempotent (re-running changes nothing):
#  - vsftpd, proftpd and GNU inetutils ftpd from Debian, unpacked into
#    SERVERS_DIR/vsftpd, SERVERS_DIR/proftpd-core and
#    SERVERS_DIR/inetutils-ftpd, and proftpd's mod_tls (the package
#    proftpd-mod-crypto, of proftpd-core's version: the FTPS tests) into
#    SERVERS_DIR/proftpd-mod-crypto (apt-get download + dpkg-deb -x: the
#    packages vsftpd/proftpd/pure-ftpd conflict with each other and start a
#    daemon on port 21 when installed, and inetutils-ftpd pulls in an inetd
#    that does; this installs nothing and starts nothing);
#  - the system user "ftp" (home /srv/ftp, no shell), as Debian's FTP server
#    packages create it: vsftpd runs anonymous sessions as that user, and
#    inetutils ftpd chroots them to its home (the tests bind-mount their
#    tree there in a private mount namespace);
#  - the system user "jangada-test" (home /var/lib/jangada-test, shell
#    /usr/sbin/nologin, password "jangada-secret"): the local user the
#    vsftpd tests log in as;
#  - the PAM service /etc/pam.d/jangada-test-vsftpd, used only by the
#    vsftpd the tests start (pam_service_name): it accepts the user
#    jangada-test only, with pam_unix (proftpd reads /etc/shadow itself).
# Needs root (useradd, /etc/pam.d).
setup_test_system() {
	local servers=$1
	[ "$(id -u)" = 0 ] || die "setting up the test servers needs root"
	# Every small file the tests fetch is a data connection that stays
	# in TIME-WAIT for a minute; the default range of 28,000 ephemeral
	# ports runs out when several recursive downloads overlap. Widen it
	# and let new connections reuse TIME-WAIT pairs (loopback only here).
	sysctl -q -w net.ipv4.ip_local_port_range="15000 64999" 2>/dev/null ||
		say "could not widen the ephemeral port range (not fatal)"
	sysctl -q -w net.ipv4.tcp_tw_reuse=1 2>/dev/null || true
	unpack_deb vsftpd "$servers/vsftpd"
	unpack_deb proftpd-core "$servers/proftpd-core"
	unpack_deb_as proftpd-mod-crypto "$servers/proftpd-mod-crypto" \
	    "$servers/proftpd-core"
	unpack_deb inetutils-ftpd "$servers/inetutils-ftpd"
	if ! getent passwd ftp >/dev/null; then
		say "creating the system user ftp (home /srv/ftp)"
		useradd --system --user-group --home-dir /srv/ftp --no-create-home \
		    --shell /usr/sbin/nologin --comment "FTP anonymous" ftp ||
			die "useradd ftp failed"
	fi
	local home
	home=$(getent passwd ftp | cut -d: -f6)
	[ -d "$home" ] || { mkdir -p "$home" && chmod 755 "$home"; }
	if ! getent passwd jangada-test >/dev/null; then
		say "creating the system user jangada-test (for the vsftpd tests)"
		useradd --system --user-group --home-dir /var/lib/jangada-test \
		    --no-create-home --shell /usr/sbin/nologin \
		    --comment "jangada FTP tests" jangada-test ||
			die "useradd jangada-test failed"
	fi
	home=$(getent passwd jangada-test | cut -d: -f6)
	if [ "$home" != /var/lib/jangada-test ]; then
		usermod -d /var/lib/jangada-test jangada-test
	fi
	if [ ! -d /var/lib/jangada-test ]; then
		mkdir -p /var/lib/jangada-test
		chown jangada-test:jangada-test /var/lib/jangada-test
		chmod 755 /var/lib/jangada-test
	fi
	echo 'jangada-test:jangada-secret' | chpasswd ||
		die "chpasswd jangada-test failed"
	local pam=/etc/pam.d/jangada-test-vsftpd
	local want='# jangada tests: the vsftpd started by the tests (tests/lib/servers.py)
# logs in the local test user jangada-test, and nobody else.
auth     requisite  pam_succeed_if.so quiet user = jangada-test
auth     required   pam_unix.so
account  required   pam_unix.so
session  required   pam_permit.so'
	if [ "$(cat "$pam" 2>/dev/null)" != "$want" ]; then
		say "writing $pam"
		printf '%s\n' "$want" > "$pam" || die "cannot write $pam"
	fi
}
