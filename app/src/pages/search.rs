use leptos::prelude::*;

use crate::components::loading::Loading;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{
    api::catalog::{SearchQuery, load_cinemas, load_genres, search_movies},
    components::movie_card::MovieCardView,
    t,
};

/// Search with every filter in the URL: a plain GET form, so results are shareable, the back
/// button walks through earlier searches, and it works before hydration.
#[component]
pub fn SearchPage() -> impl IntoView {
    let query_map = use_query_map();
    let query = move || {
        let map = query_map.read();
        SearchQuery {
            q: map.get("q").unwrap_or_default(),
            genre: map.get("genre").unwrap_or_default(),
            city: map.get("city").unwrap_or_default(),
            date: map.get("date").unwrap_or_default(),
        }
    };
    let results = Resource::new(query, search_movies);
    let cinemas = Resource::new(|| (), |_| load_cinemas());
    let genres = Resource::new(|| (), |_| load_genres());
    view! {
        <Title text=t!("nav-search") />
        <h1 class="mb-6 text-3xl font-black tracking-tight">{t!("search-heading")}</h1>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let mut cities: Vec<String> = cinemas.await.unwrap_or_default().into_iter().map(|c| c.city).collect();
                cities.sort();
                cities.dedup();
                let genres = genres.await.unwrap_or_default();
                view! { <SearchForm query=query() cities genres /> }
            })}
        </Suspense>
        <Suspense fallback=|| view! { <Loading what=t!("search-loading") /> }>
            {move || Suspend::new(async move {
                match results.await {
                    Ok(movies) if movies.is_empty() => view! {
                        <p class="text-neutral-300" data-testid="no-results">{t!("search-no-results")}</p>
                    }.into_any(),
                    Ok(movies) => view! {
                        <p class="mb-4 text-sm text-neutral-400" aria-live="polite">
                            {t!("search-count", count = movies.len())}
                        </p>
                        <div class="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-4 xl:grid-cols-6" data-testid="search-results">
                            {movies.into_iter().map(|movie| view! { <MovieCardView movie /> }).collect_view()}
                        </div>
                    }.into_any(),
                    Err(_) => view! {
                        <p role="alert" class="text-rose-200">{t!("movie-catalog-unavailable")}</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SearchForm(query: SearchQuery, cities: Vec<String>, genres: Vec<String>) -> impl IntoView {
    let field = "rounded-lg border border-white/15 bg-ink-950 px-3 py-2 text-white focus:outline-none focus:ring-2 focus:ring-amber-400";
    let option = |value: String, selected: &str| {
        let is_selected = value == selected;
        let label = value.clone();
        view! { <option value=value selected=is_selected>{label}</option> }
    };
    view! {
        <form method="get" action="/search" role="search" class="mb-8 grid gap-3 rounded-xl border border-white/10 bg-ink-900 p-4 sm:grid-cols-[2fr_1fr_1fr_1fr_auto]">
            <label class="flex flex-col gap-1 text-sm">
                <span class="text-neutral-300">{t!("search-title-label")}</span>
                <input type="search" name="q" value=query.q.clone() class=field placeholder=t!("search-placeholder") />
            </label>
            <label class="flex flex-col gap-1 text-sm">
                <span class="text-neutral-300">{t!("search-genre")}</span>
                <select name="genre" class=field>
                    <option value="">{t!("search-any-genre")}</option>
                    {genres.into_iter().map(|genre| option(genre, &query.genre)).collect_view()}
                </select>
            </label>
            <label class="flex flex-col gap-1 text-sm">
                <span class="text-neutral-300">{t!("search-city")}</span>
                <select name="city" class=field>
                    <option value="">{t!("search-any-city")}</option>
                    {cities.into_iter().map(|city| option(city, &query.city)).collect_view()}
                </select>
            </label>
            <label class="flex flex-col gap-1 text-sm">
                <span class="text-neutral-300">{t!("search-date")}</span>
                <input type="date" name="date" value=query.date.clone() class=field />
            </label>
            <button type="submit" class="self-end rounded-lg bg-amber-400 px-5 py-2 font-semibold text-ink-950 hover:bg-amber-300">
                {t!("search-submit")}
            </button>
        </form>
    }
}
