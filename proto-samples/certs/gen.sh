#!/usr/bin/env bash
# Regenerates the demo lab's test PKI: a CA, a server certificate for localhost/127.0.0.1 and a
# client certificate for mTLS. Test-only keys; valid for 100 years so tests never expire.
set -euo pipefail
cd "$(dirname "$0")"
openssl req -x509 -newkey rsa:2048 -nodes -days 36500 -subj "/CN=gRPC Workbench Lab CA" \
  -keyout ca.key -out ca.crt -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server.key -out server.csr
openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 36500 -out server.crt \
  -extfile <(printf "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:127.0.0.2,IP:127.0.0.3\nextendedKeyUsage=serverAuth")
openssl req -newkey rsa:2048 -nodes -subj "/CN=workbench-client" -keyout client.key -out client.csr
openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 36500 -out client.crt \
  -extfile <(printf "extendedKeyUsage=clientAuth")
# A second, unrelated CA: a certificate it signed is "unknown CA" to clients trusting ca.crt.
openssl req -x509 -newkey rsa:2048 -nodes -days 36500 -subj "/CN=Other CA" -keyout other-ca.key -out other-ca.crt
rm -f server.csr client.csr ca.srl
