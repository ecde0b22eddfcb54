//! Showtimes grouped by day and cinema, with a day picker that is just links (so it works
//! before hydration, and the chosen day is in the URL).

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::{api::catalog::ShowtimeCard, format, t};

#[component]
pub fn ShowtimeBrowser(
    showtimes: Vec<ShowtimeCard>,
    /// `?date=` from the URL; the first day with showtimes when absent.
    chosen: Option<String>,
    /// Path the day links point at.
    base: String,
    /// Group by cinema (a movie's page) or by movie (a cinema's page).
    by_cinema: bool,
) -> impl IntoView {
    let mut days: Vec<String> = showtimes.iter().map(|s| s.show_date.clone()).collect();
    days.sort();
    days.dedup();
    if showtimes.is_empty() {
        return view! {
            <p class="rounded-xl border border-white/10 bg-ink-900 p-6 text-neutral-300" data-testid="no-showtimes">
                {t!("movie-no-showtimes")}
            </p>
        }
        .into_any();
    }
    let day = chosen
        .filter(|day| days.contains(day))
        .unwrap_or_else(|| days[0].clone());
    let mut groups: BTreeMap<(String, String), Vec<ShowtimeCard>> = BTreeMap::new();
    for showtime in showtimes.into_iter().filter(|s| s.show_date == day) {
        let key = if by_cinema {
            (showtime.city.clone(), showtime.theater_name.clone())
        } else {
            (String::new(), showtime.movie_title.clone())
        };
        groups.entry(key).or_default().push(showtime);
    }
    view! {
        <nav aria-label=t!("movie-choose-day") class="mb-6 flex gap-2 overflow-x-auto pb-2" data-testid="day-picker">
            {days.into_iter().map(|d| {
                let current = d == day;
                let class = if current {
                    "shrink-0 rounded-lg bg-amber-400 px-3 py-2 text-sm font-semibold text-ink-950"
                } else {
                    "shrink-0 rounded-lg border border-white/15 px-3 py-2 text-sm text-neutral-200 hover:bg-white/5"
                };
                view! {
                    <a
                        href=format!("{base}?date={d}")
                        class=class
                        aria-current=if current { Some("date") } else { None }
                    >
                        {format::short_day(&d)}
                    </a>
                }
            }).collect_view()}
        </nav>
        <div class="flex flex-col gap-6" data-testid="showtime-groups">
            {groups.into_iter().map(|((city, name), showtimes)| view! {
                <section class="rounded-xl border border-white/10 bg-ink-900 p-5">
                    <h3 class="text-lg font-bold text-white">{name}</h3>
                    {(!city.is_empty()).then(|| view! { <p class="text-sm text-neutral-400">{city}</p> })}
                    <ul class="mt-4 flex flex-wrap gap-3">
                        {showtimes.into_iter().map(|showtime| view! { <ShowtimeChip showtime /> }).collect_view()}
                    </ul>
                </section>
            }).collect_view()}
        </div>
    }
    .into_any()
}

#[component]
fn ShowtimeChip(showtime: ShowtimeCard) -> impl IntoView {
    let label = t!(
        "movie-showtime-label",
        time = format::time(&showtime.show_time),
        format = showtime.format.as_str(),
        hall = showtime.hall_name.as_str(),
        price = format::money(showtime.price),
        free = showtime.available_seats,
        total = showtime.total_seats,
    );
    let languages = match &showtime.subtitle_language {
        Some(subtitles) => t!(
            "movie-audio-subtitles",
            audio = showtime.audio_language.as_str(),
            subtitles = subtitles.as_str(),
        ),
        None => showtime.audio_language.clone(),
    };
    view! {
        <li data-testid="showtime">
            <a
                href=format!("/showtimes/{}", showtime.id)
                class="flex min-w-28 flex-col rounded-lg border border-white/15 px-3 py-2 hover:border-amber-400/60"
                aria-label=label
                title=languages
            >
                <span class="text-lg font-bold text-amber-300">{format::time(&showtime.show_time).to_owned()}</span>
                <span class="text-xs text-neutral-400">{format!("{} · {}", showtime.format, showtime.hall_name)}</span>
                <span class="text-xs text-neutral-300">{t!("movie-from-price", price = format::money(showtime.price))}</span>
            </a>
        </li>
    }
}
