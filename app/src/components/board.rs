//! The lobby board: a cinema's remaining showtimes of the day, grouped by film, each with its
//! seats left as a bar and a number, live from one WebSocket; made for a wall screen (large
//! type, no cursor, landscape or portrait). It pages through the films by itself, refreshes the
//! programme every minute, drops showtimes as they start, and when the services are away it
//! keeps what it shows and says it is reconnecting.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::{
    api::staff::{FilmShowings, Programme, Showing},
    i18n::around,
    t,
};

/// Films on one page of the board (a 2×2 grid in landscape, a column of four in portrait).
pub const FILMS_PER_PAGE: usize = 4;
/// Showtimes shown per film (the earliest).
const SHOWINGS_PER_FILM: usize = 6;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeatLevel {
    SoldOut,
    Few,
    Plenty,
}

/// How full a showtime is: "Few seats" at 10 or fewer, or a tenth of the hall or less.
pub fn seat_level(left: i64, open: i64) -> SeatLevel {
    if left <= 0 {
        SeatLevel::SoldOut
    } else if left <= 10 || left * 10 <= open {
        SeatLevel::Few
    } else {
        SeatLevel::Plenty
    }
}

/// The board's live state: the programme, the counts the socket brought, the clock.
#[derive(Clone, Copy)]
struct Live {
    programme: RwSignal<Programme>,
    /// Booked and held seats per showtime, as last heard.
    counts: RwSignal<HashMap<String, (i64, i64)>>,
    connected: RwSignal<bool>,
    /// The last programme refresh failed.
    stale: RwSignal<bool>,
    hydrated: RwSignal<bool>,
    /// The browser's clock in ms (0 until hydrated: the server's list is shown as it is).
    now_ms: RwSignal<f64>,
}

impl Live {
    fn seats_left(&self, showing: &Showing) -> i64 {
        self.counts.with(|counts| {
            counts
                .get(&showing.id)
                .map_or(showing.available_seats, |(booked, held)| {
                    showing.left_after(*booked, *held)
                })
        })
    }
}

/// Milliseconds since the epoch of an RFC 3339 instant, as the browser reads it.
fn epoch_ms(instant: &str) -> f64 {
    #[cfg(feature = "hydrate")]
    {
        js_sys::Date::parse(instant)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = instant;
        f64::MAX
    }
}

