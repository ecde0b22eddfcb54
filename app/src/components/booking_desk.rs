//! The booking desk at the box office: find a booking by the code the customer reads out, then
//! give back some of its seats, cancel it, or make a goodwill refund with a reason.

use leptos::{prelude::*, task::spawn_local};

use crate::{
    api::{
        booking::Outcome,
        desk::{DeskBooking, goodwill_refund, look_up_booking},
    },
    components::{
        cancellation::{GiveBackSeats, cancel},
        payment_form::attempt_key,
    },
    format, t,
};

fn say<T>(outcome: Result<Outcome<T>, ServerFnError>) -> Result<T, String> {
    match outcome {
        Ok(Outcome::Done(found)) => Ok(found),
        Ok(Outcome::Refused(reason)) => Err(reason),
        Ok(Outcome::SignInNeeded) => Err(t!("desk-sign-in-again")),
        Ok(Outcome::NotFound) => Err(t!("desk-not-found")),
        Ok(Outcome::Taken(_)) => Err(t!("desk-not-through")),
        Err(_) => Err(t!("desk-unavailable")),
    }
}

#[component]
pub fn BookingDesk() -> impl IntoView {
    let code = RwSignal::new(String::new());
    let found = RwSignal::new(None::<DeskBooking>);
    let problem = RwSignal::new(None::<String>);
    let said = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let look_up = move || {
        busy.set(true);
        spawn_local(async move {
            match say(look_up_booking(code.get_untracked()).await) {
                Ok(booking) => {
                    found.set(Some(booking));
                    problem.set(None);
                }
                Err(reason) => {
                    found.set(None);
                    problem.set(Some(reason));
                }
            }
            busy.set(false);
        });
    };
    let done = move |words: String| {
        said.set(Some(words));
        look_up();
    };

    view! {
        <section class="flex flex-col gap-4 rounded-2xl border border-white/10 bg-ink-900 p-5" aria-labelledby="desk-heading" data-testid="booking-desk">
            <h2 id="desk-heading" class="text-xl font-bold">{t!("desk-heading")}</h2>
            <form class="flex flex-wrap items-end gap-3" on:submit=move |event| {
                event.prevent_default();
                said.set(None);
                look_up();
            }>
                <label class="flex flex-col gap-1 text-sm">
                    {t!("desk-code")}
                    <input
                        class="min-h-12 w-48 rounded-xl border border-white/20 bg-ink-950 px-3 font-mono text-lg uppercase"
                        autocomplete="off"
                        maxlength="32"
                        prop:value=move || code.get()
                        on:input=move |event| code.set(event_target_value(&event))
                        data-testid="desk-code"
                    />
                </label>
                <button type="submit" class="min-h-12 rounded-xl bg-white px-5 font-semibold text-ink-950 disabled:opacity-50" disabled=move || busy.get()>
                    {t!("desk-find")}
                </button>
            </form>
            <p role="alert" class="text-rose-200">{move || problem.get()}</p>
            <p role="status" class="text-emerald-200" data-testid="desk-outcome">{move || said.get()}</p>
            {move || found.get().map(|desk| view! { <DeskBookingCard desk on_done=Callback::new(done) /> })}
        </section>
    }
}

