//! The browser bundle's files under `/pkg`: which of them are named by their content's hash
//! (release builds: cargo-leptos names each file `<name>.<MD5 of its bytes>.<ext>` and writes
//! the main ones' hashes to `hash.txt` beside this binary), and the cache lifetimes that follow.
//! A name that changes whenever its content does lets browsers keep the file for a year without
//! asking again; any other file is checked each time.
//!
//! Not every hashed name keeps that promise. cargo-leptos 0.3.10 names the JS glue, the main
//! module and the chunk manifest, then rewrites them to point at the chunk loader
//! (`__wasm_split.<hash>.js`), whose text is not the same from one build to the next, even of
//! the same source (its list of shared imports comes out in any order). Two builds seen on
//! 2026-12-03: the same `marquee.<hash>.wasm` and `.js` names, different bytes, each importing a
//! loader the other build does not have. A browser keeping the first build's glue for a year
//! would ask for a loader that is gone after the next deploy. So the server reads each file
//! once at start and keeps for a year only those whose bytes hash to their name: the
//! stylesheet, the loader and every chunk (they name no other file). The rest are checked each
//! time (a 304 while unchanged).
//!
//! The files are served by tower-http's `ServeDir` mounted here, not by Leptos's fallback:
//! the fallback passes on only `Accept-Encoding`, so a browser's `If-Modified-Since` never
//! reached `ServeDir` and every check downloaded the file again. `ServeDir` answers 304 to any
//! date at or after the file's; a browser holding a later build's glue (after a rollback, or
//! while old and new servers both answer) would keep it. So a 304 is given only for the date
//! the file itself has (see [`exact_dates`]).

use std::{
    collections::HashSet,
    path::{Path, PathBuf},
    sync::Arc,
};

use axum::{
    Router,
    extract::{Request, State},
    http::{HeaderValue, StatusCode, header},
    middleware::{Next, from_fn_with_state},
    response::Response,
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use leptos::config::LeptosOptions;
use md5::{Digest, Md5};
use tower_http::services::ServeDir;

pub(crate) const FOR_A_YEAR: &str = "public, max-age=31536000, immutable";
pub(crate) const CHECK_EACH_TIME: &str = "no-cache";

/// The bundle's file names, as the pages link them.
#[derive(Clone, Debug, Default)]
pub struct BundleNames {
    /// `js`, `wasm` and `css` to their hash, when the build hashed them.
    hashes: Arc<Vec<(String, String)>>,
    /// The files in the bundle's directory whose bytes hash to their name.
    named_by_content: Arc<HashSet<String>>,
    output_name: Arc<str>,
    pkg_dir: Arc<str>,
}

impl BundleNames {
    /// Read once at start: from `hash.txt` beside the binary when the build hashed the files.
    pub fn read(options: &LeptosOptions) -> Self {
        let hash_file = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|dir| dir.join(options.hash_file.as_ref())));
        let hashes = match hash_file {
            Some(path) if options.hash_files => Self::parse(&path),
            _ => Vec::new(),
        };
        if options.hash_files && hashes.is_empty() {
            tracing::warn!("hashed file names are on but no hash.txt was found beside the binary");
        }
        let named_by_content = if options.hash_files {
            files_named_by_content(&bundle_dir(options))
        } else {
            HashSet::new()
        };
        Self {
            hashes: Arc::new(hashes),
            named_by_content: Arc::new(named_by_content),
            output_name: options.output_name.clone(),
            pkg_dir: options.site_pkg_dir.clone(),
        }
    }

    fn parse(path: &Path) -> Vec<(String, String)> {
        std::fs::read_to_string(path)
            .unwrap_or_default()
            .lines()
            .filter_map(|line| line.split_once(':'))
            .map(|(kind, hash)| (kind.trim().to_owned(), hash.trim().to_owned()))
            .filter(|(_, hash)| !hash.is_empty())
            .collect()
    }

    /// The stylesheet's address, e.g. `/pkg/marquee.Xb3…q.css`.
    pub fn stylesheet_href(&self) -> String {
        let hash = self
            .hashes
            .iter()
            .find(|(kind, _)| kind == "css")
            .map(|(_, hash)| format!(".{hash}"))
            .unwrap_or_default();
        format!("/{}/{}{hash}.css", self.pkg_dir, self.output_name)
    }

    /// Whether `path` (`/pkg/…`) names a file by its content's hash, compressed copies included.
    fn is_named_by_content(&self, path: &str) -> bool {
        let Some(file) = path.rsplit('/').next() else {
            return false;
        };
        let file = file
            .strip_suffix(".gz")
            .or_else(|| file.strip_suffix(".br"))
            .unwrap_or(file);
        self.named_by_content.contains(file)
    }

    fn cache_control(&self, path: &str) -> Option<&'static str> {
        let in_bundle = path
            .strip_prefix('/')
            .and_then(|rest| rest.strip_prefix(self.pkg_dir.as_ref()))
            .is_some_and(|rest| rest.starts_with('/'));
        if !in_bundle {
            None
        } else if self.is_named_by_content(path) {
            Some(FOR_A_YEAR)
        } else {
            Some(CHECK_EACH_TIME)
        }
    }
}

