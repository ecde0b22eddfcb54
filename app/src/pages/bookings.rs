//! "My bookings" (every booking with its status, and cancel) and one booking's checkout page
//! (a pending booking with the time left to pay).

use leptos::prelude::*;
#[cfg(feature = "hydrate")]
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::components::loading::Loading;
use crate::{
    api::booking::{BookingView, Outcome, TicketView, load_booking, my_bookings},
    components::{
        cancellation::{GiveBackSeats, cancel},
        form::SignInSentence,
        payment_form::PaymentForm,
        seat_picker::{clock, type_name},
    },
    format,
    pages::not_found::NotFound,
    t,
};

fn status_badge(status: &str) -> (String, &'static str) {
    match status {
        "pending" => (
            t!("mybookings-status-pending"),
            "bg-amber-400/15 text-amber-200",
        ),
        "confirmed" => (
            t!("mybookings-status-confirmed"),
            "bg-emerald-400/15 text-emerald-200",
        ),
        "cancelled" => (
            t!("mybookings-status-cancelled"),
            "bg-neutral-500/20 text-neutral-300",
        ),
        "expired" => (
            t!("mybookings-status-expired"),
            "bg-neutral-500/20 text-neutral-300",
        ),
        _ => (
            t!("mybookings-status-unknown"),
            "bg-neutral-500/20 text-neutral-300",
        ),
    }
}

fn when(booking: &BookingView) -> String {
    booking
        .showtime
        .as_ref()
        .map_or_else(String::new, |showtime| {
            format!(
                "{} {} · {} · {}",
                format::short_day(&showtime.show_date),
                format::time(&showtime.show_time),
                showtime.theater_name,
                showtime.hall_name
            )
        })
}

fn title(booking: &BookingView) -> String {
    booking
        .showtime
        .as_ref()
        .map_or_else(|| t!("mybookings-booking"), |s| s.movie_title.clone())
}

fn can_cancel(status: &str) -> bool {
    matches!(status, "pending" | "confirmed")
}

fn sign_in_prompt(next: String) -> AnyView {
    view! {
        <p class="rounded-xl border border-white/10 bg-ink-900 p-6">
            <SignInSentence
                message="mybookings-sign-in"
                href=format!("/login?next={next}")
                class="font-semibold text-amber-300 underline"
            />
        </p>
    }
    .into_any()
}

