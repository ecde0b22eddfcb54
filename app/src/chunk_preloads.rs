//! Preload links for the chunks of the page being rendered, so the browser fetches them beside
//! the main module instead of after it has started.
//!
//! Leptos's own integration means to do this once the page has rendered, but it looks the chunk
//! manifest up after the render's reactive owner is gone, so it finds the manifest only when a
//! stale owner happens to be left on the thread: the links were missing from almost every page.
//! Here they are named while the route renders, inside its owner, where both the manifest and the
//! set of split points the page ran are in context.

use leptos::{PrefetchLazyFn, WasmSplitManifest, prelude::*};
use leptos_meta::Link;

/// Names, in the page's `<head>`, the chunks of every split point the page has run so far, and
/// the script that loads them. Leaves the set of split points empty, so the links are not named
/// twice. Does nothing in a build without chunks (no manifest).
pub fn name_rendered_chunks() {
    let Some(rendered) = use_context::<PrefetchLazyFn>() else {
        return;
    };
    let split_points: Vec<&'static str> = match rendered.0.try_write_value() {
        Some(mut set) => set.drain().collect(),
        None => return,
    };
    if split_points.is_empty() {
        return;
    }
    let Some(manifest) = use_context::<WasmSplitManifest>() else {
        return;
    };
    let Some(manifest) = manifest.0.try_read_value() else {
        return;
    };
    let (pkg_path, chunks_of, loader) = &*manifest;
    let chunks = split_points
        .iter()
        .flat_map(|split_point| chunks_of.get(*split_point).into_iter().flatten());
    for chunk in chunks {
        // On the server, rendering a leptos_meta tag registers it for the `<head>`.
        _ = view! {
            <Link
                rel="preload"
                href=format!("{pkg_path}/{chunk}.wasm")
                as_="fetch"
                type_="application/wasm"
                // The loader's `fetch` is a CORS request; a preload is used only if it is one too.
                crossorigin=""
            />
        }
        .to_html();
    }
    _ = view! {
        <Link rel="modulepreload" href=format!("{pkg_path}/{loader}") crossorigin="" />
    }
    .to_html();
}
