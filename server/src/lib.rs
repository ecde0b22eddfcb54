#![recursion_limit = "512"]
//! The backend-for-frontend: renders Marquee's pages on the server, serves the hydration bundle
//! and static assets, and runs the server functions that fan out to the services.

mod accounts;
mod admin_forms;
pub mod assets;
mod board_live;
mod calendar;
pub mod config;
pub mod executor;
mod forms;
mod language;
mod live_limits;
mod live_viewers;
pub mod page_cache;
pub mod seats_live;
pub mod session;

use axum::{
    Router,
    middleware::{from_fn, from_fn_with_state},
    routing::{get, post},
};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use marquee_app::{
    App,
    api::backend::{Backend, ServiceUrls},
    shell,
};
use service_kit::{
    Dependencies, Dependency, correlation, health, http_client,
    metrics::{self, HttpMetrics},
};

use crate::{
    admin_forms::{CinemaForm, HallForm, MovieForm, ShowtimeForm},
    config::BffConfig,
    session::Sessions,
};

/// The whole BFF: pages, server functions, static files, health and metrics.
pub fn app(config: &BffConfig) -> anyhow::Result<Router> {
    let mut leptos_options = get_configuration(None)?.leptos_options;
    leptos_options.site_addr = config.listen;
    leptos_options.site_root = config.site_root.clone().into();

    let backend = Backend::new(
        ServiceUrls {
            movie: config.service_url("movie"),
            auth: config.service_url("auth"),
            booking: config.service_url("booking"),
            payment: config.service_url("payment"),
            notification: config.service_url("notification"),
        },
        config.upstream_timeout,
    );
    let sessions = Sessions::new(backend.clone(), config.secure_cookies);
    let backend_for_downloads = backend.clone();
    let backend_for_live = backend.clone();
    let probe_client = http_client::build(config.upstream_timeout);
    let dependencies = Dependencies::new(
        "bff".into(),
        config.upstream_timeout,
        config
            .services
            .iter()
            .map(|(name, url)| Dependency::Service {
                name,
                url: format!("{url}/health/live"),
                client: probe_client.clone(),
            })
            .collect(),
    );
    let metrics = HttpMetrics::new("bff");

    let bundle = assets::BundleNames::read(&leptos_options);
    let bundle_files = assets::files(&leptos_options);
    let routes = generate_route_list(App);
    // The 404 page is the app too, and a signed-in visitor's header asks the services who they
    // are: the fallback gets the same context as the pages.
    let backend_for_fallback = backend.clone();
    let page_cache = page_cache::PageCache::new(
        config.page_cache_ttl,
        config.page_render_limit,
        metrics.registry(),
    )?;
    let pages = Router::new()
        .leptos_routes_with_context(
            &leptos_options,
            routes,
            move || provide_context(backend.clone()),
            {
                let leptos_options = leptos_options.clone();
                move || shell(leptos_options.clone())
            },
        )
        .fallback(leptos_axum::file_and_error_handler_with_context(
            move || provide_context(backend_for_fallback.clone()),
            shell,
        ))
        .with_state(leptos_options)
        .layer(from_fn_with_state(page_cache, page_cache::share_renders));

    let operations = Router::new()
        .route("/health", get(health::health))
        .route("/health/status", get(health::status))
        .route("/health/live", get(health::live))
        .with_state(dependencies)
        .route(
            "/metrics",
            get(metrics::endpoint).with_state(metrics.clone()),
        );

    let seat_hub = seats_live::SeatHub::new(
        &config.redis_url,
        backend_for_live,
        config.live_sockets_per_address,
        metrics.registry(),
    )?;
    let live = Router::new()
        .route("/ws/showtimes/{id}", get(seats_live::watch))
        .route("/ws/board", get(board_live::watch))
        .with_state(seat_hub);

    let downloads = Router::new()
        .route("/bookings/{id}/calendar.ics", get(calendar::calendar))
        .route("/messages/{file}", get(language::messages))
        .with_state(backend_for_downloads);

    let account_forms = Router::new()
        .route("/login", post(accounts::login))
        .route("/register", post(accounts::register))
        .route("/logout", post(accounts::logout))
        .route("/profile", post(accounts::update_profile))
        .route("/language", post(language::choose))
        .route("/admin/movies", post(admin_forms::create::<MovieForm>))
        .route("/admin/movies/{id}", post(admin_forms::update::<MovieForm>))
        .route("/admin/movies/{id}/delete", post(admin_forms::delete_movie))
        .route("/admin/cinemas", post(admin_forms::create::<CinemaForm>))
        .route(
            "/admin/cinemas/{id}",
            post(admin_forms::update::<CinemaForm>),
        )
        .route("/admin/halls", post(admin_forms::create::<HallForm>))
        .route("/admin/halls/{id}", post(admin_forms::update::<HallForm>))
        .route(
            "/admin/showtimes",
            post(admin_forms::create::<ShowtimeForm>),
        )
        .route(
            "/admin/showtimes/{id}",
            post(admin_forms::update::<ShowtimeForm>),
        )
        .route(
            "/admin/showtimes/{id}/cancel",
            post(admin_forms::cancel_showtime),
        )
        .with_state(sessions.clone());

    Ok(answer_panics(
        &bundle,
        pages
            .merge(bundle_files)
            .merge(live)
            .merge(downloads)
            .merge(account_forms)
            .merge(operations),
    )
    .layer(from_fn_with_state(sessions.clone(), session::expire_flash))
    .layer(from_fn_with_state(sessions, session::refresh_tokens))
    .layer(from_fn_with_state(bundle.clone(), assets::cache_lifetimes))
    .layer(from_fn(session::reject_cross_site))
    .layer(from_fn(language::speak))
    .layer(from_fn(session::secure_cookies_over_https))
    .layer(from_fn_with_state(metrics, metrics::track))
    .layer(service_kit::server::trace_layer())
    .layer(from_fn(correlation::propagate))
    .layer(axum::Extension(
        service_kit::client_address::TrustedProxies::from_env(),
    )))
}

