#!/usr/bin/env bash
# Install (or update) Infomat on a Debian/Ubuntu kiosk PC. Idempotent: run it again after
# every new bundle; it changes only what differs and never overwrites an edited config.
#
#   sudo deploy/linux/install.sh [--x11] [--bundle DIR] [--config FILE]
#
#   --x11      bare X without a window manager instead of the cage compositor
#   --bundle   the built one-folder bundle (default: dist/infomat next to this repo)
#   --config   the county's kiosk.toml, installed to /etc/infomat/ only if none is there
#
# INFOMAT_ROOT=/some/dir installs into that directory tree instead of / and skips
# useradd, apt-get and systemctl (used by the tests; handy to review what it writes).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
root="${INFOMAT_ROOT:-}"
mode="cage"
bundle="$repo/dist/infomat"
config=""
while [ $# -gt 0 ]; do
  case "$1" in
    --x11) mode="x11" ;;
    --bundle) bundle="$2"; shift ;;
    --config) config="$2"; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

say() { printf 'infomat-install: %s\n' "$*"; }
system() {  # commands that change the machine itself; skipped when installing into a tree
  if [ -n "$root" ]; then say "(skipped under INFOMAT_ROOT) $*"; else "$@"; fi
}
put() {  # put SRC DEST MODE: copy only when different
  local src="$1" dest="$root$2" perm="$3"
  mkdir -p "$(dirname "$dest")"
  if [ -f "$dest" ] && cmp -s "$src" "$dest"; then
    say "unchanged $2"
  else
    install -m "$perm" "$src" "$dest"
    say "installed $2"
  fi
}

if [ -z "$root" ] && [ "$(id -u)" -ne 0 ]; then
  echo "install.sh: run as root (sudo), or set INFOMAT_ROOT to install into a directory" >&2
  exit 1
fi
if [ ! -x "$bundle/infomat" ]; then
  echo "install.sh: no bundle at $bundle (build it with \`make bundle\`, or pass --bundle DIR)" >&2
  exit 1
fi

# 1. Packages: the compositor or X, fonts, and the libraries QtWebEngine loads from the system.
#    cage starts Xwayland at launch and exits without it (Debian's cage does not depend on
#    it: a fresh install looped every 2 s); wlr-randr switches the display off outside hours.
#    dbus: the kiosk runs in a session bus that ends with it (dbus-run-session).
if [ "$mode" = "cage" ]; then
  display_pkgs="cage xwayland wlr-randr libwayland-client0 libwayland-cursor0 libwayland-egl1"
else
  display_pkgs="xserver-xorg xinit x11-xserver-utils"
fi
# The libraries of these packages and of what they depend on are not in the bundle: the
# kiosk uses the system's, with its security updates (scripts/system_libraries.py).
runtime_pkgs="dbus libnss3 libxkbcommon0 libpulse0 libegl1 libgl1 fonts-dejavu-core"
system apt-get update
# shellcheck disable=SC2086
system apt-get install -y --no-install-recommends $display_pkgs $runtime_pkgs

# 2. The unprivileged kiosk user: no password, no sudo, in the groups a seat needs.
if [ -z "$root" ]; then
  if id kiosk >/dev/null 2>&1; then
    say "user kiosk exists"
  else
    useradd --create-home --shell /usr/sbin/nologin --comment "Infomat kiosk" kiosk
    say "created user kiosk"
  fi
  usermod -a -G video,input,render kiosk 2>/dev/null || usermod -a -G video,input kiosk
else
  say "(skipped under INFOMAT_ROOT) useradd kiosk"
fi

# 3. The bundle, replaced as a whole (rsync keeps unchanged files untouched).
mkdir -p "$root/opt/infomat"
if command -v rsync >/dev/null 2>&1; then
  changed="$(rsync -a --delete --itemize-changes "$bundle/" "$root/opt/infomat/" | wc -l)"
else
  rm -rf "$root/opt/infomat.new"; cp -a "$bundle" "$root/opt/infomat.new"
  rm -rf "$root/opt/infomat"; mv "$root/opt/infomat.new" "$root/opt/infomat"; changed="all"
fi
say "bundle in /opt/infomat ($changed changed entries)"
# One command name for every install: `kiosk …`, as after a pip install (docs use it).
mkdir -p "$root/usr/local/bin"
if [ "$(readlink "$root/usr/local/bin/kiosk" 2>/dev/null)" != /opt/infomat/infomat ]; then
  ln -sfn /opt/infomat/infomat "$root/usr/local/bin/kiosk"
  say "linked /usr/local/bin/kiosk -> /opt/infomat/infomat"
fi

# 4. The config: the county's file once; later edits by the technician are kept. The files
#    it names (crest, news, calendar, images) live in the content/ folder beside it.
mkdir -p "$root/etc/infomat"
source_config="${config:-$root/opt/infomat/config/kiosk.toml}"
if [ -f "$root/etc/infomat/kiosk.toml" ]; then
  if cmp -s "$source_config" "$root/etc/infomat/kiosk.toml"; then
    say "unchanged /etc/infomat/kiosk.toml"
  else
    say "kept existing /etc/infomat/kiosk.toml: it differs from $source_config (see: diff $source_config /etc/infomat/kiosk.toml)"
  fi
else
  install -m 0644 "$source_config" "$root/etc/infomat/kiosk.toml"
  say "installed /etc/infomat/kiosk.toml"
fi
source_content="$(dirname "$source_config")/content"
if [ -d "$source_content" ]; then
  # New files are added; a file already there (maybe edited on this kiosk) is kept.
  cp -a -n "$source_content/." "$root/etc/infomat/content/" 2>/dev/null \
    || { mkdir -p "$root/etc/infomat/content" && cp -a -n "$source_content/." "$root/etc/infomat/content/"; }
  say "content files in /etc/infomat/content ($(find "$root/etc/infomat/content" -type f | wc -l) files)"
fi
# The county's web server CA ([fleet] ca_file), when the config names one: a path relative
# to the config's folder, so it goes beside it.
ca_file="$(sed -n 's/^[[:space:]]*ca_file[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' "$source_config" | head -n 1)"
if [ -n "$ca_file" ]; then
  case "$ca_file" in
    /*) ca_source="$ca_file"; ca_target="$ca_file" ;;
    *) ca_source="$(dirname "$source_config")/$ca_file"; ca_target="/etc/infomat/$ca_file" ;;
  esac
  if [ -f "$ca_source" ]; then
    put "$ca_source" "$ca_target" 0644
  elif [ ! -f "$root$ca_target" ]; then
    say "WARNING: [fleet] ca_file $ca_file not found beside $source_config; copy it to $ca_target"
  fi
fi
"$root/opt/infomat/infomat" check-config "$root/etc/infomat/kiosk.toml"

# 5. Display server settings and the systemd unit.
if [ "$mode" = "x11" ]; then
  put "$here/10-infomat.conf" /etc/X11/xorg.conf.d/10-infomat.conf 0644
  put "$here/Xwrapper.config" /etc/X11/Xwrapper.config 0644
  put "$here/infomat-x.service" /etc/systemd/system/infomat.service 0644
else
  put "$here/infomat.service" /etc/systemd/system/infomat.service 0644
fi
system systemctl daemon-reload
system systemctl disable getty@tty1.service
system systemctl set-default graphical.target
system systemctl enable infomat.service
say "done: reboot, or \`systemctl restart infomat\`; check with \`sudo -u kiosk kiosk doctor\`"