/// Where the bundle's files are on disk: the site's root, then its `/pkg` directory.
fn bundle_dir(options: &LeptosOptions) -> PathBuf {
    Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.trim_matches('/'))
}

/// The names of the files in `dir` (not its compressed copies) whose bytes hash to the hash in
/// their name, `<name>.<hash>.<ext>`, as cargo-leptos computes it: MD5, base64url unpadded.
fn files_named_by_content(dir: &Path) -> HashSet<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return HashSet::new();
    };
    entries
        .flatten()
        .filter_map(|entry| {
            entry
                .file_name()
                .into_string()
                .ok()
                .map(|name| (entry, name))
        })
        .filter(|(_, name)| !name.ends_with(".gz") && !name.ends_with(".br"))
        .filter(|(entry, name)| {
            let Some(named) = name.rsplit('.').nth(1) else {
                return false;
            };
            std::fs::read(entry.path())
                .is_ok_and(|bytes| URL_SAFE_NO_PAD.encode(Md5::digest(&bytes)) == named)
        })
        .map(|(_, name)| name)
        .collect()
}

/// The bundle's files under `/pkg`, with their gzip and brotli copies for browsers that take
/// them, answered 304 when the browser's copy is current, 404 when there is no such file.
pub fn files(options: &LeptosOptions) -> Router {
    let pkg = options.site_pkg_dir.trim_matches('/');
    let dir = bundle_dir(options);
    let served = BundleDir {
        route: format!("/{pkg}/").into(),
        dir: dir.clone().into(),
    };
    Router::new()
        .nest_service(
            &format!("/{pkg}"),
            ServeDir::new(dir).precompressed_gzip().precompressed_br(),
        )
        .layer(from_fn_with_state(served, exact_dates))
}

/// Where the bundle's files are, by address and on disk.
#[derive(Clone)]
struct BundleDir {
    route: Arc<str>,
    dir: Arc<Path>,
}

impl BundleDir {
    /// Whether `since` is the date of the file at `path`, or of its gzip or brotli copy (each
    /// copy has its own date, and the browser sends the one of the copy it got).
    async fn is_dated(&self, path: &str, since: &HeaderValue) -> bool {
        let Some(name) = path.strip_prefix(self.route.as_ref()) else {
            return false;
        };
        if name.split('/').any(|part| part == "..") {
            return false;
        }
        for suffix in ["", ".gz", ".br"] {
            let file = self.dir.join(format!("{name}{suffix}"));
            if let Ok(modified) = tokio::fs::metadata(file).await.and_then(|m| m.modified())
                && since.as_bytes() == httpdate::fmt_http_date(modified).as_bytes()
            {
                return true;
            }
        }
        false
    }
}

/// Drops a browser's `If-Modified-Since` unless it is the file's own date, so `ServeDir` answers
/// 304 only for the very copy it has, never for another build's.
async fn exact_dates(
    State(served): State<BundleDir>,
    mut request: Request,
    next: Next,
) -> Response {
    if let Some(since) = request.headers().get(header::IF_MODIFIED_SINCE).cloned()
        && !served.is_dated(request.uri().path(), &since).await
    {
        request.headers_mut().remove(header::IF_MODIFIED_SINCE);
    }
    next.run(request).await
}

