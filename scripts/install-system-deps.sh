#!/usr/bin/env bash
# Install the Debian packages the app and its tests need, only those missing.
# redis-server: the job queue; wkhtmltopdf + fonts-noto-cjk: PDF reports with Chinese text;
# chromium: the end-to-end browser tests; postgresql: the second database the suite runs on;
# fonts-wqy-zenhei: a TrueType CJK font for the page numbers stamped on report PDFs; poppler-utils: the tests read
# the PDFs back (pdftotext, pdffonts).
set -euo pipefail

missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
command -v wkhtmltopdf >/dev/null || missing+=(wkhtmltopdf)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
command -v chromium >/dev/null || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v fc-list >/dev/null || missing+=(fontconfig)
[ -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || missing+=(fonts-wqy-zenhei)
command -v pdftotext >/dev/null || missing+=(poppler-utils)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages: ${missing[*]}. Install them as root: apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
