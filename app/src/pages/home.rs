use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::{MovieCard, load_catalog},
    components::movie_card::MovieCardView,
};

#[component]
pub fn HomePage() -> impl IntoView {
    let catalog = Resource::new(|| (), |_| load_catalog());
    view! {
        <Title text="Now showing" />
        <section class="mb-10 rounded-2xl bg-gradient-to-br from-rose-900/40 via-ink-900 to-amber-900/20 p-8 ring-1 ring-white/10">
            <h1 class="text-3xl font-black tracking-tight sm:text-4xl">"Your next night at the movies"</h1>
            <p class="mt-2 max-w-2xl text-neutral-300">
                "Browse what is on, pick your seats on a live seat map, and get your e-ticket in minutes."
            </p>
        </section>
        <Suspense fallback=|| view! { <CatalogSkeleton /> }>
            {move || Suspend::new(async move {
                match catalog.await {
                    Ok(catalog) => view! {
                        <MovieShelf
                            title="Now showing"
                            empty="Nothing is showing right now. Check back soon."
                            movies=catalog.now_showing
                        />
                        <MovieShelf
                            title="Coming soon"
                            empty="No upcoming releases are announced yet."
                            movies=catalog.coming_soon
                        />
                    }.into_any(),
                    Err(error) => view! { <CatalogUnavailable message=error.to_string() /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn MovieShelf(title: &'static str, empty: &'static str, movies: Vec<MovieCard>) -> impl IntoView {
    let heading_id = title.to_lowercase().replace(' ', "-");
    let labelled_by = heading_id.clone();
    view! {
        <section class="mb-12" aria-labelledby=labelled_by>
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
            <h2 class="text-lg font-semibold text-rose-200">"We can't show the movies right now"</h2>
            <p class="mt-1 text-rose-100/80">{message}</p>
            <p class="mt-1 text-sm text-rose-100/60">"Please try again in a moment."</p>
        </div>
    }
}

#[component]
fn CatalogSkeleton() -> impl IntoView {
    view! {
        <div class="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-4 xl:grid-cols-6" aria-busy="true" aria-label="Loading movies">
            {(0..6).map(|_| view! {
                <div class="aspect-[2/3] animate-pulse rounded-xl bg-ink-800"></div>
            }).collect_view()}
        </div>
    }
}