/// Sets the bundle's cache lifetimes on successful answers under `/pkg`.
pub async fn cache_lifetimes(
    State(names): State<BundleNames>,
    request: Request,
    next: Next,
) -> Response {
    let policy = names.cache_control(request.uri().path());
    let mut response = next.run(request).await;
    // A 304 repeats the policy its 200 had (RFC 9110, 15.4.5).
    if let Some(policy) = policy
        && (response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED)
    {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The MD5 of `bytes` as cargo-leptos writes it into a file's name.
    fn hash_of(bytes: &[u8]) -> String {
        URL_SAFE_NO_PAD.encode(Md5::digest(bytes))
    }

    fn hashed() -> BundleNames {
        BundleNames {
            hashes: Arc::new(vec![
                ("js".into(), "AbC123_-xyz".into()),
                ("wasm".into(), "QwE987_-abc".into()),
                ("css".into(), "ZzZ000_-css".into()),
            ]),
            named_by_content: Arc::new(HashSet::from([
                "marquee.ZzZ000_-css.css".to_owned(),
                "chunk_7.Ojvt5qTYL8lnIbgU2Ki7iA.wasm".to_owned(),
            ])),
            output_name: "marquee".into(),
            pkg_dir: "pkg".into(),
        }
    }

    #[test]
    fn a_file_named_by_its_content_is_kept_for_a_year_and_other_files_are_checked_each_time() {
        let names = hashed();
        for path in [
            "/pkg/marquee.ZzZ000_-css.css",
            "/pkg/marquee.ZzZ000_-css.css.br",
            "/pkg/chunk_7.Ojvt5qTYL8lnIbgU2Ki7iA.wasm",
            "/pkg/chunk_7.Ojvt5qTYL8lnIbgU2Ki7iA.wasm.gz",
        ] {
            assert_eq!(names.cache_control(path), Some(FOR_A_YEAR), "{path}");
        }
        assert_eq!(
            names.cache_control("/pkg/marquee.wasm"),
            Some(CHECK_EACH_TIME)
        );
        assert_eq!(
            names.cache_control("/pkg/snippets/x/inline0.js"),
            Some(CHECK_EACH_TIME)
        );
        assert_eq!(names.cache_control("/favicon.svg"), None);
        assert_eq!(names.cache_control("/pkgs/marquee.js"), None);
    }

    #[test]
    fn the_glue_and_the_main_module_are_checked_each_time_as_their_bytes_change_under_one_name() {
        let names = hashed();
        for path in [
            "/pkg/marquee.QwE987_-abc.wasm",
            "/pkg/marquee.QwE987_-abc.wasm.gz",
            "/pkg/marquee.AbC123_-xyz.js",
            "/pkg/marquee.AbC123_-xyz.js.br",
        ] {
            assert_eq!(names.cache_control(path), Some(CHECK_EACH_TIME), "{path}");
        }
    }

    #[test]
    fn only_files_whose_bytes_hash_to_their_name_count_as_named_by_content() {
        let dir = std::env::temp_dir().join(format!("marquee-assets-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let chunk = format!("chunk_3.{}.wasm", hash_of(b"chunk"));
        // Named before it was rewritten, as cargo-leptos does to the main module.
        let main = format!("marquee.{}.wasm", hash_of(b"before"));
        for (name, bytes) in [
            (chunk.as_str(), &b"chunk"[..]),
            (&format!("{chunk}.gz"), b"gzip of chunk"),
            (main.as_str(), b"after"),
            ("marquee.css", b"unhashed"),
        ] {
            std::fs::write(dir.join(name), bytes).unwrap();
        }
        let found = files_named_by_content(&dir);
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(found, HashSet::from([chunk]));
    }

    #[test]
    fn the_stylesheet_is_linked_by_its_hashed_name_when_the_build_hashed_it() {
        assert_eq!(hashed().stylesheet_href(), "/pkg/marquee.ZzZ000_-css.css");
        let plain = BundleNames {
            output_name: "marquee".into(),
            pkg_dir: "pkg".into(),
            ..BundleNames::default()
        };
        assert_eq!(plain.stylesheet_href(), "/pkg/marquee.css");
    }
}
