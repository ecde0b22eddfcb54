#!/usr/bin/env bash
# scripts/regzip.sh PKG_DIR: makes every gzip copy in the release bundle's PKG_DIR again with
# zopfli, the slowest and smallest gzip encoder, whose output every gzip reader reads.
#
# Why: `cargo leptos build --precompress` writes gzip copies at a fast level (the main module:
# 399 KB, where `gzip -9` makes 343 and zopfli 328), and browsers speaking plain HTTP, as to a
# gateway without TLS, take gzip, never brotli. The files are compressed once per build and
# downloaded by every visitor, so the extra seconds here are well spent. Brotli copies are
# already at brotli's best quality and are left alone.
set -euo pipefail

pkg_dir="${1:?usage: scripts/regzip.sh PKG_DIR}"
command -v zopfli >/dev/null || {
    echo "regzip: zopfli is not installed (Debian/Ubuntu package zopfli; scripts/bootstrap.sh)" >&2
    exit 1
}
# One file per core at a time; zopfli itself uses one. zopfli exits 0 even when it cannot read
# its input, so each new copy is unpacked and compared with its file before it replaces the
# old one; any failure fails the build.
# shellcheck disable=SC2016 # the script given to sh is single-quoted on purpose
find "$pkg_dir" -type f -name '*.gz' -print0 |
    xargs -0 -r -n 1 -P "$(nproc)" sh -c '
        file="${1%.gz}"
        [ -f "$file" ] || { echo "regzip: $1 has no $file beside it" >&2; exit 1; }
        if zopfli -c "$file" > "$1.tmp" && gzip -dc "$1.tmp" | cmp -s - "$file"; then
            mv "$1.tmp" "$1"
        else
            rm -f "$1.tmp"
            echo "regzip: zopfli failed on $file" >&2
            exit 1
        fi' _
