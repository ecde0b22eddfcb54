#!/usr/bin/env bash
# Installs everything Marquee needs on a Debian/Ubuntu machine that has only rustup's Rust.
# Idempotent and quick when all is there already: each step checks before it installs.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

CARGO_LEPTOS_VERSION=0.3.10
WASM_BINDGEN_VERSION=0.2.130   # must equal the wasm-bindgen version in Cargo.lock
APT_PACKAGES=(postgresql redis-server rabbitmq-server nginx chromium ca-certificates curl zopfli)
NEED_E2E="${NEED_E2E:-1}"
# Ubuntu's Chromium is not Debian's `chromium` package: most releases only have
# `chromium-browser`, a stub that installs the snap. On Ubuntu it is installed on its own (see
# install_ubuntu_chromium); on Debian the list above is used as it stands.
OS_ID="$(. /etc/os-release 2>/dev/null && printf '%s' "${ID:-}")"
if [ "$OS_ID" = ubuntu ]; then
    packages=()
    for package in "${APT_PACKAGES[@]}"; do [ "$package" = chromium ] || packages+=("$package"); done
    APT_PACKAGES=("${packages[@]}")
fi

export PATH="$HOME/.cargo/bin:$PATH"

missing_apt_packages() {
    local package
    for package in "${APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
            printf '%s ' "$package"
    done
    command -v npm >/dev/null || printf 'nodejs npm '
}

install_apt() {
    local missing
    missing="$(missing_apt_packages)"
    [ -n "$missing" ] || return 0
    log "installing system packages: $missing"
    as_root apt-get update -qq
    # The packages' own start scripts would launch system-wide servers; Marquee runs its own.
    as_root env DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 \
        apt-get install -y -qq $missing >/dev/null
}

package_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

# Ubuntu: `chromium` where a release (or a PPA) has it, else `chromium-browser`. Where it ended
# up is recorded for the browser tests (test.sh exports it as CHROMIUM_PATH for Playwright).
install_ubuntu_chromium() {
    [ "$OS_ID" = ubuntu ] || return 0
    local package path=""
    if ! package_installed chromium && ! package_installed chromium-browser; then
        as_root apt-get update -qq
        for package in chromium chromium-browser; do
            log "installing $package"
            if as_root env DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 \
                apt-get install -y -qq "$package" >/dev/null; then
                break
            fi
            warn "$package could not be installed"
        done
    fi
    for path in "$(command -v chromium || true)" "$(command -v chromium-browser || true)" /snap/bin/chromium; do
        [ -n "$path" ] && [ -x "$path" ] && break
        path=""
    done
    if [ -n "$path" ]; then
        mkdir -p "$DATA_DIR"
        printf '%s\n' "$path" >"$DATA_DIR/chromium-path"
    else
        rm -f "$DATA_DIR/chromium-path"
        warn "no Chromium found: the browser tests need one (install it, or set CHROMIUM_PATH)"
    fi
}

install_rust_tools() {
    command -v cargo >/dev/null || die "cargo not found: install Rust with rustup first"
    if ! rustup target list --installed | grep -q wasm32-unknown-unknown; then
        log "adding the wasm32 target"
        rustup target add wasm32-unknown-unknown
    fi
    rustup component list --installed | grep -q '^clippy' || rustup component add clippy
    rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt
    # The release bundle compiles the standard library with it (scripts/wasm-release-env.sh).
    rustup component list --installed | grep -q '^rust-src' || rustup component add rust-src
    # The tools are built for build time, not speed: without LTO, at opt-level 1 (cargo-leptos
    # took about 20 min to build here at opt-level 3, under 12 at 1), except the compressors
    # cargo-leptos runs over the whole bundle. With these builds the release bundle's
    # wasm-bindgen, wasm-opt and compression step took 70 s.
    local quick=(env CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
        CARGO_PROFILE_RELEASE_OPT_LEVEL=1)
    local compressors=(--config 'profile.release.package.brotli.opt-level=3'
        --config 'profile.release.package.flate2.opt-level=3'
        --config 'profile.release.package.miniz_oxide.opt-level=3')
    if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
        log "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 14 minutes, once)"
        "${quick[@]}" cargo "${compressors[@]}" install cargo-leptos --locked \
            --features no_downloads --version "$CARGO_LEPTOS_VERSION"
    fi
    if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
        log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes, once)"
        # Not --locked: its lock file names a crate version the registry no longer has.
        "${quick[@]}" CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS=fallback \
            cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
    fi
}

install_npm() {
    # Tailwind, wasm-opt (binaryen) and Playwright, pinned by package-lock.json.
    if [ ! -x "$ROOT/node_modules/.bin/tailwindcss" ] || [ ! -x "$ROOT/node_modules/.bin/playwright" ] ||
        [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
        log "installing npm packages"
        (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
    fi
}

install_apt
install_ubuntu_chromium
install_rust_tools
install_npm
log "toolchain ready"
