#!/usr/bin/env bash
# Builds a container base image (a `docker save` tarball) holding Debian's OpenJDK 17 runtime, from Debian
# packages alone: no registry, no Docker daemon, no chroot. The packages are downloaded with apt-get and
# unpacked with dpkg-deb; their maintainer scripts do not run, so what they would set up (the dynamic loader's
# cache, /usr/bin/java, users) is written here. Jib builds the app image on it (mvn package -Pimage-local).
#
#   deploy/image/debian-jre-base.sh OUT.tar
set -euo pipefail

out=${1:?usage: $0 OUT.tar}
jvm=/usr/lib/jvm/java-17-openjdk-amd64
# The JRE and what it and ND4J's native libraries link against; bash for health checks.
packages=(openjdk-17-jre-headless libc6 libgcc-s1 gcc-12-base libstdc++6 libgomp1 zlib1g
          bash libtinfo6 base-files netbase tzdata)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/debs" "$work/rootfs"
chmod 755 "$work" && chmod 777 "$work/debs"   # apt-get downloads as its own user, _apt

command -v dpkg-deb >/dev/null && command -v apt-get >/dev/null || { echo "needs apt-get and dpkg-deb (Debian)" >&2; exit 1; }
[ "$(dpkg --print-architecture)" = amd64 ] || { echo "builds an amd64 image, this is $(dpkg --print-architecture)" >&2; exit 1; }

(cd "$work/debs" && apt-get download -q "${packages[@]}" >/dev/null)
for deb in "$work"/debs/*.deb; do
  dpkg-deb -x "$deb" "$work/rootfs"
done

root=$work/rootfs
mkdir -p "$root/tmp" "$root/root" "$root/etc" "$root/usr/bin" "$root/var/tmp"
chmod 1777 "$root/tmp" "$root/var/tmp"
cat > "$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/bash
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
PASSWD
cat > "$root/etc/group" <<'GROUP'
root:x:0:
nogroup:x:65534:
GROUP
ln -sf "$jvm/bin/java" "$root/usr/bin/java"
ln -sf bash "$root/bin/sh"
ln -sf /usr/share/zoneinfo/Etc/UTC "$root/etc/localtime"
printf '/lib/x86_64-linux-gnu\n/usr/lib/x86_64-linux-gnu\n' > "$root/etc/ld.so.conf"
ldconfig -r "$root"
# Java's cacerts is a link into ca-certificates-java's store, which only its maintainer script creates:
# TLS to Kafka needs a truststore passed in the client config (ssl.truststore.location).
rm -f "$root$jvm/lib/security/cacerts"
rm -rf "$root/usr/share/doc" "$root/usr/share/man" "$root/usr/share/lintian"

# docker save layout: one layer, its config, the manifest. Sorted, root-owned, fixed mtime: the same
# packages give the same bytes.
img=$work/image
mkdir -p "$img"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$root" -cf "$img/layer.tar" .
diff_id=sha256:$(sha256sum "$img/layer.tar" | cut -d' ' -f1)
cat > "$img/config.json" <<CONFIG
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"Env":["PATH=$jvm/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=$jvm","LANG=C.UTF-8"],
           "WorkingDir":"/"},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"deploy/image/debian-jre-base.sh: ${packages[*]}"}]}
CONFIG
config_id=$(sha256sum "$img/config.json" | cut -d' ' -f1)
mv "$img/config.json" "$img/$config_id.json"
printf '[{"Config":"%s.json","RepoTags":["streamcast-base/debian-jre:17"],"Layers":["layer.tar"]}]\n' "$config_id" > "$img/manifest.json"
mkdir -p "$(dirname "$out")"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$img" -cf "$out" manifest.json "$config_id.json" layer.tar
echo "base image: $out ($(du -h "$out" | cut -f1)) from ${#packages[@]} Debian packages" >&2
