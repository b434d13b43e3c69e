#!/bin/bash
# Writes the ARI password where asterisk/ari.conf includes it, then runs Asterisk in the foreground.
set -euo pipefail
password=${ARI_PASSWORD:-}
if [ -n "${ARI_PASSWORD_FILE:-}" ]; then password=$(cat "$ARI_PASSWORD_FILE"); fi
[ -n "$password" ] || { echo "callbridge-asterisk: set ARI_PASSWORD or ARI_PASSWORD_FILE" >&2; exit 1; }
(umask 077; printf 'password = %s\n' "$password" >/etc/asterisk/ari-secret.conf)
# asterisk/*.conf bind loopback, as on one host (the local stack, compose). Where Asterisk has an address of
# its own (a Kubernetes pod), ASTERISK_ADDRESS moves its SIP, RTP and ARI bindings there, and EDGE_ADDRESS
# (with EDGE_MATCH, an address or CIDR) names where Kamailio is.
if [ -n "${ASTERISK_ADDRESS:-}" ]; then
  sed -i -E "s/^(bind|media_address|bindaddr)( *= *)127\.0\.0\.1/\1\2$ASTERISK_ADDRESS/" /etc/asterisk/pjsip.conf /etc/asterisk/http.conf
fi
if [ -n "${EDGE_ADDRESS:-}" ]; then
  sed -i -E "s|127\.0\.0\.1:5060|$EDGE_ADDRESS:5060|; s|^(match *= *)127\.0\.0\.1\s*$|\1${EDGE_MATCH:-$EDGE_ADDRESS}|" /etc/asterisk/pjsip.conf
fi
# -f: foreground, so the container's main process is Asterisk and SIGTERM stops it; -n: no colours in logs.
exec /usr/sbin/asterisk -f -n "$@"
