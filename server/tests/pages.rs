//! The BFF renders pages from the real movie service, and says so plainly when it is down.

use axum::{body::Body, http::Request, http::StatusCode};
use http_body_util::BodyExt;
use marquee_server::config::BffConfig;
use sqlx::PgPool;
use tower::ServiceExt;

fn config_with_movie_service(url: String) -> BffConfig {
    let mut config = BffConfig::from_env().unwrap();
    config.set_service_url("movie", url);
    config
}

/// The home page as an English-speaking browser asks for it.
async fn home_page(config: &BffConfig) -> (StatusCode, String) {
    home_page_with(config, &[("accept-language", "en-US,en;q=0.9")]).await
}

async fn home_page_with(config: &BffConfig, headers: &[(&str, &str)]) -> (StatusCode, String) {
    let app = marquee_server::app(config).unwrap();
    let mut request = Request::get("/");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = app
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

#[sqlx::test(migrator = "movie_service::MIGRATOR")]
async fn the_home_page_lists_movies_from_the_movie_service(pool: PgPool) {
    movie_service::demo::seed(&pool).await.unwrap();
    let movie_app = service_kit::testing::app(&movie_service::spec(), pool);
    let movie_url = service_kit::testing::serve(movie_app).await;

    let (status, html) = home_page(&config_with_movie_service(movie_url)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Now showing"));
    assert!(html.contains("Paper Lanterns"), "{html}");
    assert!(html.contains("Neon Tide"), "coming soon is listed too");
    assert!(
        html.contains("/pkg/marquee.js"),
        "the hydration bundle is linked"
    );
}

#[tokio::test]
async fn the_home_page_says_plainly_when_the_movie_service_is_down() {
    // Nothing listens on port 9 of loopback.
    let (status, html) = home_page(&config_with_movie_service("http://127.0.0.1:9".into())).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("show the movies right now"), "{html}");
    assert!(html.contains("The movie catalog is unavailable right now."));
}

#[tokio::test]
async fn a_visitor_whose_browser_asks_for_no_language_we_speak_gets_vietnamese() {
    let config = config_with_movie_service("http://127.0.0.1:9".into());
    for headers in [&[][..], &[("accept-language", "de-DE,fr;q=0.5")][..]] {
        let (_, html) = home_page_with(&config, headers).await;
        assert!(html.contains(r#"<html lang="vi""#), "{headers:?}");
        assert!(
            html.contains("Hiện không thể tải danh sách phim."),
            "{html}"
        );
        assert!(!html.contains("The movie catalog is unavailable"));
    }
}

#[tokio::test]
async fn the_browsers_language_is_followed_and_a_chosen_one_beats_it() {
    let config = config_with_movie_service("http://127.0.0.1:9".into());
    let (_, english) = home_page_with(&config, &[("accept-language", "en-GB")]).await;
    assert!(english.contains(r#"<html lang="en""#));
    assert!(english.contains("The movie catalog is unavailable right now."));

    let chosen = [("accept-language", "en-GB"), ("cookie", "marquee_lang=vi")];
    let (_, vietnamese) = home_page_with(&config, &chosen).await;
    assert!(vietnamese.contains(r#"<html lang="vi""#));
    // The switch offers every language, the page's marked as chosen.
    assert!(vietnamese.contains(r#"data-testid="language-en""#));
    assert!(vietnamese.contains(r#"aria-pressed="true""#));
}

/// The browser's bundle carries no language's messages: each page names its own language's
/// file, which the BFF serves for a year under a name that changes with its text. (One test, not
/// three: a test that ends right after building the app can drop its runtime while a global
/// lazily set up on it is still pending, and a page rendering in another test then waits forever.)
#[tokio::test]
async fn a_page_names_its_languages_messages_and_the_bff_serves_them_for_a_year() {
    let config = config_with_movie_service("http://127.0.0.1:9".into());
    let app = marquee_server::app(&config).unwrap();
    let get = |path: &str| {
        app.clone()
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
    };
    let languages = [
        ("en-GB", "en", "nav-sign-in = Sign in"),
        ("vi", "vi", "nav-sign-in = Đăng nhập"),
    ];
    for (accept, code, message) in languages {
        let (_, html) = home_page_with(&config, &[("accept-language", accept)]).await;
        let link = html
            .split("<link")
            .find(|tag| tag.contains(r#"id="marquee-messages""#))
            .unwrap_or_else(|| panic!("no messages link in {html}"));
        assert!(
            link.contains(r#"rel="preload""#) && link.contains(r#"as="fetch""#),
            "{link}"
        );
        let href = link
            .split(r#"href=""#)
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("the link's address");
        assert!(href.starts_with(&format!("/messages/{code}.")), "{href}");

        let response = get(href).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{href}");
        let headers = response.headers().clone();
        assert_eq!(
            headers["cache-control"],
            "public, max-age=31536000, immutable"
        );
        assert_eq!(headers["content-type"], "text/plain; charset=utf-8");
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let text = String::from_utf8(bytes.to_vec()).unwrap();
        let start: String = text.chars().take(200).collect();
        assert!(text.contains(message), "{code}'s messages: {start}");
    }

    // During a rolling update a page rendered by one build may ask another for its messages:
    // it gets this build's text, checked on each use rather than kept under the other's name.
    let response = get("/messages/vi.0123456789abcdef.ftl").await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["cache-control"], "no-cache");
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    assert!(
        String::from_utf8(bytes.to_vec())
            .unwrap()
            .contains("nav-sign-in = Đăng nhập")
    );

    for path in [
        "/messages/de.0123456789abcdef.ftl",
        "/messages/vi.ftl",
        "/messages/..%2FCargo.toml",
    ] {
        let response = get(path).await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let body: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(body["detail"], "No such messages file", "{path}");
    }
}

#[tokio::test]
async fn the_language_switch_remembers_the_choice_and_goes_back_to_the_same_page() {
    let app = marquee_server::app(&BffConfig::from_env().unwrap()).unwrap();
    let choose = |body: &'static str| {
        Request::post("/language")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap()
    };
    let response = app
        .clone()
        .oneshot(choose("lang=en&back=%2Fmovies%2Fx%3Fday%3D2"))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()["location"], "/movies/x?day=2");
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("marquee_lang=en;"), "{cookie}");
    assert!(cookie.contains("Max-Age=31536000"), "{cookie}");

    // Only pages of this site to go back to.
    let elsewhere = app
        .clone()
        .oneshot(choose("lang=vi&back=%2F%2Fevil.example"))
        .await
        .unwrap();
    assert_eq!(elsewhere.headers()["location"], "/");

    let unknown = app.oneshot(choose("lang=xx&back=%2F")).await.unwrap();
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.headers().get("set-cookie").is_none());
}

#[tokio::test]
async fn the_bff_reports_the_services_it_cannot_reach() {
    let config = config_with_movie_service("http://127.0.0.1:9".into());
    let app = marquee_server::app(&config).unwrap();
    let response = app
        .oneshot(Request::get("/health").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let body: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert!(
        body["dependencies"]["movie"]
            .as_str()
            .unwrap()
            .starts_with("error")
    );
}

#[tokio::test]
async fn a_refresh_cookie_that_cannot_be_a_token_ends_the_session_without_asking_auth() {
    // The auth service is unreachable: had the BFF asked it, the session would be kept (no
    // answer is not a refusal) and no cookie cleared.
    let mut config = BffConfig::from_env().unwrap();
    for (name, url) in config.services.iter_mut() {
        if *name == "auth" {
            *url = "http://127.0.0.1:9".into();
        }
    }
    let app = marquee_server::app(&config).unwrap();
    for garbage in ["x".repeat(5000), "not a token".into(), "a".repeat(44)] {
        let response = app
            .clone()
            .oneshot(
                Request::get("/health/live")
                    .header("cookie", format!("marquee_refresh={garbage}"))
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        let cleared = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .any(|cookie| cookie.starts_with("marquee_refresh=;") && cookie.contains("Max-Age=0"));
        assert!(cleared, "{garbage:.20}: {:?}", response.headers());
    }
}

#[tokio::test]
async fn a_page_that_panics_is_a_500_page_for_people_not_a_dropped_connection() {
    let bundle = marquee_server::assets::BundleNames::default();
    let app = marquee_server::answer_panics(
        &bundle,
        axum::Router::new().route(
            "/boom",
            axum::routing::get(|| async {
                panic!("a bug in rendering");
                #[allow(unreachable_code)]
                ""
            }),
        ),
    );
    let response = app
        .oneshot(Request::get("/boom").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let html = String::from_utf8(bytes.to_vec()).unwrap();
    assert!(html.contains("Something went wrong on our side"), "{html}");
    // Said in every language: the request, and so its language, is gone by then.
    assert!(html.contains("Đã xảy ra lỗi từ phía chúng tôi"), "{html}");
    assert!(!html.contains("a bug in rendering"));
}

/// `scripts/stack.sh build` writes a `.gz` beside each file of the bundle; the BFF's static
/// files (`/pkg`, tower-http's `ServeDir`) send it to browsers that take gzip, so the
/// gateway never compresses a large WASM file on every download.
#[tokio::test]
async fn the_browser_bundle_is_served_compressed_when_the_browser_takes_gzip() {
    let site = std::env::temp_dir().join(format!("marquee-site-{}", std::process::id()));
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    std::fs::write(
        site.join("pkg/app.js"),
        "console.log('marquee');".repeat(100),
    )
    .unwrap();
    // A stand-in for what `gzip --keep` writes beside it.
    std::fs::write(site.join("pkg/app.js.gz"), b"compressed bytes").unwrap();
    let mut config = BffConfig::from_env().unwrap();
    config.site_root = site.to_string_lossy().into_owned();
    let app = marquee_server::app(&config).unwrap();

    let get = |encoding: Option<&'static str>| {
        let mut request = Request::get("/pkg/app.js");
        if let Some(encoding) = encoding {
            request = request.header("accept-encoding", encoding);
        }
        request.body(Body::empty()).unwrap()
    };
    let compressed = app.clone().oneshot(get(Some("gzip, br"))).await.unwrap();
    assert_eq!(compressed.status(), StatusCode::OK);
    assert_eq!(compressed.headers()["content-encoding"], "gzip");
    let bytes = compressed.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(&bytes[..], b"compressed bytes");

    let plain = app.oneshot(get(None)).await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    let bytes = plain.into_body().collect().await.unwrap().to_bytes();
    assert!(bytes.starts_with(b"console.log"));
    std::fs::remove_dir_all(site).unwrap();
}

/// The bundle's files that browsers must check on each visit (`server/src/assets.rs`) are
/// answered "304 Not Modified" while unchanged, so a returning visitor downloads them again only
/// after a new build.
#[tokio::test]
async fn a_bundle_file_the_browser_already_has_is_answered_not_modified() {
    let site = std::env::temp_dir().join(format!("marquee-site-304-{}", std::process::id()));
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    std::fs::write(site.join("pkg/chunk_1.wasm"), b"\0asm chunk").unwrap();
    let mut config = BffConfig::from_env().unwrap();
    config.site_root = site.to_string_lossy().into_owned();
    let app = marquee_server::app(&config).unwrap();

    let first = app
        .clone()
        .oneshot(
            Request::get("/pkg/chunk_1.wasm")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    assert_eq!(first.headers()["cache-control"], "no-cache");
    let last_modified = first.headers()["last-modified"].clone();

    let again = Request::get("/pkg/chunk_1.wasm")
        .header("if-modified-since", last_modified.clone())
        .body(Body::empty())
        .unwrap();
    let again = app.clone().oneshot(again).await.unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(again.headers()["cache-control"], "no-cache");

    // A copy dated after this file is another build's (a rollback, or old and new servers
    // answering at once): it is sent again, not confirmed.
    let later = httpdate::parse_http_date(last_modified.to_str().unwrap()).unwrap()
        + std::time::Duration::from_secs(86_400);
    let other_build = Request::get("/pkg/chunk_1.wasm")
        .header("if-modified-since", httpdate::fmt_http_date(later))
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        app.clone().oneshot(other_build).await.unwrap().status(),
        StatusCode::OK
    );

    let missing = Request::get("/pkg/chunk_2.wasm")
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        app.oneshot(missing).await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    std::fs::remove_dir_all(site).unwrap();
}
