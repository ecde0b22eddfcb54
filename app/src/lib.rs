#![recursion_limit = "512"]
//! Marquee's web app, rendered on the server and hydrated in the browser.

pub mod api;
pub mod board_live;
mod chunk_preloads;
pub mod components;
pub mod format;
pub mod i18n;
pub mod live;
pub mod pages;
pub mod routes;
pub mod scanner;
pub mod session;
pub mod socket;

use leptos::prelude::*;
use leptos_meta::{Title, provide_meta_context};
use leptos_router::{
    Lazy, ParamSegment, SsrMode, StaticSegment,
    components::{Route, Router, Routes},
    hooks::use_location,
};

use crate::{
    components::layout::{Footer, Header},
    pages::not_found::NotFound,
    routes::*,
};

/// The HTML document around the app.
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    use leptos_meta::{HashedStylesheet, MetaTags};
    // Decided once for the page, from the request (see `i18n`); everything rendered below
    // reads it from context.
    let language = i18n::language();
    provide_context(language);
    view! {
        <!DOCTYPE html>
        <html lang=language.code() class="dark">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#0a0a0f" />
                <meta name="marquee-currency" content=format::currency() />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <AutoReload options=options.clone() />
                <HydrationScripts options=options.clone() />
                // `marquee.<hash>.css` in release builds (cargo-leptos's hash.txt): a new
                // stylesheet is a new name, so browsers may keep each one for a year.
                <HashedStylesheet options id="leptos" />
                // The page's messages: the browser's bundle carries no language's, and fetches
                // these beside the WASM (`frontend`), before hydrating.
                <link
                    id="marquee-messages"
                    rel="preload"
                    r#as="fetch"
                    crossorigin=""
                    href=format!("/messages/{}", language.messages_file().0)
                />
                <MetaTags />
            </head>
            <body class="min-h-screen bg-ink-950 text-neutral-100 antialiased">
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    session::provide_session();
    // Set once the browser has hydrated the page, so tests (and people) can tell an
    // interactive page from server-rendered HTML.
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| set_hydrated.set(true));

    view! {
        <Title formatter=|title: String| {
            if title.is_empty() { "Marquee".to_owned() } else { format!("{title} · Marquee") }
        } />
        <Router>
            <div
                class="flex min-h-screen flex-col"
                data-hydrated=move || if hydrated.get() { "true" } else { "false" }
            >
                <Pages />
            </div>
        </Router>
    }
}

/// The site's header and footer around the pages, except on a lobby board, which fills its
/// screen alone.
#[component]
fn Pages() -> impl IntoView {
    let location = use_location();
    let board = move || location.pathname.with(|path| path.starts_with("/kiosk/"));
    view! {
        <Show when=move || !board()>
            <Header />
        </Show>
        <main
            id="main"
            class=move || if board() { "flex-1" } else { "mx-auto w-full max-w-7xl flex-1 px-4 py-8 sm:px-6 lg:px-8" }
        >
            // Async: the whole page, data included, is in the first answer, so it reads
            // and works before (or without) the WASM bundle.
            <Routes fallback=NotFound>
                <Route path=StaticSegment("") view={Lazy::<HomeRoute>::new()} ssr=SsrMode::Async />
                <Route path=StaticSegment("login") view={Lazy::<LoginRoute>::new()} ssr=SsrMode::Async />
                <Route path=StaticSegment("register") view={Lazy::<RegisterRoute>::new()} ssr=SsrMode::Async />
                <Route path=StaticSegment("profile") view={Lazy::<ProfileRoute>::new()} ssr=SsrMode::Async />
                <Route path=StaticSegment("search") view={Lazy::<SearchRoute>::new()} ssr=SsrMode::Async />
                <Route path=(StaticSegment("movies"), ParamSegment("id")) view={Lazy::<MovieRoute>::new()} ssr=SsrMode::Async />
                <Route path=StaticSegment("cinemas") view={Lazy::<CinemasRoute>::new()} ssr=SsrMode::Async />
                <Route path=StaticSegment("admin") view={Lazy::<AdminRoute>::new()} ssr=SsrMode::Async />
                <Route path=(StaticSegment("admin"), StaticSegment("movies"), ParamSegment("id")) view={Lazy::<AdminMovieRoute>::new()} ssr=SsrMode::Async />
                <Route path=(StaticSegment("admin"), StaticSegment("halls"), ParamSegment("id")) view={Lazy::<AdminHallRoute>::new()} ssr=SsrMode::Async />
                <Route path=(StaticSegment("admin"), StaticSegment("cinemas"), ParamSegment("id")) view={Lazy::<AdminCinemaRoute>::new()} ssr=SsrMode::Async />
                <Route path=(StaticSegment("admin"), StaticSegment("showtimes"), ParamSegment("id")) view={Lazy::<AdminShowtimeRoute>::new()} ssr=SsrMode::Async />
                <Route path=(StaticSegment("showtimes"), ParamSegment("id")) view={Lazy::<ShowtimeRoute>::new()} ssr=SsrMode::Async />
                <Route path=(StaticSegment("cinemas"), ParamSegment("id")) view={Lazy::<CinemaRoute>::new()} ssr=SsrMode::Async />
                <Route path=StaticSegment("bookings") view={Lazy::<MyBookingsRoute>::new()} ssr=SsrMode::Async />
                <Route path=StaticSegment("notifications") view={Lazy::<NotificationsRoute>::new()} ssr=SsrMode::Async />
                <Route path=(StaticSegment("bookings"), ParamSegment("id")) view={Lazy::<CheckoutRoute>::new()} ssr=SsrMode::Async />
                <Route path=StaticSegment("kiosk") view={Lazy::<KioskListRoute>::new()} ssr=SsrMode::Async />
                <Route path=StaticSegment("box-office") view={Lazy::<BoxOfficeRoute>::new()} ssr=SsrMode::Async />
                <Route path=StaticSegment("check-in") view={Lazy::<CheckInRoute>::new()} ssr=SsrMode::Async />
                <Route path=(StaticSegment("kiosk"), ParamSegment("cinema")) view={Lazy::<KioskBoardRoute>::new()} ssr=SsrMode::Async />
            </Routes>
        </main>
        <Show when=move || !board()>
            <Footer />
        </Show>
    }
}
