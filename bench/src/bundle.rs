//! What a browser downloads of the WASM bundle before a page is interactive: the files the
//! server-rendered page names in its `<head>` (the main module and the chunks of the page's own
//! code), fetched from the BFF as a browser would, once gzip and once brotli. Issue #16's target
//! is the first page's (the home page's) gzip bytes: at most 300 KB.

use anyhow::Context;
use reqwest::{Client, header};
use serde::Serialize;

use crate::api::Api;

/// Issue #16: "at most 300 KB gzip for the first page's WASM", read strictly as 300,000 bytes.
pub const FIRST_PAGE_TARGET_GZIP_BYTES: u64 = 300_000;

/// One page's WASM as the network carries it.
#[derive(Debug, Clone, Serialize)]
pub struct PageWasm {
    pub page: String,
    pub path: String,
    pub files: usize,
    pub gzip_bytes: u64,
    pub brotli_bytes: u64,
    /// The uncompressed bytes, which the browser compiles.
    pub raw_bytes: u64,
}

/// The `/pkg/….wasm` files an HTML page names in preload links, each once, in order: what the
/// browser fetches before the page is interactive. Files named elsewhere (the home page's
/// `<meta>` of chunks to prefetch once it is idle) are not counted.
pub fn wasm_files_preloaded(html: &str) -> Vec<String> {
    let mut files: Vec<String> = Vec::new();
    for tag in html.split("<link").skip(1) {
        let tag = tag.split('>').next().unwrap_or_default();
        if !tag.contains(r#"rel="preload""#) {
            continue;
        }
        let Some(href) = tag
            .split(r#"href=""#)
            .nth(1)
            .and_then(|rest| rest.split('"').next())
        else {
            continue;
        };
        if href.starts_with("/pkg/")
            && href.ends_with(".wasm")
            && !files.iter().any(|file| file == href)
        {
            files.push(href.to_owned());
        }
    }
    files
}

/// The bytes of `url` as sent with `encoding` (`identity`, `gzip`, `br`). The client has no
/// decompression, so the body is read as it came over the wire.
async fn encoded_size(http: &Client, url: &str, encoding: &str) -> anyhow::Result<u64> {
    let response = http
        .get(url)
        .header(header::ACCEPT_ENCODING, encoding)
        .send()
        .await
        .with_context(|| format!("GET {url}"))?
        .error_for_status()
        .with_context(|| format!("GET {url}"))?;
    let sent = response
        .headers()
        .get(header::CONTENT_ENCODING)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("identity")
        .to_owned();
    anyhow::ensure!(
        sent == encoding,
        "{url} came as {sent}, not {encoding} (is the release bundle, with its compressed copies, \
         being served?)"
    );
    Ok(response.bytes().await?.len() as u64)
}

/// The WASM of the home page (the first page), a film's, a showtime's seats and sign-in.
pub async fn measure(api: &Api) -> anyhow::Result<Vec<PageWasm>> {
    let movie = api
        .movies()
        .await?
        .into_iter()
        .next()
        .context("the catalog has no films")?;
    let showtime = api
        .showtimes(1)
        .await?
        .into_iter()
        .next()
        .context("no showtime is coming")?;
    let pages = [
        ("home", "/".to_owned()),
        ("movie", format!("/movies/{}", movie.id)),
        ("showtime", format!("/showtimes/{}", showtime.id)),
        ("sign_in", "/login".to_owned()),
    ];
    let (http, bff) = (api.http(), &api.urls.bff);
    let mut measured = Vec::new();
    for (page, path) in pages {
        let html = http
            .get(format!("{bff}{path}"))
            .send()
            .await?
            .error_for_status()
            .with_context(|| format!("GET {path}"))?
            .text()
            .await?;
        let files = wasm_files_preloaded(&html);
        anyhow::ensure!(!files.is_empty(), "{path} names no WASM file");
        let mut sizes = PageWasm {
            page: page.to_owned(),
            path,
            files: files.len(),
            gzip_bytes: 0,
            brotli_bytes: 0,
            raw_bytes: 0,
        };
        for file in files {
            let url = format!("{bff}{file}");
            sizes.gzip_bytes += encoded_size(http, &url, "gzip").await?;
            sizes.brotli_bytes += encoded_size(http, &url, "br").await?;
            sizes.raw_bytes += encoded_size(http, &url, "identity").await?;
        }
        measured.push(sizes);
    }
    Ok(measured)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_wasm_files_in_preload_links_count_once_each() {
        let html = r#"<head><link rel="modulepreload" href="/pkg/marquee.1a2b.js">
            <link rel="preload" href="/pkg/marquee.1a2b_bg.wasm" as="fetch">
            <link as="fetch" crossorigin="" href="/pkg/chunk_3_x.9f.wasm" rel="preload">
            <link rel="preload" href="/pkg/chunk_3_x.9f.wasm" as="fetch">
            <meta name="marquee-prefetch" content="/pkg/chunk_4.ab.wasm /pkg/chunk_5.cd.wasm">
            <link rel="prefetch" href="/pkg/chunk_6.ef.wasm">
            <link rel="preload" href="/messages/en.0123.ftl" as="fetch"></head>"#;
        assert_eq!(
            wasm_files_preloaded(html),
            ["/pkg/marquee.1a2b_bg.wasm", "/pkg/chunk_3_x.9f.wasm"]
        );
    }
}