/// A page or form that panics answers a page for people with a 500 (what it said goes to the
/// log), never a dropped connection.
pub fn answer_panics(bundle: &assets::BundleNames, routes: Router) -> Router {
    let page: std::sync::Arc<str> = panic_page(&bundle.stylesheet_href()).into();
    routes.layer(tower_http::catch_panic::CatchPanicLayer::custom(
        move |panic: Box<dyn std::any::Any + Send + 'static>| {
            let message = service_kit::error::panic_message(panic.as_ref());
            tracing::error!(panic = message, "page panicked");
            axum::response::IntoResponse::into_response((
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                axum::response::Html(page.to_string()),
            ))
        },
    ))
}

/// The page a panic answers. The request is gone by then, so it says it in every language,
/// the site's default first.
fn panic_page(stylesheet: &str) -> String {
    use marquee_app::i18n::{Language, language, tr};
    let first = language();
    let mut languages: Vec<Language> = Language::all().collect();
    languages.sort_by_key(|each| *each != first);
    let sections: String = languages
        .iter()
        .map(|each| {
            format!(
                r#"<section lang="{}" class="mb-12"><h1 class="text-3xl font-semibold">{}</h1>
<p class="mt-4 text-slate-300">{}</p>
<p class="mt-8"><a class="rounded-lg bg-amber-400 px-4 py-2 font-medium text-slate-950" href="/">{}</a></p></section>"#,
                each.code(),
                tr!(each, "panic-title"),
                tr!(each, "panic-body"),
                tr!(each, "panic-home"),
            )
        })
        .collect();
    format!(
        r#"<!DOCTYPE html>
<html lang="{}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{} · Marquee</title><link rel="stylesheet" href="{stylesheet}"></head>
<body class="min-h-screen bg-slate-950 text-slate-100"><main class="mx-auto max-w-xl px-6 py-24">
{sections}</main></body></html>"#,
        first.code(),
        tr!(first, "panic-title"),
    )
}
