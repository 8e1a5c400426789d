#!/usr/bin/env bash
# Debian packages the kiosk needs beyond Python wheels.
#   run:  what QtWebEngine and Qt Virtual Keyboard need to show a window; speech-dispatcher
#         with espeak-ng, through which the kiosk speaks (pl, en, uk voices)
#   test: plus Xvfb, xdotool and ImageMagick for real-window tests and screenshots; cage and
#         grim for the kiosk under a wlroots compositor; systemd-analyze for the units;
#         dbus-x11, whose autolaunch the session-bus test must survive; pulseaudio, its
#         utilities (parec, pactl) and sox to hear speech on a null sink; at-spi2-core and
#         python3-pyatspi to read the accessibility tree as Orca does; coturn, the TURN server
#         a call through the connection gate is relayed by; CUPS with cups-pdf and poppler's
#         pdftotext, the private print queue of tests/qt/test_printing.py (docs/printing.md)
# As root: installs what is missing with apt-get. Otherwise prints the exact command and fails.
set -euo pipefail
profile="${1:-run}"

command -v dpkg-query >/dev/null 2>&1 || { echo "system-deps: not a Debian system, skipping package check"; exit 0; }

run_pkgs=(libnss3 libxkbcommon0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
          libxcb-render-util0 libxcb-cursor0 libxcb-xinerama0 libxcb-randr0 libxcb-shape0 libxcb-xkb1
          libegl1 libgl1 libfontconfig1 libdbus-1-3 libpulse0 fonts-dejavu-core
          speech-dispatcher speech-dispatcher-espeak-ng espeak-ng
          cups-client)  # lp, lpstat, cancel: printing to the kiosk's own printer ([printing])
test_pkgs=(xvfb xauth xdotool imagemagick libnss3-tools openssl prometheus prometheus-alertmanager minisign coturn
           cage grim libwayland-cursor0 libwayland-egl1 systemd dbus dbus-x11
           pulseaudio pulseaudio-utils sox at-spi2-core python3-pyatspi
           cups cups-client printer-driver-cups-pdf poppler-utils)

pkgs=("${run_pkgs[@]}")
[ "$profile" = "test" ] && pkgs+=("${test_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  echo "system-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "system-deps: missing Debian packages. Install them with:"
  echo "  sudo apt-get install -y ${missing[*]}"
  exit 1
fi
