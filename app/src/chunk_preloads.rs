//! Links in the page's `<head>` to the bundle's chunks: preload links for the chunks of the page
//! being rendered, so the browser fetches them beside the main module instead of after it has
//! run; and, for the chunks of a likely next page, prefetch links added once the page is idle.
//!
//! Leptos's own integration means to write the preload links once the page has rendered, but it
//! looks the chunk manifest up without entering the render's reactive owner, so it finds the
//! manifest only when a stale owner happens to be left on the thread: the links were missing
//! from almost every page. Here they are named while the route renders, inside its owner, where
//! both the manifest and the set of split points the page ran are in context.
//!
//! These tags are registered with leptos_meta on the server only. The browser hydrates
//! leptos_meta's tags in order from the head's marker, so a `Meta` or `Link` rendered inside the
//! app would now be matched against one of these; the app renders none (only `Title`, which is
//! not matched that way).

#[cfg(feature = "ssr")]
use std::collections::HashSet;

use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos::{PrefetchLazyFn, WasmSplitManifest};
#[cfg(feature = "ssr")]
use leptos_meta::{Link, Meta};

/// The `<meta>` naming the chunks to prefetch once the page is idle.
const PREFETCH_LATER: &str = "marquee-prefetch";

/// Names, in the page's `<head>`, the chunks of every split point the page has run so far, and
/// the script that loads them. Leaves the set of split points empty, so the links are not named
/// twice. Does nothing in a build without chunks (no manifest).
#[cfg(feature = "ssr")]
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
    for chunk in chunks_of_split_points(chunks_of, split_points.iter().copied()) {
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

/// Names, for [`prefetch_named_chunks`], the chunks of the lazily loaded function `loader` (a
/// group of pages, `browse_pages`) that the page being rendered does not load itself. Call it
/// while the page renders, before [`name_rendered_chunks`].
#[cfg(feature = "ssr")]
pub fn prefetch_chunks_of(loader: &str) {
    let Some(manifest) = use_context::<WasmSplitManifest>() else {
        return;
    };
    let Some(manifest) = manifest.0.try_read_value() else {
        return;
    };
    let (pkg_path, chunks_of, _) = &*manifest;
    // The split points the page has run so far, each named `<function>_<hash of its place>`.
    let own: HashSet<&String> = use_context::<PrefetchLazyFn>()
        .and_then(|rendered| rendered.0.try_read_value())
        .map(|set| chunks_of_split_points(chunks_of, set.iter().copied()).collect())
        .unwrap_or_default();
    let wanted: Vec<String> = chunks_of
        .iter()
        .filter(|(split_point, _)| is_split_point_of(split_point, loader))
        .flat_map(|(_, chunks)| chunks)
        .filter(|chunk| !own.contains(chunk))
        .map(|chunk| format!("{pkg_path}/{chunk}.wasm"))
        .collect();
    if !wanted.is_empty() {
        _ = view! { <Meta name=PREFETCH_LATER content=wanted.join(" ") /> }.to_html();
    }
}

/// Once the browser is idle, asks it to prefetch the chunks the server named (see
/// [`prefetch_chunks_of`]). Not in the HTML from the start: on a slow line a prefetch shares it
/// with the page's own files (on an emulated phone network the home page's code came in 0.6 s
/// later). Not loaded as the page's own chunks are, either: a prefetch that fails, on a phone
/// losing its signal, costs nothing, where a failed load stops the page. Browsers without
/// `requestIdleCallback` (Safari) get a timer instead.
pub fn prefetch_named_chunks() {
    #[cfg(target_arch = "wasm32")]
    {
        fn add_links() {
            let document = document();
            let named = document
                .query_selector(&format!("meta[name={PREFETCH_LATER}]"))
                .ok()
                .flatten()
                .and_then(|meta| meta.get_attribute("content"))
                .unwrap_or_default();
            let Some(head) = document.head() else {
                return;
            };
            for href in named.split_whitespace() {
                let Ok(link) = document.create_element("link") else {
                    return;
                };
                for (name, value) in [
                    ("rel", "prefetch"),
                    ("as", "fetch"),
                    // As the loader's `fetch`, so the browser's copy is the one it takes.
                    ("crossorigin", ""),
                    ("href", href),
                ] {
                    _ = link.set_attribute(name, value);
                }
                _ = head.append_child(&link);
            }
        }
        if request_idle_callback_with_handle(add_links).is_err() {
            set_timeout(add_links, std::time::Duration::ZERO);
        }
    }
}

/// The chunks the manifest lists for each of `split_points`, in order.
#[cfg(feature = "ssr")]
fn chunks_of_split_points(
    chunks_of: &std::collections::HashMap<String, Vec<String>>,
    split_points: impl Iterator<Item = &'static str>,
) -> impl Iterator<Item = &String> {
    split_points.flat_map(|split_point| chunks_of.get(split_point).into_iter().flatten())
}

/// Whether a manifest key (`browse_pages_394561530017402068`) is the split point of `loader`.
#[cfg(feature = "ssr")]
fn is_split_point_of(split_point: &str, loader: &str) -> bool {
    split_point
        .strip_prefix(loader)
        .and_then(|rest| rest.strip_prefix('_'))
        .is_some_and(|hash| !hash.is_empty() && hash.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::is_split_point_of;

    #[test]
    fn a_split_point_is_its_function_name_and_a_number() {
        assert!(is_split_point_of(
            "browse_pages_394561530017402068",
            "browse_pages"
        ));
        assert!(!is_split_point_of("browse_pages_admin_12", "browse_pages"));
        assert!(!is_split_point_of("browse_pages_", "browse_pages"));
        assert!(!is_split_point_of("browse_pages2_12", "browse_pages"));
        assert!(!is_split_point_of(
            "front_page_394561530017402068",
            "browse_pages"
        ));
    }
}
