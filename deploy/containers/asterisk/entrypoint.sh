#!/bin/bash
# Writes the ARI password where asterisk/ari.conf includes it, then runs Asterisk in the foreground.
set -euo pipefail
password=${ARI_PASSWORD:-}
if [ -n "${ARI_PASSWORD_FILE:-}" ]; then password=$(cat "$ARI_PASSWORD_FILE"); fi
[ -n "$password" ] || { echo "callbridge-asterisk: set ARI_PASSWORD or ARI_PASSWORD_FILE" >&2; exit 1; }
(umask 077; printf 'password = %s\n' "$password" >/etc/asterisk/ari-secret.conf)
# -f: foreground, so the container's main process is Asterisk and SIGTERM stops it; -n: no colours in logs.
exec /usr/sbin/asterisk -f -n "$@"