#[component]
pub fn Board(programme: Programme) -> impl IntoView {
    let cinema_name = programme.cinema.name.clone();
    let clock = RwSignal::new(programme.clock.clone());
    let live = Live {
        programme: RwSignal::new(programme),
        counts: RwSignal::new(HashMap::new()),
        connected: RwSignal::new(false),
        stale: RwSignal::new(false),
        hydrated: RwSignal::new(false),
        now_ms: RwSignal::new(0.0),
    };
    let page = RwSignal::new(0usize);

    let films = Memo::new(move |_| {
        let now = live.now_ms.get();
        live.programme.with(|programme| {
            programme
                .films
                .iter()
                .filter_map(|film| {
                    let showings: Vec<Showing> = film
                        .showings
                        .iter()
                        .filter(|showing| now == 0.0 || epoch_ms(&showing.starts_at) > now)
                        .cloned()
                        .collect();
                    (!showings.is_empty()).then(|| FilmShowings {
                        showings,
                        ..film.clone()
                    })
                })
                .collect::<Vec<_>>()
        })
    });
    let pages = move || films.with(|films| films.len().div_ceil(FILMS_PER_PAGE).max(1));
    let current_page = move || page.get() % pages();
    let shown = move || {
        let first = current_page() * FILMS_PER_PAGE;
        films.with(|films| {
            films
                .iter()
                .skip(first)
                .take(FILMS_PER_PAGE)
                .cloned()
                .collect::<Vec<_>>()
        })
    };

    #[cfg(feature = "hydrate")]
    {
        use std::time::Duration;

        use crate::api::staff::{Remaining, load_programme};

        let time_zone = live
            .programme
            .with_untracked(|p| p.cinema.time_zone.clone());
        let cinema = live.programme.with_untracked(|p| p.cinema.slug.clone());
        Effect::new(move |_| {
            live.hydrated.set(true);
            let time_zone = time_zone.clone();
            let tick = move || {
                live.now_ms.set(js_sys::Date::now());
                if let Some(now) = crate::board_live::clock_in(&time_zone) {
                    clock.set(now);
                }
            };
            tick();
            let cinema = cinema.clone();
            let refresh = move || {
                let cinema = cinema.clone();
                leptos::task::spawn_local(async move {
                    match load_programme(cinema, Remaining::NotStarted).await {
                        Ok(Some(programme)) => {
                            live.programme.set(programme);
                            live.stale.set(false);
                        }
                        _ => live.stale.set(true),
                    }
                });
            };
            let handles = [
                set_interval_with_handle(tick, Duration::from_secs(1)),
                set_interval_with_handle(move || page.update(|p| *p += 1), Duration::from_secs(8)),
                set_interval_with_handle(refresh, Duration::from_secs(60)),
            ];
            on_cleanup(move || {
                for handle in handles.into_iter().flatten() {
                    handle.clear();
                }
            });
        });
        // One socket for the whole board, opened again when its showtimes change.
        let ids = Memo::new(move |_| live.programme.with(Programme::showing_ids));
        Effect::new(move |_| {
            let ids = ids.get();
            crate::board_live::watch(
                &ids,
                move |update| {
                    live.counts.update(|counts| {
                        for count in update.showtimes {
                            counts
                                .insert(count.showtime_id.to_string(), (count.booked, count.held));
                        }
                    })
                },
                live.connected.write_only(),
            );
        });
    }

    let status = move || {
        if !live.hydrated.get() {
            ("", String::new())
        } else if live.connected.get() && !live.stale.get() {
            ("live", t!("board-live"))
        } else {
            ("reconnecting", t!("board-reconnecting"))
        }
    };

    view! {
        <div class="flex h-screen w-screen cursor-none flex-col gap-6 overflow-hidden bg-black p-8 text-white portrait:gap-8 portrait:p-10" data-testid="kiosk-board">
            <header class="flex items-end justify-between gap-8">
                <div>
                    <p class="text-2xl font-semibold uppercase tracking-widest text-amber-300">{t!("board-today-at")}</p>
                    <h1 class="text-6xl font-black tracking-tight">{cinema_name}</h1>
                </div>
                <div class="text-right">
                    <p class="text-7xl font-black tabular-nums" data-testid="board-clock" aria-label=t!("board-clock")>{move || clock.get()}</p>
                    <p class="mt-1 flex items-center justify-end gap-2 text-2xl" data-testid="board-status" data-state=move || status().0>
                        <span class=move || match status().0 {
                            "live" => "inline-block h-4 w-4 rounded-full bg-emerald-400",
                            "reconnecting" => "inline-block h-4 w-4 animate-pulse rounded-full bg-amber-400",
                            _ => "hidden",
                        }></span>
                        {move || status().1}
                    </p>
                </div>
            </header>
            <Show
                when=move || films.with(|films| !films.is_empty())
                fallback=|| view! {
                    <p class="flex flex-1 items-center justify-center text-5xl font-bold text-neutral-400" data-testid="board-empty">
                        {t!("board-no-more-showtimes")}
                    </p>
                }
            >
                <section class="grid min-h-0 flex-1 gap-6 landscape:grid-cols-2 landscape:grid-rows-2 portrait:grid-rows-4" aria-label=t!("board-showtimes")>
                    <For each=shown key=|film| (film.movie_id.clone(), film.showings.len()) let:film>
                        <FilmCard film live />
                    </For>
                </section>
            </Show>
            <footer class="flex items-center justify-between text-2xl text-neutral-400">
                <p>{t!("board-footer")}</p>
                <p data-testid="board-page">{move || t!("board-page", page = current_page() + 1, pages = pages())}</p>
            </footer>
        </div>
    }
}

