//! `/box-office` (staff and admins): selling to walk-in customers at the counter. The device
//! remembers its cinema; the day's showtimes → the same live seat map as online (with the seats
//! kept for the box office on sale) → hold → payment → a ticket to print. Made for a touch
//! screen in Chromium's kiosk mode: switching cinema and signing out are in the page, and after
//! two idle minutes it goes back to the start and lets any held seats go.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::{
        counter::{Receipt, abandon_sale},
        seats::{ShowtimeSeats, load_seat_map},
        staff::{Device, Programme, Remaining, choose_device_cinema, load_device},
    },
    components::{
        booking_desk::BookingDesk,
        counter_panel::CounterPanel,
        device::{CinemaChooser, DeviceToolbar, TILE},
        loading::Loading,
        printed_ticket::PrintedTicket,
        seat_map::SeatMap,
        seat_picker::SeatPicker,
        staff_gate::StaffOnly,
    },
    format, t,
};

/// After this long without a touch or a key, the box office starts over.
#[cfg(feature = "hydrate")]
const IDLE_MS: f64 = 120_000.0;

#[component]
pub fn BoxOfficePage() -> impl IntoView {
    // Made here, outside the staff gate, so that it hydrates in the order it was rendered.
    let device = Resource::new(|| (), |_| load_device(Remaining::NotStarted));
    view! {
        <Title text=t!("nav-box-office") />
        <StaffOnly page="/box-office">
            <BoxOffice device />
        </StaffOnly>
    }
}

#[component]
fn BoxOffice(device: Resource<Result<Device, ServerFnError>>) -> impl IntoView {
    let programme = device;
    let choosing = RwSignal::new(false);
    let selected = RwSignal::new(None::<String>);
    let receipt = RwSignal::new(None::<Receipt>);
    let last_active = RwSignal::new(0.0);
    let start_over = move || {
        selected.set(None);
        receipt.set(None);
        programme.refetch();
    };

    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        last_active.set(js_sys::Date::now());
        if let Ok(handle) = set_interval_with_handle(
            move || {
                let busy = selected.with_untracked(Option::is_some)
                    || receipt.with_untracked(Option::is_some);
                if busy && js_sys::Date::now() - last_active.get_untracked() > IDLE_MS {
                    start_over();
                }
            },
            std::time::Duration::from_secs(5),
        ) {
            on_cleanup(move || handle.clear());
        }
    });
    let touched = move || {
        #[cfg(feature = "hydrate")]
        last_active.set(js_sys::Date::now());
        #[cfg(not(feature = "hydrate"))]
        let _ = last_active;
    };

    view! {
        <div class="flex flex-col gap-6" on:pointerdown=move |_| touched() on:keydown=move |_| touched() data-testid="box-office">
            <Suspense fallback=|| view! { <Loading what=t!("boxoffice-loading") /> }>
                {move || {
                    let choosing_now = choosing.get();
                    Suspend::new(async move {
                    let chosen = programme.await;
                    match chosen {
                        Ok(Device { programme: Some(_), .. }) if !choosing_now => (),
                        Ok(Device { cinemas, .. }) => return view! {
                            <CinemaChooser cinemas on_chosen=Callback::new(move |id: String| {
                                choose_device_cinema(&id);
                                choosing.set(false);
                                programme.refetch();
                            }) />
                        }.into_any(),
                        Err(_) => return view! {
                            <p role="alert" class="text-rose-200">{t!("boxoffice-unavailable")}</p>
                            <button type="button" class="min-h-12 rounded-xl border border-white/20 px-4" on:click=move |_| programme.refetch()>{t!("boxoffice-try-again")}</button>
                        }.into_any(),
                    }
                    let Ok(Device { programme: Some(programme), .. }) = chosen else { return ().into_any() };
                    view! {
                        <DeviceToolbar role=t!("nav-box-office") cinema=programme.cinema.clone() on_switch=Callback::new(move |()| choosing.set(true)) />
                        {move || match (receipt.get(), selected.get()) {
                            (Some(receipt), _) => view! {
                                <h1 class="text-3xl font-black print:hidden">{t!("boxoffice-sold")}</h1>
                                <PrintedTicket receipt />
                                <button type="button" class="min-h-12 self-start rounded-xl bg-white px-6 text-lg font-semibold text-ink-950 print:hidden" on:click=move |_| start_over() data-testid="new-sale">
                                    {t!("boxoffice-new-sale")}
                                </button>
                            }.into_any(),
                            (None, Some(showtime_id)) => view! {
                                <CounterSeats
                                    showtime_id
                                    on_back=Callback::new(move |()| selected.set(None))
                                    on_sold=Callback::new(move |sold| receipt.set(Some(sold)))
                                />
                            }.into_any(),
                            (None, None) => view! {
                                <Showtimes programme=programme.clone() selected />
                                <BookingDesk />
                            }.into_any(),
                        }}
                    }.into_any()
                    })
                }}
            </Suspense>
        </div>
    }
}

