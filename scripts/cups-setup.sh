#!/usr/bin/env bash
# CUPS for the printing tests (test/print/cups), on Debian 12 as root, with or without systemd:
#   1. installs cups, cups-client, cups-bsd, cups-ipp-utils and printer-driver-cups-pdf when missing
#      (without recommended packages: about 29 packages, 150 MB, half a minute);
#   2. starts the scheduler (cupsd) when it is not running;
#   3. adds two queues:
#        indicia-pdf  a CUPS-PDF virtual printer; job N titled T is written to
#                     /var/spool/cups-pdf-indicia/$USER/job_N-T.pdf
#        indicia-zpl  a raw queue to socket://127.0.0.1:19100, where the tests listen as a Zebra printer
#                     listens on port 9100.
# Safe to run again: every step checks or overwrites with the same result. Sets no default printer.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive LC_ALL=C

PDF_QUEUE=indicia-pdf
ZPL_QUEUE=indicia-zpl
ZPL_DEVICE=socket://127.0.0.1:19100
# CUPS-PDF reads /etc/cups/cups-pdf-NAME.conf for the device cups-pdf:/NAME, so this queue has its own
# settings and the package's default PDF queue (if any) keeps its own.
PDF_CONF=/etc/cups/cups-pdf-indicia.conf
PDF_OUT=/var/spool/cups-pdf-indicia

if [ "$(id -u)" -ne 0 ]; then
  echo "cups-setup: run as root (it installs packages, starts cupsd and adds queues)" >&2
  exit 1
fi

packages=(cups cups-client cups-bsd cups-ipp-utils printer-driver-cups-pdf)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "cups-setup: installing ${missing[*]}"
  apt-get update -qq
  # No recommends: avahi, cups-browsed and colord are not needed to print to local queues.
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The scheduler: cupsd forks into the background by itself; no systemd or init script needed.
if ! lpstat -r 2>/dev/null | grep -q 'scheduler is running'; then
  echo "cups-setup: starting cupsd"
  mkdir -p /run/cups
  /usr/sbin/cupsd
  for _ in $(seq 1 50); do lpstat -r 2>/dev/null | grep -q 'scheduler is running' && break; sleep 0.2; done
  lpstat -r | grep -q 'scheduler is running' || { echo "cups-setup: cupsd did not start; see /var/log/cups/error_log" >&2; exit 1; }
fi

# CUPS-PDF settings of our queue. Label 1 and TitlePref 1 name each file job_N-TITLE.pdf after the title
# given to lp, so a test finds its job's file by number. Jobs submitted by root are written as root:
# cups-pdf runs as root (its backend is mode 0700) and takes the job's user for ${USER}.
cat >"$PDF_CONF" <<EOF
Out ${PDF_OUT}/\${USER}
AnonDirName ${PDF_OUT}/ANONYMOUS
Label 1
TitlePref 1
Grp lpadmin
EOF

ppd=$(lpinfo -m 2>/dev/null | awk '$1 ~ /CUPS-PDF_opt\.ppd$/ { print $1; exit }')
ppd=${ppd:-lsb/usr/cups-pdf/CUPS-PDF_opt.ppd}
# The PPD's own defaults win over the .conf file (Label 2, TitlePref 0), so they are set on the queue too.
# abort-job: a job that fails is aborted at once (the tests see PRINT_JOB_FAILED) instead of retried.
lpadmin -p "$PDF_QUEUE" -E -v cups-pdf:/indicia -m "$ppd" -D 'indicia CUPS-PDF test printer' \
  -o Label=1 -o TitlePref=1 -o PDFVer=1.4 -o PageSize=Letter -o printer-error-policy=abort-job 2> >(grep -v 'are deprecated' >&2)
# No model: a raw queue, which passes the job's bytes to the device untouched.
lpadmin -p "$ZPL_QUEUE" -E -v "$ZPL_DEVICE" -D 'indicia raw ZPL test printer' -o printer-error-policy=abort-job 2> >(grep -v 'are deprecated' >&2)
cupsenable "$PDF_QUEUE" "$ZPL_QUEUE"
cupsaccept "$PDF_QUEUE" "$ZPL_QUEUE"

echo "cups-setup: $(lpstat -v "$PDF_QUEUE,$ZPL_QUEUE" | paste -sd ";" -)"
