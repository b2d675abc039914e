#!/bin/sh
# Installs the migrator executable for this machine: picks the release file for the OS/CPU,
# downloads it and SHA256SUMS, verifies the checksum, and only then puts it in PREFIX/bin.
# POSIX sh (dash, busybox ash, bash, zsh in sh mode); no bashisms.

set -eu

# The GitHub repository whose releases hold the files. The default is package.json's
# `repository`, written here by the build (build/install-script.ts); do not edit it by hand.
MIGRATOR_REPO="${MIGRATOR_REPO:-migrator-db/migrator}"
KNOWN="linux-x64 linux-x64-baseline linux-x64-musl linux-arm64 darwin-x64 darwin-arm64 windows-x64.exe"

usage() {
  cat <<EOF
Install migrator (a standalone executable, no runtime needed).

Usage: install.sh [--prefix DIR] [--version vX.Y.Z] [--platform NAME] [--print-platform]

  --prefix DIR       install to DIR/bin/migrator (default: /usr/local, or \$MIGRATOR_PREFIX)
  --version V        release to install, e.g. v0.1.0 (default: \$MIGRATOR_VERSION or latest)
  --platform NAME    skip detection and install migrator-NAME (or \$MIGRATOR_PLATFORM)
  --print-platform   print the file name this machine needs and exit
  -h, --help         show this help

Environment:
  MIGRATOR_DOWNLOAD_BASE  where the files are: an https:// or file:// URL or a local folder
                          holding migrator-<platform> and SHA256SUMS
                          (default: https://github.com/$MIGRATOR_REPO/releases/...)
  MIGRATOR_REPO           GitHub owner/name used for the default base (now: $MIGRATOR_REPO)

Platforms: $KNOWN
EOF
}

die() {
  printf 'install.sh: error: %s\n' "$1" >&2
  exit "${2:-1}"
}

say() { printf '%s\n' "$1" >&2; }

is_known() {
  for k in $KNOWN; do [ "$k" = "$1" ] && return 0; done
  return 1
}

# --- platform detection --------------------------------------------------------------------

is_musl() {
  # musl's ldd prints "musl libc" (to stderr); Alpine-style systems also ship /lib/ld-musl-*.
  if command -v ldd >/dev/null 2>&1 && ldd --version 2>&1 | grep -qi musl; then return 0; fi
  for f in /lib/ld-musl-*; do [ -e "$f" ] && return 0; done
  return 1
}

has_avx2() {
  # Bun's default x64 build needs AVX2 (Haswell, 2013+); older CPUs need the baseline build.
  [ -r /proc/cpuinfo ] || return 0
  grep -qw avx2 /proc/cpuinfo
}

detect_platform() {
  # MIGRATOR_UNAME_S / MIGRATOR_UNAME_M stand in for uname in tests of the mapping.
  os=${MIGRATOR_UNAME_S:-$(uname -s 2>/dev/null || echo unknown)}
  arch=${MIGRATOR_UNAME_M:-$(uname -m 2>/dev/null || echo unknown)}
  case "$os" in
    Linux)
      case "$arch" in
        x86_64 | amd64)
          if is_musl; then echo linux-x64-musl
          elif has_avx2; then echo linux-x64
          else echo linux-x64-baseline
          fi ;;
        aarch64 | arm64)
          is_musl && die "no migrator build for Linux arm64 with musl libc yet (available: $KNOWN)"
          echo linux-arm64 ;;
        *) die "unsupported CPU '$arch' on Linux; migrator is built for x86_64 and aarch64 (available: $KNOWN)" ;;
      esac ;;
    Darwin)
      case "$arch" in
        arm64) echo darwin-arm64 ;;
        x86_64)
          # A shell under Rosetta reports x86_64 on Apple silicon: prefer the native build.
          if [ "$(sysctl -n sysctl.proc_translated 2>/dev/null || echo 0)" = 1 ]; then echo darwin-arm64
          else echo darwin-x64
          fi ;;
        *) die "unsupported CPU '$arch' on macOS (available: $KNOWN)" ;;
      esac ;;
    MINGW* | MSYS* | CYGWIN*)
      die "on Windows, download migrator-windows-x64.exe from the release page instead of running install.sh" ;;
    *) die "unsupported operating system '$os' ($arch); available builds: $KNOWN" ;;
  esac
}

# --- download and checksum -----------------------------------------------------------------

