# Shared by scripts/start and scripts/test: install what is missing, quietly and repeatably.
# shellcheck shell=bash

log() { printf '\033[1m[mitte]\033[0m %s\n' "$*" >&2; }

is_root() { [ "$(id -u)" = 0 ]; }

APT_UPDATED=0
# ensure_apt PACKAGE...: install Debian packages that are not installed yet (root only).
ensure_apt() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! is_root; then
    log "missing system packages: ${missing[*]} (run as root, or install them with apt-get)"
    return 1
  fi
  if [ "$APT_UPDATED" = 0 ]; then
    log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    APT_UPDATED=1
  fi
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# ensure_apt_held PACKAGE...: ensure_apt with a policy-rc.d answering 101, so the packages'
# maintainer scripts do not start their services (clamd, freshclam, HAProxy) while installing.
ensure_apt_held() {
  local policy=/usr/sbin/policy-rc.d own_policy=0 rc=0
  if is_root && [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && own_policy=1
  fi
  ensure_apt "$@" || rc=$?
  [ "$own_policy" = 1 ] && rm -f "$policy"
  return "$rc"
}

ensure_node() {
  if ! command -v node >/dev/null 2>&1; then
    log "Node.js 20 is required (https://nodejs.org or Debian's nodejs package)"
    exit 1
  fi
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$major" -lt 20 ]; then
    log "Node.js >= 20 is required, found $(node --version)"
    exit 1
  fi
}

# npm ci when node_modules is missing or older than the lockfile.
ensure_node_deps() {
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "npm ci"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

# A free TCP port on loopback.
free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

postgres_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

# start_throwaway_postgres DIR: starts a disposable cluster (trust auth, fsync off) and prints
# its superuser URL. stop_throwaway_postgres DIR stops it.
start_throwaway_postgres() {
  local dir=$1 bin port run=()
  bin=$(postgres_bin) || { ensure_apt postgresql && bin=$(postgres_bin); }
  port=$(free_port)
  mkdir -p "$dir"
  if is_root; then
    chown -R postgres "$dir"
    run=(runuser -u postgres --)
  fi
  "${run[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-instructions >/dev/null
  "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -o \
    "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null
  echo "postgres://postgres@127.0.0.1:$port/postgres"
}

stop_throwaway_postgres() {
  local dir=$1 bin run=()
  [ -d "$dir/data" ] || return 0
  bin=$(postgres_bin) || return 0
  is_root && run=(runuser -u postgres --)
  "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
}

# Headless Chromium for the e2e tests, from Debian (never a downloaded browser), with CJK fonts so
# Japanese pages render as text rather than boxes.
ensure_browser() {
  ensure_apt chromium fonts-noto-cjk fonts-thai-tlwg
}

# A Japanese font for the deletion certificate PDF (CERTIFICATE_FONT_FILE defaults to Noto Sans CJK
# from this package); installed here, never downloaded at run time.
ensure_certificate_font() {
  ensure_apt fonts-noto-cjk
}

# The tools the upload pipeline runs (src/modules/media): qpdf parses PDFs to refuse active
# content, ffprobe/ffmpeg validate videos and remux them without metadata. Needed at run time
# (uploads of PDFs and videos are refused without them) and by the media tests.
ensure_media_tools() {
  ensure_apt qpdf ffmpeg
}

# ClamAV for the virus-scan tests: clamd is started by the tests themselves with a private config
# and our own signatures only (no download ever happens). The packaged clamd/freshclam services
# must not run: a policy-rc.d answering 101 keeps the maintainer scripts from starting them.
ensure_clamav() {
  local pkg missing=0
  for pkg in clamav-daemon clamav-testfiles; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing=1
  done
  [ "$missing" = 0 ] && return 0
  ensure_apt_held clamav-daemon clamav-testfiles || return $?
  # Freshly installed here: keep the services from starting at boot as well.
  for pkg in clamav-daemon clamav-freshclam; do
    update-rc.d "$pkg" disable >/dev/null 2>&1 || true
    systemctl disable --quiet "$pkg" >/dev/null 2>&1 || true
  done
}

# start_local_clamd DIR: a clamd for the embedded default. No signature database can be
# downloaded here, so it loads Debian's official databases when freshclam has fetched them
# (/var/lib/clamav) and otherwise only our own test signature (EICAR); the built-in updater or
# freshclam add more in production. Prints its CLAMD_URL; stop_local_clamd DIR stops it.
start_local_clamd() {
  local dir=$1 db
  # clamd writes each streamed upload to TemporaryDirectory in plaintext while it scans; a file
  # of a killed clamd would stay. Private (0700, clamd's own user) and emptied at every start.
  mkdir -p -m 0700 "$dir"
  mkdir -p "$dir/db"
  rm -rf "$dir/tmp"
  mkdir -m 0700 "$dir/tmp"
  db="$dir/db"
  if ls /var/lib/clamav/*.c[lv]d >/dev/null 2>&1; then db=/var/lib/clamav; fi
  printf 'Mitte.Local.EICAR:0:*:45494341522d5354414e444152442d414e544956495255532d544553542d46494c45\n' >"$dir/db/mitte-local.ndb"
  cat >"$dir/clamd.conf" <<CONF
LocalSocket $dir/clamd.sock
FixStaleSocket yes
DatabaseDirectory $db
TemporaryDirectory $dir/tmp
LogFile $dir/clamd.log
Foreground yes
ScanArchive yes
StreamMaxLength 600M
AlertExceedsMax yes
MaxFileSize 600M
MaxScanSize 1024M
MaxRecursion 10
CONF
  if is_root; then chown -R clamav "$dir" 2>/dev/null || true; fi
  /usr/sbin/clamd -c "$dir/clamd.conf" >/dev/null 2>&1 &
  echo $! >"$dir/clamd.pid"
  for _ in $(seq 1 100); do
    [ -S "$dir/clamd.sock" ] && break
    sleep 0.1
  done
  echo "unix://$dir/clamd.sock"
}

stop_local_clamd() {
  local dir=$1
  [ -f "$dir/clamd.pid" ] && kill "$(cat "$dir/clamd.pid")" 2>/dev/null || true
  rm -f "$dir/clamd.pid"
}

# start_s3rver DIR: an S3 protocol server for the tests (s3rver from the dev dependencies) on a
# free loopback port, objects under DIR; prints its endpoint (credentials S3RVER / S3RVER).
# stop_s3rver DIR stops it. The tests use S3_TEST_ENDPOINT instead when it is set (MinIO, Ceph).
start_s3rver() {
  local dir=$1 endpoint
  mkdir -p "$dir/objects"
  node scripts/s3rver.mjs "$dir/objects" >"$dir/endpoint" 2>"$dir/s3rver.log" &
  echo $! >"$dir/s3rver.pid"
  for _ in $(seq 1 100); do
    endpoint=$(head -n 1 "$dir/endpoint" 2>/dev/null || true)
    [ -n "$endpoint" ] && break
    sleep 0.1
  done
  [ -n "$endpoint" ] || { log "s3rver did not start: $(cat "$dir/s3rver.log")"; return 1; }
  echo "$endpoint"
}

stop_s3rver() {
  local dir=$1
  [ -f "$dir/s3rver.pid" ] && kill "$(cat "$dir/s3rver.pid")" 2>/dev/null || true
  rm -f "$dir/s3rver.pid"
}

# Everything the test suite needs from Debian in one apt-get install (one download, one run of
# the packages' triggers), then each tool's own set-up (services kept from starting).
ensure_test_system_packages() {
  ensure_apt_held chromium fonts-noto-cjk fonts-thai-tlwg clamav-daemon clamav-testfiles qpdf ffmpeg haproxy &&
    ensure_clamav && ensure_haproxy
}

# HAProxy for the multi-node system test (test/system/nodes.test.ts starts it with its own config).
ensure_haproxy() {
  ensure_apt haproxy
  # The packaged service must not hold port 80 or run beside the tests' own.
  if is_root; then
    systemctl disable --now --quiet haproxy >/dev/null 2>&1 || true
    update-rc.d haproxy disable >/dev/null 2>&1 || true
  fi
}