#[component]
fn Showtimes(programme: Programme, selected: RwSignal<Option<String>>) -> impl IntoView {
    let showings: Vec<_> = programme
        .films
        .iter()
        .flat_map(|film| {
            film.showings
                .iter()
                .map(move |showing| (film.title.clone(), showing.clone()))
        })
        .collect::<Vec<_>>();
    let mut showings = showings;
    showings.sort_by(|a, b| a.1.starts_at.cmp(&b.1.starts_at));
    view! {
        <h1 class="text-3xl font-black">{t!("boxoffice-today", date = format::date(&programme.local_date))}</h1>
        {showings.is_empty().then(|| view! { <p class="text-xl text-neutral-400">{t!("boxoffice-no-more-showtimes")}</p> })}
        <ul class="grid gap-3 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-4" data-testid="counter-showtimes">
            {showings.into_iter().map(|(title, showing)| {
                let id = showing.id.clone();
                view! {
                    <li>
                        <button type="button" class=format!("{TILE} w-full") on:click=move |_| selected.set(Some(id.clone())) data-testid="counter-showtime">
                            <span class="text-3xl font-black tabular-nums">{showing.time.clone()}</span>
                            <span class="text-lg font-bold">{title}</span>
                            <span class="text-neutral-300">{format::hall_and_format(&showing.hall_name, &showing.format)}</span>
                            <span class="text-neutral-400">{t!("boxoffice-seats-left", count = showing.available_seats)}</span>
                        </button>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
fn CounterSeats(
    showtime_id: String,
    on_back: Callback<()>,
    on_sold: Callback<Receipt>,
) -> impl IntoView {
    let data = Resource::new(move || showtime_id.clone(), load_seat_map);
    view! {
        <Suspense fallback=|| view! { <Loading what=t!("boxoffice-loading-seat-map") /> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(seats)) => view! { <CounterSeatMap seats on_back on_sold /> }.into_any(),
                    _ => view! {
                        <p role="alert" class="text-rose-200">{t!("boxoffice-seat-map-unavailable")}</p>
                        <button type="button" class="min-h-12 rounded-xl border border-white/20 px-4" on:click=move |_| on_back.run(())>{t!("boxoffice-back")}</button>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CounterSeatMap(
    seats: ShowtimeSeats,
    on_back: Callback<()>,
    on_sold: Callback<Receipt>,
) -> impl IntoView {
    let ShowtimeSeats {
        showtime,
        map,
        hold,
        not_on_sale,
        ..
    } = seats;
    let picker = SeatPicker::new(map.showtime_id.clone(), map.seats.clone(), hold).at_counter();
    let pending_booking = RwSignal::new(None::<String>);

    #[cfg(feature = "hydrate")]
    {
        let showtime_id = map.showtime_id.clone();
        let live = picker.live.write_only();
        Effect::new(move |_| {
            crate::live::watch(&showtime_id, move |message| picker.apply(message), live);
        });
        // Leaving the sale lets its seats go: a hold, or a booking that was never paid.
        on_cleanup(move || {
            let hold = picker.hold.try_get_untracked().flatten();
            let booking = pending_booking.try_get_untracked().flatten();
            leptos::task::spawn_local(async move {
                if let Some(booking) = booking {
                    let _ = abandon_sale(booking).await;
                } else if let Some(hold) = hold {
                    let _ = crate::api::booking::release_hold(hold.id).await;
                }
            });
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = abandon_sale;

    view! {
        <div class="flex flex-wrap items-center gap-4 print:hidden">
            <button type="button" class="min-h-12 rounded-xl border border-white/20 px-4 hover:bg-white/10" on:click=move |_| on_back.run(()) data-testid="counter-back">
                {t!("boxoffice-back-to-showtimes")}
            </button>
            <h1 class="text-2xl font-black">
                {format!("{} · {} · {}", showtime.movie_title, format::time(&showtime.show_time), showtime.hall_name)}
            </h1>
        </div>
        {match not_on_sale {
            Some(reason) => view! { <p role="status" class="rounded-2xl bg-amber-400/10 p-6 text-amber-100">{reason}</p> }.into_any(),
            None => view! {
                <div class="grid gap-6 xl:grid-cols-[1fr_24rem]">
                    <section class="overflow-x-auto rounded-2xl border border-white/10 bg-ink-900 p-6" aria-label=t!("boxoffice-seat-map") data-testid="seat-map">
                        <SeatMap picker seats=map.seats rows=map.rows columns=map.columns />
                        <p class="mt-4 flex items-center justify-center gap-2 text-sm text-neutral-400">
                            <span class="inline-block h-4 w-4 rounded ring-2 ring-fuchsia-400"></span>{t!("boxoffice-kept")}
                        </p>
                    </section>
                    <CounterPanel picker pending_booking on_sold />
                </div>
            }.into_any(),
        }}
    }
}
