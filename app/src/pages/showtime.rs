//! A showtime's page: the hall drawn from its layout, with the screen, aisles, seat types,
//! prices and each seat's status as the server knows it now.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::{
    api::{
        catalog::ShowtimeCard,
        seats::{SeatMapView, SeatView, load_seat_map},
    },
    format,
    pages::not_found::NotFound,
};

const TYPES: [(&str, &str, &str); 5] = [
    ("standard", "Standard", "bg-sky-700"),
    ("vip", "VIP", "bg-amber-500"),
    ("couple", "Couple (sold as a pair)", "bg-rose-500"),
    ("wheelchair", "Wheelchair space", "bg-emerald-600"),
    ("companion", "Companion seat", "bg-teal-400"),
];

fn type_name(kind: &str) -> &'static str {
    TYPES
        .iter()
        .find(|(k, _, _)| *k == kind)
        .map_or("Seat", |(_, name, _)| name)
}

fn seat_class(seat: &SeatView) -> String {
    let colour = TYPES
        .iter()
        .find(|(kind, _, _)| *kind == seat.seat_type)
        .map_or("bg-sky-700", |(_, _, class)| class);
    match seat.status.as_str() {
        "available" => format!("{colour} text-white hover:ring-2 hover:ring-white"),
        _ if seat.mine => "bg-white text-ink-950 ring-2 ring-amber-400".into(),
        "blocked" => "bg-neutral-800 text-neutral-600 line-through".into(),
        _ => "bg-neutral-600 text-neutral-300".into(),
    }
}

#[component]
pub fn ShowtimePage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        load_seat_map,
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some((showtime, map))) => view! { <SeatMapPage showtime map /> }.into_any(),
                    Ok(None) => view! { <NotFound /> }.into_any(),
                    Err(_) => view! {
                        <p role="alert" class="text-rose-200">"The seat map is unavailable right now."</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SeatMapPage(showtime: ShowtimeCard, map: SeatMapView) -> impl IntoView {
    let heading = format!(
        "{} · {} {} · {}",
        showtime.movie_title,
        format::short_day(&showtime.show_date),
        format::time(&showtime.show_time),
        showtime.format
    );
    let mut grid: Vec<Vec<Option<SeatView>>> = vec![vec![None; map.columns]; map.rows];
    for seat in map.seats {
        if let Some(cell) = grid
            .get_mut(seat.grid_row as usize)
            .and_then(|row| row.get_mut(seat.grid_column as usize))
        {
            *cell = Some(seat);
        }
    }
    let prices = map.prices.clone();
    view! {
        <Title text=heading.clone() />
        <h1 class="text-2xl font-black tracking-tight sm:text-3xl">{heading}</h1>
        <p class="mt-1 text-neutral-300">
            {format!("{} · {} · {} of {} seats free", showtime.theater_name, showtime.hall_name, map.available_seats, map.total_seats)}
        </p>
        <section class="mt-8 overflow-x-auto rounded-2xl border border-white/10 bg-ink-900 p-6" aria-label="Seat map" data-testid="seat-map">
            <div class="mx-auto mb-2 h-2 w-2/3 rounded-full bg-gradient-to-r from-transparent via-amber-200/70 to-transparent" aria-hidden="true"></div>
            <p class="mb-6 text-center text-xs uppercase tracking-widest text-neutral-500">"Screen"</p>
            <div class="flex flex-col items-center gap-1.5">
                {grid.into_iter().enumerate().map(|(row, cells)| {
                    let label = char::from(b'A' + row as u8).to_string();
                    view! {
                        <div class="flex items-center gap-1.5" role="row">
                            <span class="w-5 text-right text-xs text-neutral-500" aria-hidden="true">{label}</span>
                            {cells.into_iter().map(|cell| match cell {
                                Some(seat) => {
                                    let name = format!(
                                        "Row {} seat {}, {}, {}, {}",
                                        seat.seat_row,
                                        seat.seat_number,
                                        type_name(&seat.seat_type),
                                        format::money(seat.price),
                                        if seat.mine { "held by you" } else { seat.status.as_str() }
                                    );
                                    view! {
                                        <span
                                            class=format!("flex h-8 w-8 items-center justify-center rounded-md text-[11px] font-semibold {}", seat_class(&seat))
                                            role="img"
                                            aria-label=name
                                            data-seat=seat.label()
                                            data-status=seat.status.clone()
                                        >
                                            {seat.seat_number}
                                        </span>
                                    }.into_any()
                                }
                                None => view! { <span class="h-8 w-8" aria-hidden="true"></span> }.into_any(),
                            }).collect_view()}
                        </div>
                    }
                }).collect_view()}
            </div>
        </section>
        <section class="mt-6 grid gap-4 sm:grid-cols-2" aria-label="Legend">
            <ul class="flex flex-col gap-2 text-sm">
                {TYPES.iter().filter(|(kind, _, _)| prices.contains_key(*kind) || *kind == "standard").map(|(kind, name, class)| {
                    let price = prices.get(*kind).or_else(|| prices.get("standard")).copied().unwrap_or_default();
                    view! {
                        <li class="flex items-center gap-2">
                            <span class=format!("inline-block h-4 w-4 rounded {class}")></span>
                            {format!("{name} — {}", format::money(price))}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <ul class="flex flex-col gap-2 text-sm text-neutral-300">
                <li class="flex items-center gap-2"><span class="inline-block h-4 w-4 rounded bg-neutral-600"></span>"Taken (held or booked)"</li>
                <li class="flex items-center gap-2"><span class="inline-block h-4 w-4 rounded bg-white ring-2 ring-amber-400"></span>"Held by you"</li>
                <li class="flex items-center gap-2"><span class="inline-block h-4 w-4 rounded bg-neutral-800"></span>"Not for sale"</li>
            </ul>
        </section>
    }
}