#[component]
fn FilmCard(film: FilmShowings, live: Live) -> impl IntoView {
    let later = film.showings.len().saturating_sub(SHOWINGS_PER_FILM);
    view! {
        <article class="flex min-h-0 gap-6 overflow-hidden rounded-3xl bg-white/[0.06] p-6" data-testid="board-film">
            {film.poster_url.clone().map(|poster| view! {
                <img src=poster alt="" class="aspect-[2/3] h-full max-h-80 shrink-0 rounded-2xl object-cover" />
            })}
            <div class="flex min-w-0 flex-1 flex-col gap-4">
                <div class="flex items-baseline gap-4">
                    <h2 class="truncate text-5xl font-black">{film.title.clone()}</h2>
                    <span class="shrink-0 rounded-lg border-2 border-white/60 px-3 py-0.5 text-2xl font-bold" aria-label=t!("board-age-rating")>{film.age_rating.clone()}</span>
                </div>
                <ul class="grid grid-cols-3 gap-3">
                    {film.showings.into_iter().take(SHOWINGS_PER_FILM).map(|showing| view! { <ShowingTile showing live /> }).collect_view()}
                </ul>
                {(later > 0).then(|| view! { <p class="text-xl text-neutral-400">{t!("board-later", count = later)}</p> })}
            </div>
        </article>
    }
}

#[component]
fn ShowingTile(showing: Showing, live: Live) -> impl IntoView {
    let open = showing.open_seats.max(1);
    let id = showing.id.clone();
    let counted = showing.clone();
    let left = Memo::new(move |_| live.seats_left(&counted));
    let level = move || seat_level(left.get(), open);
    view! {
        <li class="flex flex-col gap-1 rounded-2xl bg-black/40 px-4 py-3" data-testid="board-showing" data-showtime-id=id>
            <p class="text-4xl font-black tabular-nums">{showing.time.clone()}</p>
            <p class="truncate text-xl text-neutral-300">{crate::format::hall_and_format(&showing.hall_name, &showing.format)}</p>
            <div class="my-1 h-3 overflow-hidden rounded-full bg-white/15" aria-hidden="true">
                <div
                    class=move || match level() {
                        SeatLevel::Plenty => "h-full rounded-full bg-emerald-400",
                        SeatLevel::Few => "h-full rounded-full bg-amber-400",
                        SeatLevel::SoldOut => "h-full rounded-full bg-rose-500",
                    }
                    style=move || format!("width: {}%", left.get() * 100 / open)
                ></div>
            </div>
            <p class="text-xl font-semibold">
                {move || match level() {
                    SeatLevel::SoldOut => view! { <span class="text-rose-400" data-testid="sold-out">{t!("board-sold-out")}</span> }.into_any(),
                    level => {
                        let count = left.get();
                        let (before, after) =
                            around(&t!("board-seats-left", count = count), &count.to_string());
                        view! {
                            <span>{before}<span data-testid="seats-left" class="tabular-nums">{count}</span>{after}</span>
                            {(level == SeatLevel::Few).then(|| view! { <span class="ml-2 rounded bg-amber-400 px-2 text-ink-950" data-testid="few-seats">{t!("board-few-seats")}</span> })}
                        }.into_any()
                    }
                }}
            </p>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_showtime_is_few_seats_at_ten_or_a_tenth_and_sold_out_at_none() {
        assert_eq!(seat_level(0, 148), SeatLevel::SoldOut);
        assert_eq!(seat_level(10, 148), SeatLevel::Few);
        assert_eq!(seat_level(14, 148), SeatLevel::Few);
        assert_eq!(seat_level(15, 148), SeatLevel::Plenty);
        assert_eq!(seat_level(30, 400), SeatLevel::Few);
        assert_eq!(seat_level(17, 18), SeatLevel::Plenty);
    }
}
