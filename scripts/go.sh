#!/bin/sh
# The Go toolchain of the Makefile. The project needs Go 1.26 or newer;
# Debian bookworm's golang-go is 1.19, so make installs Go itself.
#
#   scripts/go.sh          print the go command to use, installing Go
#                          $GO_VERSION (default below) from the official
#                          tarball into $GO_INSTALL_DIR (default /usr/local/go)
#                          when no Go 1.26 or newer is on PATH or there
#   scripts/go.sh --find   print it without installing ("go" when none)
#
# The tarball is checked against the SHA-256 published beside it on
# dl.google.com before it is unpacked.
set -eu

GO_VERSION=${GO_VERSION:-1.26.8}
GO_INSTALL_DIR=${GO_INSTALL_DIR:-/usr/local/go}
MIN_MINOR=26 # Go 1.26

# recent GO: true when GO runs and is Go 1.26 or newer.
recent() {
	v=$("$1" version 2>/dev/null | awk '{print $3}') || return 1
	v=${v#go}
	major=${v%%.*}
	rest=${v#*.}
	minor=${rest%%[!0-9]*}
	[ -n "$major" ] && [ -n "$minor" ] || return 1
	[ "$major" -gt 1 ] || { [ "$major" -eq 1 ] && [ "$minor" -ge "$MIN_MINOR" ]; }
}

for cand in "$(command -v go 2>/dev/null || true)" "$GO_INSTALL_DIR/bin/go"; do
	if [ -n "$cand" ] && [ -x "$cand" ] && recent "$cand"; then
		echo "$cand"
		exit 0
	fi
done
if [ "${1:-}" = "--find" ]; then
	echo go
	exit 0
fi

case "$(dpkg --print-architecture 2>/dev/null || uname -m)" in
amd64 | x86_64) arch=amd64 ;;
arm64 | aarch64) arch=arm64 ;;
i386 | i686) arch=386 ;;
armhf | armv7l) arch=armv6l ;;
*)
	echo "scripts/go.sh: no Go 1.26 found and no official build for $(uname -m): install Go $GO_VERSION from https://go.dev/dl/" >&2
	exit 1
	;;
esac
url="https://dl.google.com/go/go$GO_VERSION.linux-$arch.tar.gz"
echo "installing Go $GO_VERSION into $GO_INSTALL_DIR from $url (no Go 1.26 or newer found; Debian's golang-go is older)" >&2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! curl -fsSL --retry 3 -o "$tmp/go.tar.gz" "$url" || ! curl -fsSL --retry 3 -o "$tmp/go.sha256" "$url.sha256"; then
	echo "scripts/go.sh: cannot download $url: install Go $GO_VERSION by hand (README, Set-up) and run make again" >&2
	exit 1
fi
sum=$(tr -d ' \n' <"$tmp/go.sha256")
if ! echo "$sum  $tmp/go.tar.gz" | sha256sum -c - >/dev/null; then
	echo "scripts/go.sh: $url does not match its published SHA-256 $sum: not installed" >&2
	exit 1
fi
rm -rf "$GO_INSTALL_DIR"
mkdir -p "$(dirname "$GO_INSTALL_DIR")"
tar -C "$tmp" -xzf "$tmp/go.tar.gz"
mv "$tmp/go" "$GO_INSTALL_DIR"
if ! recent "$GO_INSTALL_DIR/bin/go"; then
	echo "scripts/go.sh: $GO_INSTALL_DIR/bin/go does not run" >&2
	exit 1
fi
echo "$GO_INSTALL_DIR/bin/go"
