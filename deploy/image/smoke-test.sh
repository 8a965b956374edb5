#!/usr/bin/env bash
# Runs the app image built by `mvn package -Pimage` without a container engine: unpacks its layers into a
# temporary root, mounts /proc and /dev as a runtime would, and runs the image's entrypoint with the given
# arguments (default: --version) under chroot, with the image's environment and working directory.
# Needs root. Proves the image's Java, native libraries (ND4J, RocksDB) and class path work.
#
#   deploy/image/smoke-test.sh [stream-app/target/jib-image.tar] [-- ARGS…]
#   deploy/image/smoke-test.sh stream-app/target/jib-image.tar -- demo --duration 40s
set -euo pipefail
cd "$(dirname "$0")/../.."

image=stream-app/target/jib-image.tar
if [ $# -gt 0 ] && [ "$1" != "--" ]; then image=$1; shift; fi
[ "${1:-}" = "--" ] && shift
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(--version)
[ -f "$image" ] || { echo "no image at $image: mvn package -Pimage -DskipTests" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "needs root (chroot, mount)" >&2; exit 1; }

work=$(mktemp -d)
root=$work/root
cleanup() {
  umount "$root/dev" 2>/dev/null || true
  umount "$root/proc" 2>/dev/null || true
  # never delete through a mount that is still there (it would be the host's /dev)
  if mountpoint -q "$root/dev" || mountpoint -q "$root/proc"; then
    echo "left $work in place: a mount under it is busy" >&2
  else
    rm -rf --one-file-system "$work"
  fi
}
trap cleanup EXIT
mkdir -p "$work/image" "$root"
tar -xf "$image" -C "$work/image"

# entrypoint, cmd, env and working dir from the image config; the layers in order
python3 - "$work/image" "$root" > "$work/run.env" <<'PY'
import json, shlex, subprocess, sys
image, root = sys.argv[1], sys.argv[2]
manifest = json.load(open(f"{image}/manifest.json"))[0]
for layer in manifest["Layers"]:
    subprocess.run(["tar", "--warning=no-unknown-keyword", "-xzf" if layer.endswith(".gz") else "-xf",
                    f"{image}/{layer}", "-C", root], check=True)
config = json.load(open(f"{image}/{manifest['Config']}"))["config"]
print("entrypoint=(" + " ".join(shlex.quote(a) for a in config.get("Entrypoint") or []) + ")")
print("environment=(" + " ".join(shlex.quote(e) for e in config.get("Env") or []) + ")")
print("workdir=" + shlex.quote(config.get("WorkingDir") or "/"))
PY
source "$work/run.env"
mkdir -p "$root/proc" "$root/dev" "$root$workdir"
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
echo "running ${entrypoint[*]} ${args[*]} in $image" >&2
env -i "${environment[@]}" /usr/sbin/chroot "$root" /bin/bash -c 'cd "$0" && exec "$@"' "$workdir" "${entrypoint[@]}" "${args[@]}"
