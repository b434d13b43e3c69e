# Sourced by the container scripts. `engine ARGS…` runs the container engine; `engine_up` makes sure it runs.
# The default is Debian's Docker engine (docker.io), which runs the compose file with docker-compose. On the
# machines this project is built on it runs as `dockerd --iptables=false --bridge=none`: no bridge network,
# so the stack shares one network namespace of its own (deploy/compose/compose.yaml) and publishes no ports.
# CONTAINER_ENGINE=podman builds the images with podman instead (the runc runtime: crun cannot use hybrid
# cgroups here; no default ulimits: raising RLIMIT_NOFILE is not permitted in this kind of VM).
CONTAINER_ENGINE=${CONTAINER_ENGINE:-docker}
DOCKERD_LOG=${DOCKERD_LOG:-/var/log/callbridge-dockerd.log}
if [ "$CONTAINER_ENGINE" = podman ]; then
  export CONTAINERS_CONF=${CONTAINERS_CONF:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/containers.conf}
  engine() { podman --runtime runc "$@"; }
  engine_build() { podman --runtime runc build --isolation chroot "$@"; }
  engine_up() { :; }
else
  engine() { docker "$@"; }
  engine_build() { docker build --network host "$@"; }
  # Starts dockerd when none answers (no init system on these machines); waits until it does.
  engine_up() {
    docker info >/dev/null 2>&1 && return 0
    command -v dockerd >/dev/null || { echo "dockerd is missing: apt-get install docker.io docker-compose" >&2; return 1; }
    setsid dockerd --iptables=false --bridge=none >>"$DOCKERD_LOG" 2>&1 </dev/null &
    local i
    for i in $(seq 1 60); do docker info >/dev/null 2>&1 && return 0; sleep 0.5; done
    echo "dockerd did not answer within 30 s (see $DOCKERD_LOG)" >&2; return 1
  }
fi
