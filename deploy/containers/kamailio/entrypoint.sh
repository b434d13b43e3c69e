#!/bin/bash
# Writes callbridge-local.cfg (what differs per deployment, as deploy/local/stack writes it) from the
# environment, makes a self-signed TLS certificate when none is mounted, then runs Kamailio in the foreground.
#   KAMAILIO_DB_URL       postgres://kamailio:PASSWORD@HOST:5432/callbridge (or KAMAILIO_DB_PASSWORD[_FILE],
#                         KAMAILIO_DB_HOST, KAMAILIO_DB_NAME)
#   PUBLIC_IP             the address phones reach the edge at, besides loopback (optional)
#   DISPATCHER_LIST       the Asterisk nodes (default: /etc/kamailio/dispatcher.list, one node at 127.0.0.1:5080),
#                         written into the table dispatcher at each start
#   TLS_DIR               server.crt, server.key, ca.crt (default /etc/kamailio/tls; made if missing)
#   CAPTURE_PCAP_DIR      every SIP message to rotated pcap files in this directory (optional; capture.cfg)
#   CAPTURE_ROTATE_SECONDS, CAPTURE_KEEP_SECONDS  a new file every N s (3600); files kept N s (172800)
#   HEP_ADDRESS           debug mode's messages to this HEP collector too, e.g. sip:homer:9060 (optional)
#   DIGEST_NONCE_SECRET   signs the SHA-256 digest nonces (registrar.cfg); default: random at each start. Set
#                         the same value on every replica when phones may reach another one with a nonce.
set -euo pipefail
etc=/etc/kamailio
password=${KAMAILIO_DB_PASSWORD:-kamailio}
if [ -n "${KAMAILIO_DB_PASSWORD_FILE:-}" ]; then password=$(cat "$KAMAILIO_DB_PASSWORD_FILE"); fi
url=${KAMAILIO_DB_URL:-postgres://kamailio:$password@${KAMAILIO_DB_HOST:-127.0.0.1}:5432/${KAMAILIO_DB_NAME:-callbridge}}
tls=${TLS_DIR:-$etc/tls}
if [ ! -s "$tls/server.crt" ]; then
  mkdir -p "$tls"
  openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=callbridge-edge" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$tls/server.key" -out "$tls/server.crt" 2>/dev/null
  cp "$tls/server.crt" "$tls/ca.crt"
fi
{
  printf '#!define DBURL "%s"\n' "$url"
  printf '#!define DISPATCHER_LIST "%s"\n' "${DISPATCHER_LIST:-$etc/dispatcher.list}"
  printf '#!define DIGEST_NONCE_SECRET "%s"\n' "${DIGEST_NONCE_SECRET:-$(openssl rand -hex 32)}"
  printf '#!define TLS_CERTIFICATE "%s/server.crt"\n#!define TLS_PRIVATE_KEY "%s/server.key"\n#!define TLS_CA_LIST "%s/ca.crt"\n' "$tls" "$tls" "$tls"
  if [ -n "${PUBLIC_IP:-}" ]; then printf '#!define PUBLIC_IP %s\n' "$PUBLIC_IP"; fi
  if [ -n "${CAPTURE_PCAP_DIR:-}" ]; then
    mkdir -p "$CAPTURE_PCAP_DIR"
    printf '#!define CAPTURE_PCAP_DIR "%s"\n' "$CAPTURE_PCAP_DIR"
    if [ -n "${CAPTURE_ROTATE_SECONDS:-}" ]; then printf '#!define CAPTURE_ROTATE_SECONDS %d\n' "$CAPTURE_ROTATE_SECONDS"; fi
    if [ -n "${CAPTURE_KEEP_SECONDS:-}" ]; then printf '#!define CAPTURE_KEEP_SECONDS %d\n' "$CAPTURE_KEEP_SECONDS"; fi
  fi
  if [ -n "${HEP_ADDRESS:-}" ]; then printf '#!define HEP_ADDRESS "%s"\n' "$HEP_ADDRESS"; fi
} >"$etc/callbridge-local.cfg"
# The media nodes (dispatcher sets below 100) into Kamailio's table dispatcher; the trunks' sets are the app's.
awk -f /usr/share/callbridge/media-nodes.awk "${DISPATCHER_LIST:-$etc/dispatcher.list}" | psql -X -q -v ON_ERROR_STOP=1 "$url" >/dev/null
kamailio -c -f "$etc/kamailio.cfg" >/dev/null
exec kamailio -f "$etc/kamailio.cfg" -DD -E -m "${KAMAILIO_SHM_MB:-64}" -M "${KAMAILIO_PKG_MB:-8}"