# fetch SRC DEST: SRC is a name under $BASE.
fetch() {
  case "$BASE" in
    http://* | https://*)
      if command -v curl >/dev/null 2>&1; then
        curl -fsSL --retry 3 -o "$2" "$BASE/$1" || die "could not download $BASE/$1"
      elif command -v wget >/dev/null 2>&1; then
        wget -q -O "$2" "$BASE/$1" || die "could not download $BASE/$1"
      else
        die "neither curl nor wget is installed; install one of them, or set MIGRATOR_DOWNLOAD_BASE to a local folder"
      fi ;;
    file://*)
      src="${BASE#file://}/$1"
      [ -f "$src" ] || die "not found: $src (from MIGRATOR_DOWNLOAD_BASE=$BASE)"
      cp "$src" "$2" ;;
    *)
      [ -f "$BASE/$1" ] || die "not found: $BASE/$1 (from MIGRATOR_DOWNLOAD_BASE)"
      cp "$BASE/$1" "$2" ;;
  esac
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | awk '{print $1}'
  elif command -v shasum >/dev/null 2>&1; then shasum -a 256 "$1" | awk '{print $1}'
  else die "neither sha256sum nor shasum is installed: cannot verify the download"
  fi
}

# --- main ----------------------------------------------------------------------------------

PREFIX="${MIGRATOR_PREFIX:-/usr/local}"
VERSION="${MIGRATOR_VERSION:-latest}"
PLATFORM="${MIGRATOR_PLATFORM:-}"
PRINT_ONLY=0

while [ $# -gt 0 ]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --prefix) [ $# -ge 2 ] || die "--prefix needs a directory" 2; PREFIX="$2"; shift 2 ;;
    --prefix=*) PREFIX="${1#--prefix=}"; shift ;;
    --version) [ $# -ge 2 ] || die "--version needs a release, e.g. v0.1.0" 2; VERSION="$2"; shift 2 ;;
    --version=*) VERSION="${1#--version=}"; shift ;;
    --platform) [ $# -ge 2 ] || die "--platform needs a name (one of: $KNOWN)" 2; PLATFORM="$2"; shift 2 ;;
    --platform=*) PLATFORM="${1#--platform=}"; shift ;;
    --print-platform) PRINT_ONLY=1; shift ;;
    *) die "unknown option '$1' (see --help)" 2 ;;
  esac
done

FORCED=0
if [ -n "$PLATFORM" ]; then
  FORCED=1
  is_known "$PLATFORM" || die "unknown platform '$PLATFORM'; available builds: $KNOWN" 2
else
  PLATFORM=$(detect_platform) || exit 1
fi
if [ "$PRINT_ONLY" = 1 ]; then
  echo "$PLATFORM"
  exit 0
fi

FILE="migrator-$PLATFORM"
if [ -n "${MIGRATOR_DOWNLOAD_BASE:-}" ]; then
  BASE="${MIGRATOR_DOWNLOAD_BASE%/}"
elif [ "$VERSION" = latest ]; then
  BASE="https://github.com/$MIGRATOR_REPO/releases/latest/download"
else
  case "$VERSION" in v*) ;; *) VERSION="v$VERSION" ;; esac
  BASE="https://github.com/$MIGRATOR_REPO/releases/download/$VERSION"
fi

TMP=$(mktemp -d 2>/dev/null || mktemp -d -t migrator)
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

say "downloading $FILE from $BASE"
fetch SHA256SUMS "$TMP/SHA256SUMS"
fetch "$FILE" "$TMP/$FILE"

# sha256sum lines are "<hex>  <name>" (or "<hex> *<name>" in binary mode).
EXPECTED=$(awk -v f="$FILE" '$2 == f || $2 == "*" f { print $1; exit }' "$TMP/SHA256SUMS")
[ -n "$EXPECTED" ] || die "SHA256SUMS has no entry for $FILE; nothing was installed"
ACTUAL=$(sha256_of "$TMP/$FILE")
if [ "$EXPECTED" != "$ACTUAL" ]; then
  die "checksum mismatch for $FILE: expected $EXPECTED, got $ACTUAL. The download is corrupt or has been tampered with; nothing was installed."
fi
say "checksum OK ($ACTUAL)"

chmod 755 "$TMP/$FILE"
# A detected platform must run here; a forced one (e.g. staging files for another machine) may not.
if [ "$FORCED" = 0 ] && ! "$TMP/$FILE" --version >/dev/null 2>&1; then
  die "the downloaded $FILE does not run on this machine; nothing was installed (try --platform linux-x64-baseline on an older x86_64 CPU)"
fi

BIN="$PREFIX/bin"
mkdir -p "$BIN" 2>/dev/null || die "cannot create $BIN; run with sudo or choose another --prefix (e.g. --prefix \"\$HOME/.local\")"
# Copy beside the target, then rename: a running migrator is never overwritten in place.
cp "$TMP/$FILE" "$BIN/.migrator.$$" 2>/dev/null || die "cannot write to $BIN; run with sudo or choose another --prefix (e.g. --prefix \"\$HOME/.local\")"
chmod 755 "$BIN/.migrator.$$"
mv -f "$BIN/.migrator.$$" "$BIN/migrator" || { rm -f "$BIN/.migrator.$$"; die "cannot install $BIN/migrator"; }

say "installed $BIN/migrator"
if [ "$FORCED" = 0 ]; then
  "$BIN/migrator" --version >&2 || true
fi
case ":$PATH:" in
  *":$BIN:"*) ;;
  *) say "note: $BIN is not on your PATH" ;;
esac
