# Sourced (by scripts/stack.sh and deploy/Dockerfile) to build the release browser bundle: the
# size-tuned compile that brings the first page's WASM under 300 KB gzip (issue #16;
# docs/PERFORMANCE.md has the figures). The debug bundle and every server are built without it.
#
# - The standard library is compiled with the bundle (`build-std`, from the toolchain's
#   rust-src), optimised for size, so that:
# - a panic aborts at once (`-Cpanic=immediate-abort`): no panic messages or formatting code;
#   with `panic = "abort"` a panic ended the page's program anyway, only with a message;
# - `Debug` formats to nothing and panic locations are left out (`-Zfmt-debug=none`,
#   `-Zlocation-detail=none`): logs the bundle writes with `{:?}` are empty. Debug a page with
#   the debug bundle (`make dev`), which has all of it.
#
# These are unstable options of the pinned compiler (rust-toolchain.toml), allowed on it by
# RUSTC_BOOTSTRAP: a toolchain update must build the bundle again and check its size.
# The target's flags replace `.cargo/config.toml`'s [build] rustflags: keep them alike.
export RUSTC_BOOTSTRAP=1
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components -Zunstable-options \
-Cpanic=immediate-abort -Zfmt-debug=none -Zlocation-detail=none"