#[component]
pub fn MyBookingsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| my_bookings());
    let busy = RwSignal::new(false);
    let message = RwSignal::new(None::<String>);
    view! {
        <Title text=t!("nav-my-bookings") />
        <h1 class="text-2xl font-black tracking-tight sm:text-3xl">{t!("nav-my-bookings")}</h1>
        <p role="status" class="mt-2 text-sm text-sky-200" data-testid="bookings-message">{move || message.get()}</p>
        <Suspense fallback=|| view! { <Loading what=t!("mybookings-loading") /> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(None) => sign_in_prompt("/bookings".into()),
                    Ok(Some(bookings)) if bookings.is_empty() => view! {
                        <p class="mt-6 text-neutral-300">{t!("mybookings-empty")}" "<a class="text-amber-300 underline" href="/">{t!("mybookings-find-movie")}</a></p>
                    }.into_any(),
                    Ok(Some(bookings)) => view! {
                        <ul class="mt-6 flex flex-col gap-3" data-testid="booking-list">
                            {bookings.into_iter().map(|booking| {
                                let (badge, badge_class) = status_badge(&booking.status);
                                let seats: Vec<String> = booking.seats.iter().map(|s| s.label.clone()).collect();
                                let id = booking.id.clone();
                                let code = booking.booking_code.clone();
                                view! {
                                    <li class="flex flex-col gap-3 rounded-xl border border-white/10 bg-ink-900 p-4 sm:flex-row sm:items-center sm:justify-between" data-booking=booking.booking_code.clone()>
                                        <div>
                                            <a href=format!("/bookings/{}", booking.id) class="font-semibold hover:text-amber-300">{title(&booking)}</a>
                                            <p class="text-sm text-neutral-400">{when(&booking)}</p>
                                            <p class="text-sm text-neutral-300">
                                                {
                                                    let code = booking.booking_code.clone();
                                                    let said = t!("mybookings-seats-line", seats = seats.join(", "), total = format::money(booking.total()), code = code.as_str());
                                                    let (before, after) = crate::i18n::around(&said, &code);
                                                    view! { {before}<span class="font-mono">{code}</span>{after} }
                                                }
                                            </p>
                                        </div>
                                        <div class="flex items-center gap-3">
                                            <span class=format!("rounded-full px-2.5 py-1 text-xs font-semibold {badge_class}") data-testid="booking-status">{badge}</span>
                                            {can_cancel(&booking.status).then(|| view! {
                                                <button
                                                    type="button"
                                                    class="rounded-lg border border-white/20 px-3 py-1.5 text-sm hover:bg-white/10 disabled:opacity-50"
                                                    disabled=move || busy.get()
                                                    on:click=move |_| {
                                                        let code = code.clone();
                                                        cancel(id.clone(), Vec::new(), busy, move |result| {
                                                            message.set(Some(match result {
                                                                Ok(()) => t!("mybookings-cancelled", code = code.as_str()),
                                                                Err(reason) => reason,
                                                            }));
                                                            data.refetch();
                                                        });
                                                    }
                                                >
                                                    {t!("mybookings-cancel")}
                                                </button>
                                            })}
                                        </div>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(_) => view! {
                        <p role="alert" class="mt-6 text-rose-200">{t!("mybookings-unavailable")}</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn CheckoutPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        load_booking,
    );
    // What the last change did, in words: kept here, as the booking is shown afresh after it.
    let said = RwSignal::new(None::<String>);
    view! {
        <Suspense fallback=|| view! { <Loading what=t!("checkout-loading") /> }>
            {move || Suspend::new(async move {
                let id = params.read_untracked().get("id").unwrap_or_default();
                match data.await {
                    Ok(Outcome::Done(booking)) => view! { <Checkout booking said refetch=move || data.refetch() /> }.into_any(),
                    Ok(Outcome::SignInNeeded) => sign_in_prompt(format!("/bookings/{id}")),
                    Ok(_) => view! { <NotFound /> }.into_any(),
                    Err(_) => view! {
                        <p role="alert" class="text-rose-200">{t!("checkout-unavailable")}</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Checkout(
    booking: BookingView,
    said: RwSignal<Option<String>>,
    refetch: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let (badge, badge_class) = status_badge(&booking.status);
    let seconds = booking.seconds_left.unwrap_or_default();
    let now = RwSignal::new(0.0);
    let deadline = RwSignal::new(None::<f64>);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        use crate::components::seat_picker::now_ms;
        deadline.set(Some(now_ms() + seconds as f64 * 1000.0));
        now.set(now_ms());
        if let Ok(handle) = set_interval_with_handle(
            move || now.set(now_ms()),
            std::time::Duration::from_millis(500),
        ) {
            on_cleanup(move || handle.clear());
        }
    });
    let left = move || match deadline.get() {
        Some(deadline) => ((deadline - now.get()) / 1000.0).ceil().max(0.0) as i64,
        None => seconds,
    };
    let pending = booking.status == "pending";
    // Paid: the booking is confirmed by an event a moment later; watch for it.
    let confirming = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    {
        let booking_id = booking.id.clone();
        Effect::new(move |_| {
            if !confirming.get() {
                return;
            }
            let booking_id = booking_id.clone();
            if let Ok(handle) = set_interval_with_handle(
                move || {
                    let booking_id = booking_id.clone();
                    spawn_local(async move {
                        if let Ok(Outcome::Done(booking)) = load_booking(booking_id).await
                            && booking.status != "pending"
                        {
                            refetch();
                        }
                    });
                },
                std::time::Duration::from_millis(700),
            ) {
                on_cleanup(move || handle.clear());
            }
        });
    }
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let id = booking.id.clone();
    let heading = title(&booking);
    let confirmed = booking.status == "confirmed";
    let payment_booking_id = booking.id.clone();
    let total = booking.total();
    let total_price = booking.total_price.clone();

    view! {
        <Title text=t!("checkout-page-title", title = heading.clone()) />
        <div class="mx-auto flex max-w-2xl flex-col gap-6" data-testid="checkout">
            <div>
                <p class="text-sm uppercase tracking-widest text-neutral-500">{if pending { t!("checkout-kicker-pending") } else { t!("checkout-kicker-done") }}</p>
                <h1 class="text-2xl font-black tracking-tight sm:text-3xl">{heading}</h1>
                <p class="text-neutral-300">{when(&booking)}</p>
            </div>
            <div class="flex items-center gap-3">
                <span class=format!("rounded-full px-2.5 py-1 text-xs font-semibold {badge_class}") data-testid="booking-status">{badge}</span>
                <span class="text-sm text-neutral-400">{t!("checkout-booking-code")}" "<span class="font-mono text-neutral-100" data-testid="booking-code">{booking.booking_code.clone()}</span></span>
            </div>
            <ul class="flex flex-col gap-1 rounded-xl border border-white/10 bg-ink-900 p-4 text-sm">
                {booking.seats.iter().map(|seat| view! {
                    <li class="flex justify-between">
                        <span>{format!("{} · {}", seat.label, type_name(&seat.seat_type))}</span>
                        <span class="tabular-nums">{format::money(seat.whole_price())}</span>
                    </li>
                }).collect_view()}
                {booking.cancelled_seats.iter().map(|seat| view! {
                    <li class="flex justify-between text-neutral-500" data-testid="given-back-seat">
                        <span><s>{seat.label.clone()}</s>{format!(" · {} · {}", type_name(&seat.seat_type), t!("checkout-given-back"))}</span>
                        <span class="tabular-nums"><s>{format::money(seat.whole_price())}</s></span>
                    </li>
                }).collect_view()}
                <li class="mt-2 flex justify-between border-t border-white/10 pt-2 font-semibold">
                    <span>{t!("checkout-total")}</span>
                    <span class="tabular-nums" data-testid="booking-total">{format::money(booking.total())}</span>
                </li>
            </ul>
            {pending.then(|| view! {
                <div class="flex flex-col gap-3 rounded-xl border border-amber-400/30 bg-amber-400/10 p-4">
                    <p role="timer" data-testid="payment-countdown">
                        {move || if left() > 0 {
                            t!("checkout-kept-for", time = clock(left()))
                        } else {
                            t!("checkout-time-up")
                        }}
                    </p>
                    <p class="text-sm text-amber-100/80">{t!("checkout-lapse-note")}</p>
                </div>
                <Show when=move || !confirming.get() fallback=|| view! {
                    <p role="status" class="rounded-xl border border-emerald-400/30 bg-emerald-400/10 p-4 text-emerald-100" data-testid="confirming">
                        {t!("checkout-confirming")}
                    </p>
                }>
                    <PaymentForm
                        booking_id=payment_booking_id.clone()
                        total=total
                        total_price=total_price.clone()
                        on_paid=move || confirming.set(true)
                    />
                </Show>
            })}
            {confirmed.then(|| view! {
                <p role="status" class="rounded-xl border border-emerald-400/30 bg-emerald-400/10 p-4 text-emerald-100 print:hidden" data-testid="confirmed">
                    {t!("checkout-confirmed")}
                </p>
                <TicketCard booking_id=booking.id.clone() ticket=booking.ticket.clone() />
            })}
            <p role="status" class="text-sm text-emerald-200" data-testid="cancel-outcome">{move || said.get()}</p>
            {(confirmed && booking.seats.len() > 1).then(|| view! {
                <GiveBackSeats
                    booking_id=booking.id.clone()
                    seats=booking.seats.clone()
                    on_done=Callback::new(move |words: String| {
                        said.set(Some(words));
                        refetch();
                    })
                />
            })}
            <p role="alert" class="text-sm text-rose-200">{move || problem.get()}</p>
            <div class="flex gap-3 print:hidden">
                <a href="/bookings" class="rounded-lg border border-white/20 px-4 py-2 hover:bg-white/10">{t!("nav-my-bookings")}</a>
                {can_cancel(&booking.status).then(|| view! {
                    <button
                        type="button"
                        class="rounded-lg border border-rose-400/40 px-4 py-2 text-rose-100 hover:bg-rose-500/10 disabled:opacity-50"
                        disabled=move || busy.get()
                        on:click=move |_| cancel(id.clone(), Vec::new(), busy, move |result| match result {
                            Ok(()) => refetch(),
                            Err(reason) => problem.set(Some(reason)),
                        })
                    >
                        {if confirmed { t!("checkout-cancel-refund") } else { t!("checkout-cancel") }}
                    </button>
                })}
            </div>
        </div>
    }
}

/// The e-ticket: a QR code of the signed ticket, to print or add to a calendar.
#[component]
fn TicketCard(booking_id: String, ticket: Option<TicketView>) -> impl IntoView {
    let calendar = format!("/bookings/{booking_id}/calendar.ics");
    let print = move |_| {
        #[cfg(feature = "hydrate")]
        {
            let _ = window().print();
        }
    };
    view! {
        <section class="flex flex-col items-center gap-4 rounded-xl border border-white/10 bg-white p-6 text-ink-950" aria-label=t!("checkout-eticket") data-testid="ticket">
            {match ticket {
                Some(ticket) => view! {
                    <div class="h-56 w-56 [&>svg]:h-full [&>svg]:w-full" role="img" aria-label=t!("checkout-ticket-qr") data-testid="ticket-qr" inner_html=ticket.qr_svg></div>
                    <p class="max-w-full break-all text-center font-mono text-[10px] text-neutral-500" data-testid="ticket-token">{ticket.token}</p>
                }.into_any(),
                None => view! { <p role="alert">{t!("checkout-ticket-unavailable")}</p> }.into_any(),
            }}
            <div class="flex gap-3 print:hidden">
                <button type="button" class="rounded-lg bg-ink-950 px-4 py-2 font-semibold text-white hover:bg-ink-900" on:click=print>{t!("checkout-print")}</button>
                <a href=calendar rel="external" download class="rounded-lg border border-ink-950/30 px-4 py-2 font-semibold hover:bg-neutral-100">{t!("checkout-add-calendar")}</a>
            </div>
        </section>
    }
}
