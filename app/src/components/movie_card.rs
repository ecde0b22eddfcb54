use leptos::prelude::*;

use crate::{api::MovieCard, format, t};

#[component]
pub fn MovieCardView(movie: MovieCard) -> impl IntoView {
    let poster = movie.poster_url.clone();
    let title = movie.title.clone();
    let meta = format!(
        "{} · {} · {}",
        format::duration(movie.duration_minutes),
        movie.genres.join(", "),
        movie.age_rating
    );
    let rating = movie.rating.map(|rating| format!("★ {rating:.1}"));
    let released = format::date(&movie.release_date);
    view! {
        <article
            class="group relative flex flex-col overflow-hidden rounded-xl border border-white/10 bg-ink-900 shadow-lg shadow-black/40 transition hover:-translate-y-0.5 hover:border-amber-400/40"
            data-testid="movie-card"
        >
            <div class="relative aspect-[2/3] overflow-hidden bg-gradient-to-br from-ink-800 to-ink-950">
                {poster.map(|src| view! {
                    <img
                        src=src
                        alt=t!("movie-poster-alt", title = title)
                        loading="lazy"
                        class="h-full w-full object-cover transition group-hover:scale-[1.02]"
                    />
                })}
                {rating.map(|rating| view! {
                    <span class="absolute right-2 top-2 rounded-md bg-black/70 px-2 py-1 text-xs font-semibold text-amber-300">
                        {rating}
                    </span>
                })}
            </div>
            <div class="flex flex-1 flex-col gap-1 p-4">
                <h3 class="text-base font-bold leading-snug text-white">
                    // The whole card is the link's target area; the title is its name.
                    <a href=format!("/movies/{}", movie.id) class="after:absolute after:inset-0 hover:underline focus:outline-none">
                        {movie.title}
                    </a>
                </h3>
                <p class="text-xs text-neutral-400">{meta}</p>
                <p class="mt-1 line-clamp-3 text-sm text-neutral-300">{movie.description}</p>
                <p class="mt-auto pt-2 text-xs text-neutral-500">{t!("movie-release-on", date = released)}</p>
            </div>
        </article>
    }
}