#[component]
fn DeskBookingCard(desk: DeskBooking, on_done: Callback<String>) -> impl IntoView {
    let booking = desk.booking;
    let confirmed = booking.status == "confirmed";
    let open = matches!(booking.status.as_str(), "pending" | "confirmed");
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let heading = (booking.showtime.as_ref()).map_or_else(String::new, |showtime| {
        format!(
            "{} · {} {} · {}",
            showtime.movie_title,
            format::short_day(&showtime.show_date),
            format::time(&showtime.show_time),
            showtime.hall_name
        )
    });
    let seats: Vec<String> = booking
        .seats
        .iter()
        .map(|seat| seat.label.clone())
        .collect();
    let given_back: Vec<String> = (booking.cancelled_seats.iter())
        .map(|seat| seat.label.clone())
        .collect();
    let (code, status) = (booking.booking_code.as_str(), booking.status.as_str());
    let seats = seats.join(", ");
    let summary = if given_back.is_empty() {
        t!("desk-booking", code = code, status = status, seats = seats)
    } else {
        t!(
            "desk-booking-given-back",
            code = code,
            status = status,
            seats = seats,
            given_back = given_back.join(", "),
        )
    };
    let id = booking.id.clone();
    let code = booking.booking_code.clone();
    let cancel_all = move |_| {
        let code = code.clone();
        cancel(id.clone(), Vec::new(), busy, move |result| match result {
            Ok(()) => on_done.run(t!("desk-cancelled", code = code.as_str())),
            Err(reason) => problem.set(Some(reason)),
        });
    };

    view! {
        <article class="flex flex-col gap-4" data-testid="desk-booking">
            <div>
                <p class="text-lg font-semibold">{heading}</p>
                <p class="text-neutral-300">{summary}</p>
                {desk.payment.as_ref().map(|payment| view! {
                    <p class="text-neutral-300" data-testid="desk-payment">
                        {t!(
                            "desk-payment",
                            paid = format::money(payment.paid),
                            method = payment.method.as_str(),
                            refunded = format::money(payment.refunded),
                            left = format::money(payment.left()),
                        )}
                    </p>
                })}
            </div>
            {(confirmed && booking.seats.len() > 1).then(|| view! {
                <GiveBackSeats booking_id=booking.id.clone() seats=booking.seats.clone() on_done staff=true />
            })}
            {open.then(|| view! {
                <button
                    type="button"
                    class="min-h-12 self-start rounded-xl border border-rose-400/40 px-4 text-rose-100 hover:bg-rose-500/10 disabled:opacity-50"
                    disabled=move || busy.get()
                    on:click=cancel_all
                    data-testid="desk-cancel"
                >
                    {t!("desk-cancel")}
                </button>
            })}
            <p role="alert" class="text-sm text-rose-200">{move || problem.get()}</p>
            {desk.payment.filter(|payment| payment.left() > 0).map(|payment| view! {
                <GoodwillForm payment_id=payment.id.clone() left=payment.left() on_done />
            })}
        </article>
    }
}

/// A goodwill refund: an amount up to what is left, and the reason, which is kept with it.
#[component]
fn GoodwillForm(payment_id: String, left: i64, on_done: Callback<String>) -> impl IntoView {
    let amount = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    // One key per filled-in refund: a double tap (or a retry after no answer) refunds once.
    let key = RwSignal::new(attempt_key());
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let digits: String = amount
            .get_untracked()
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        let Ok(value) = digits.parse::<i64>() else {
            problem.set(Some(t!(
                "desk-enter-amount",
                currency = crate::format::currency_sign()
            )));
            return;
        };
        let payment_id = payment_id.clone();
        busy.set(true);
        spawn_local(async move {
            let outcome = goodwill_refund(
                payment_id,
                value,
                reason.get_untracked(),
                key.get_untracked(),
            )
            .await;
            match say(outcome) {
                Ok(()) => {
                    key.set(attempt_key());
                    on_done.run(t!("desk-goodwill-done", amount = format::money(value)));
                }
                Err(reason) => problem.set(Some(reason)),
            }
            busy.set(false);
        });
    };

    view! {
        <form class="flex flex-col gap-3 rounded-xl border border-white/10 p-4" on:submit=submit data-testid="goodwill">
            <h3 class="font-semibold">{t!("desk-goodwill")}</h3>
            <p class="text-sm text-neutral-400">
                {t!("desk-goodwill-explain", left = format::money(left))}
            </p>
            <label class="flex flex-col gap-1 text-sm">
                {t!("desk-amount", currency = crate::format::currency_sign())}
                <input class="min-h-12 w-48 rounded-xl border border-white/20 bg-ink-950 px-3 tabular-nums" inputmode="numeric" required
                    prop:value=move || amount.get() on:input=move |event| amount.set(event_target_value(&event)) data-testid="goodwill-amount" />
            </label>
            <label class="flex flex-col gap-1 text-sm">
                {t!("desk-reason")}
                <textarea class="min-h-20 rounded-xl border border-white/20 bg-ink-950 p-3" maxlength="500" required
                    prop:value=move || reason.get() on:input=move |event| reason.set(event_target_value(&event)) data-testid="goodwill-reason"></textarea>
            </label>
            <p role="alert" class="text-sm text-rose-200">{move || problem.get()}</p>
            <button type="submit" class="min-h-12 self-start rounded-xl bg-white px-5 font-semibold text-ink-950 disabled:opacity-50" disabled=move || busy.get()>
                {t!("desk-refund")}
            </button>
        </form>
    }
}
