use leptos::prelude::*;

use crate::components::loading::Loading;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::{
    api::catalog::{MovieDetail, load_movie, load_showtimes},
    components::showtimes::ShowtimeBrowser,
    format,
    pages::not_found::NotFound,
    t,
};

#[component]
pub fn MoviePage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let movie = Resource::new(id, load_movie);
    let showtimes = Resource::new(id, load_showtimes);
    view! {
        <Suspense fallback=|| view! { <Loading what=t!("movie-loading") /> }>
            {move || Suspend::new(async move {
                match (movie.await, showtimes.await) {
                    (Ok(Some(movie)), Ok(showtimes)) => {
                        let id = movie.card.id.clone();
                        let chosen = query.read().get("date");
                        view! {
                            <MovieHeader movie />
                            <section class="mt-10" aria-labelledby="showtimes-heading">
                                <h2 id="showtimes-heading" class="mb-4 text-xl font-bold">{t!("movie-showtimes")}</h2>
                                <ShowtimeBrowser showtimes chosen base=format!("/movies/{id}") by_cinema=true />
                            </section>
                        }.into_any()
                    }
                    (Ok(None), _) => view! { <NotFound /> }.into_any(),
                    (Err(error), _) | (_, Err(error)) => view! {
                        <p role="alert" class="rounded-xl border border-rose-500/40 bg-rose-950/40 p-6 text-rose-100">
                            {error.to_string().rsplit_once(": ").map_or(error.to_string(), |(_, m)| m.to_owned())}
                        </p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn MovieHeader(movie: MovieDetail) -> impl IntoView {
    let card = movie.card;
    let facts = format!(
        "{} · {} · {} · {}",
        format::duration(card.duration_minutes),
        card.genres.join(", "),
        movie.language,
        card.age_rating
    );
    view! {
        <Title text=card.title.clone() />
        <article class="grid gap-8 md:grid-cols-[16rem_1fr]">
            <div class="aspect-[2/3] overflow-hidden rounded-xl border border-white/10 bg-ink-800">
                {card.poster_url.map(|src| view! {
                    <img src=src alt=t!("movie-poster-alt", title = card.title.as_str()) class="h-full w-full object-cover" />
                })}
            </div>
            <div>
                <h1 class="text-3xl font-black tracking-tight sm:text-4xl">{card.title.clone()}</h1>
                <p class="mt-2 text-neutral-300">{facts}</p>
                {card.rating.map(|rating| view! {
                    <p class="mt-2 font-semibold text-amber-300">{format!("★ {rating:.1} / 10")}</p>
                })}
                <p class="mt-4 max-w-2xl text-neutral-200">{card.description}</p>
                <dl class="mt-6 grid max-w-xl grid-cols-[7rem_1fr] gap-2 text-sm">
                    <dt class="text-neutral-400">{t!("movie-director")}</dt>
                    <dd>{movie.director}</dd>
                    <dt class="text-neutral-400">{t!("movie-cast")}</dt>
                    <dd>{movie.cast.join(", ")}</dd>
                    <dt class="text-neutral-400">{t!("movie-release")}</dt>
                    <dd>{format::date(&card.release_date)}</dd>
                </dl>
                {movie.trailer_url.filter(|url| !url.trim().is_empty()).map(|url| view! {
                    <a href=url target="_blank" rel="noopener noreferrer" data-testid="trailer"
                        class="mt-6 inline-flex items-center gap-2 rounded-lg border border-amber-300/40 px-4 py-2 text-sm font-semibold text-amber-200 hover:bg-amber-300/10">
                        {t!("movie-trailer")}<span class="sr-only">" "{t!("movie-new-tab")}</span>
                    </a>
                })}
            </div>
        </article>
    }
}
