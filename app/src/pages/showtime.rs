//! A showtime's page: the live seat map, where seats are chosen and held, and the summary
//! that leads to checkout. Seat changes arrive over a WebSocket while the page is open.

use leptos::prelude::*;

use crate::components::loading::Loading;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::{
    api::seats::{ShowtimeSeats, load_seat_map},
    components::{
        hold_panel::HoldPanel,
        seat_map::SeatMap,
        seat_picker::{SEAT_TYPES, SeatPicker, type_name},
    },
    format,
    pages::not_found::NotFound,
    t,
};

#[component]
pub fn ShowtimePage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        load_seat_map,
    );
    view! {
        <Suspense fallback=|| view! { <Loading what=t!("showtime-loading") /> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(seats)) => view! { <SeatMapPage seats /> }.into_any(),
                    Ok(None) => view! { <NotFound /> }.into_any(),
                    Err(_) => view! {
                        <p role="alert" class="text-rose-200">{t!("showtime-unavailable")}</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SeatMapPage(seats: ShowtimeSeats) -> impl IntoView {
    let ShowtimeSeats {
        showtime,
        map,
        hold,
        not_on_sale,
        hold_asked_later,
    } = seats;
    let heading = format!(
        "{} · {} {} · {}",
        showtime.movie_title,
        format::short_day(&showtime.show_date),
        format::time(&showtime.show_time),
        showtime.format
    );
    let picker = SeatPicker::new(map.showtime_id.clone(), map.seats.clone(), hold);
    let free_now = move || {
        picker.statuses.with(|statuses| {
            statuses
                .values()
                .filter(|s| s.status == "available")
                .count()
        })
    };
    let total_seats = map.total_seats;

    #[cfg(feature = "hydrate")]
    {
        let showtime_id = map.showtime_id.clone();
        let live = picker.live.write_only();
        Effect::new(move |_| {
            crate::live::watch(&showtime_id, move |message| picker.apply(message), live);
        });
        if hold_asked_later {
            let showtime_id = map.showtime_id.clone();
            leptos::task::spawn_local(async move {
                let hold = crate::api::booking::current_hold(showtime_id).await;
                // Unless one was made meanwhile: that one is newer than this answer.
                if let Ok(Some(hold)) = hold
                    && picker.hold.with_untracked(Option::is_none)
                {
                    picker.held(hold);
                }
            });
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = hold_asked_later;

    let prices = map.prices.clone();
    view! {
        <Title text=heading.clone() />
        <h1 class="text-2xl font-black tracking-tight sm:text-3xl">{heading}</h1>
        <p class="mt-1 text-neutral-300">
            {format!("{} · {} · ", showtime.theater_name, showtime.hall_name)}
            <span data-testid="free-seats">{move || t!("showtime-free-seats", free = free_now(), total = total_seats)}</span>
        </p>
        {match not_on_sale {
            Some(reason) => view! {
                <p role="status" data-testid="not-on-sale" class="mt-8 rounded-2xl border border-amber-400/30 bg-amber-400/10 p-6 text-amber-100">
                    {reason}" "
                    <a href=format!("/movies/{}", showtime.movie_id) class="font-semibold text-amber-300 hover:underline">{t!("showtime-other-showtimes")}</a>
                </p>
            }.into_any(),
            None => view! {
                <div class="mt-8 grid gap-6 lg:grid-cols-[1fr_20rem]">
                    <section class="overflow-x-auto rounded-2xl border border-white/10 bg-ink-900 p-3 sm:p-6" aria-label=t!("showtime-seat-map") data-testid="seat-map">
                        <SeatMap picker seats=map.seats rows=map.rows columns=map.columns />
                    </section>
                    <HoldPanel picker />
                </div>
            }.into_any(),
        }}
        <section class="mt-6 grid gap-4 sm:grid-cols-2" aria-label=t!("showtime-legend")>
            <ul class="flex flex-col gap-2 text-sm">
                {SEAT_TYPES.iter().filter(|(kind, _)| prices.contains_key(*kind) || *kind == "standard").map(|(kind, class)| {
                    let price = prices.get(*kind).or_else(|| prices.get("standard")).copied().unwrap_or_default();
                    view! {
                        <li class="flex items-center gap-2">
                            <span class=format!("inline-block h-4 w-4 rounded {class}")></span>
                            {t!("showtime-legend-price", seat_type = type_name(kind), price = format::money(price))}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <ul class="flex flex-col gap-2 text-sm text-neutral-300">
                <li class="flex items-center gap-2"><span class="inline-block h-4 w-4 rounded bg-lime-300 ring-2 ring-white"></span>{t!("showtime-legend-chosen")}</li>
                <li class="flex items-center gap-2"><span class="inline-block h-4 w-4 rounded bg-white ring-2 ring-amber-400"></span>{t!("showtime-legend-mine")}</li>
                <li class="flex items-center gap-2"><span class="inline-block h-4 w-4 rounded bg-neutral-600"></span>{t!("showtime-legend-taken")}</li>
                <li class="flex items-center gap-2"><span class="inline-block h-4 w-4 rounded bg-neutral-800"></span>{t!("showtime-legend-blocked")}</li>
            </ul>
        </section>
    }
}
