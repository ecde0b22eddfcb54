use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::{MovieCard, load_catalog},
    components::movie_card::MovieCardView,
    t,
};

#[component]
pub fn HomePage() -> impl IntoView {
    let catalog = Resource::new(|| (), |_| load_catalog());
    crate::routes::warm_browse_pages();
    view! {
        <Title text=t!("home-now-showing") />
        <section class="mb-10 rounded-2xl bg-gradient-to-br from-rose-900/40 via-ink-900 to-amber-900/20 p-8 ring-1 ring-white/10">
            <h1 class="text-3xl font-black tracking-tight sm:text-4xl">{t!("home-hero-title")}</h1>
            <p class="mt-2 max-w-2xl text-neutral-300">{t!("home-hero-text")}</p>
        </section>
        <Suspense fallback=|| view! { <CatalogSkeleton /> }>
            {move || Suspend::new(async move {
                match catalog.await {
                    Ok(catalog) => view! {
                        <MovieShelf
                            heading_id="now-showing"
                            title=t!("home-now-showing")
                            empty=t!("home-nothing-showing")
                            movies=catalog.now_showing
                        />
                        <MovieShelf
                            heading_id="coming-soon"
                            title=t!("home-coming-soon")
                            empty=t!("home-no-upcoming")
                            movies=catalog.coming_soon
                        />
                    }.into_any(),
                    Err(error) => view! { <CatalogUnavailable message=error.to_string() /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `heading_id` names the shelf's heading for its section (the same in every language).
#[component]
fn MovieShelf(
    heading_id: &'static str,
    title: String,
    empty: String,
    movies: Vec<MovieCard>,
) -> impl IntoView {
    view! {
        <section class="mb-12" aria-labelledby=heading_id>
            <h2 id=heading_id class="mb-4 text-xl font-bold text-white">{title}</h2>
            {if movies.is_empty() {
                view! { <p class="text-neutral-400">{empty}</p> }.into_any()
            } else {
                view! {
                    <div class="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-4 xl:grid-cols-6">
                        {movies.into_iter().map(|movie| view! { <MovieCardView movie /> }).collect_view()}
                    </div>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn CatalogUnavailable(message: String) -> impl IntoView {
    // Server-function errors arrive prefixed with their kind; people need only the sentence.
    let message = message
        .rsplit_once(": ")
        .map_or(message.clone(), |(_, text)| text.to_owned());
    view! {
        <div role="alert" class="rounded-xl border border-rose-500/40 bg-rose-950/40 p-6" data-testid="catalog-error">
            <h2 class="text-lg font-semibold text-rose-200">{t!("home-unavailable-title")}</h2>
            <p class="mt-1 text-rose-100/80">{message}</p>
            <p class="mt-1 text-sm text-rose-100/60">{t!("home-try-again")}</p>
        </div>
    }
}

#[component]
fn CatalogSkeleton() -> impl IntoView {
    view! {
        <div class="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-4 xl:grid-cols-6" aria-busy="true" aria-label=t!("home-loading-movies")>
            {(0..6).map(|_| view! {
                <div class="aspect-[2/3] animate-pulse rounded-xl bg-ink-800"></div>
            }).collect_view()}
        </div>
    }
}
