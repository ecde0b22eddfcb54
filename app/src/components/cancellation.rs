//! Cancelling a booking from the customer's pages: the whole of it, or (once paid) some of its
//! seats, which are refunded at their price while the rest stay on a reissued ticket.

use leptos::{prelude::*, task::spawn_local};

use crate::{
    api::booking::{BookedSeatView, Outcome, cancel_booking},
    components::seat_picker::type_name,
    format,
};

/// Cancels the booking (no `seats`) or gives back those seats, then runs `after` with the
/// refusal, if any, in words for the person.
pub fn cancel(
    id: String,
    seats: Vec<String>,
    busy: RwSignal<bool>,
    after: impl Fn(Result<(), String>) + 'static,
) {
    busy.set(true);
    spawn_local(async move {
        let result = match cancel_booking(id, seats).await {
            Ok(Outcome::Done(())) => Ok(()),
            Ok(Outcome::Refused(reason)) => Err(reason),
            Ok(Outcome::SignInNeeded) => Err("Please sign in again.".into()),
            Ok(_) => Err("That booking is not there any more.".into()),
            Err(_) => Err("Booking is unavailable right now. Please try again.".into()),
        };
        after(result);
        busy.set(false);
    });
}

/// A paid booking's seats to tick and give back; `on_done` hears what happened, in words. For
/// `staff` (at the box office) the words speak of the customer.
#[component]
pub fn GiveBackSeats(
    booking_id: String,
    seats: Vec<BookedSeatView>,
    on_done: Callback<String>,
    #[prop(optional)] staff: bool,
) -> impl IntoView {
    let chosen = RwSignal::new(Vec::<String>::new());
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let all = seats.len();
    let prices: Vec<(String, i64)> = (seats.iter())
        .map(|seat| (seat.label.clone(), seat.whole_price()))
        .collect();
    let refund = move || {
        let chosen = chosen.get();
        (prices.iter())
            .filter(|(label, _)| chosen.contains(label))
            .map(|(_, price)| price)
            .sum::<i64>()
    };
    let count = move || chosen.with(Vec::len);
    let give_back = move |_| {
        let labels = chosen.get_untracked();
        let said = labels.join(", ");
        cancel(
            booking_id.clone(),
            labels,
            busy,
            move |result| match result {
                Ok(()) => {
                    chosen.set(Vec::new());
                    on_done.run(if staff {
                    format!("Seats {said} are given back and their price is being refunded. The ticket is reissued: the customer's previous one no longer admits.")
                } else {
                    format!("Seats {said} are given back and their price is being refunded. Your ticket has been reissued: use the new one below, the previous one no longer admits.")
                });
                }
                Err(reason) => problem.set(Some(reason)),
            },
        );
    };

    view! {
        <fieldset class="flex flex-col gap-3 rounded-xl border border-white/10 bg-ink-900 p-4 print:hidden" data-testid="give-back-seats">
            <legend class="px-1 font-semibold">"Give back some seats"</legend>
            <p class="text-sm text-neutral-300">
                {if staff {
                    "Tick the seats the customer gives back: their price goes back the way it was paid, and the seats kept move to a new ticket."
                } else {
                    "Can't all make it? Tick the seats to give back: their price is refunded to your card, and the seats you keep move to a new ticket."
                }}
            </p>
            <ul class="flex flex-wrap gap-2">
                {seats.into_iter().map(|seat| {
                    let label = seat.label.clone();
                    let ticked = {
                        let label = label.clone();
                        move || chosen.with(|chosen| chosen.contains(&label))
                    };
                    let toggle = move |_| {
                        let label = label.clone();
                        chosen.update(|chosen| match chosen.iter().position(|l| *l == label) {
                            Some(at) => {
                                chosen.remove(at);
                            }
                            None => chosen.push(label),
                        });
                    };
                    view! {
                        <li>
                            <label class="flex cursor-pointer items-center gap-2 rounded-lg border border-white/15 px-3 py-2 text-sm has-[:checked]:border-rose-300/60 has-[:checked]:bg-rose-500/10">
                                <input type="checkbox" class="h-4 w-4 accent-rose-400" prop:checked=ticked on:change=toggle />
                                <span>{format!("{} · {} · {}", seat.label, type_name(&seat.seat_type), format::money(seat.whole_price()))}</span>
                            </label>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <p class="text-sm text-neutral-400" aria-live="polite">
                {move || match count() {
                    0 => "No seats ticked.".to_owned(),
                    n if n == all => "That is every seat: to give them all back, cancel the booking.".to_owned(),
                    n => format!("{n} seat(s) ticked: {} back.", format::money(refund())),
                }}
            </p>
            <p role="alert" class="text-sm text-rose-200">{move || problem.get()}</p>
            <button
                type="button"
                class="self-start rounded-lg border border-rose-400/40 px-4 py-2 text-rose-100 hover:bg-rose-500/10 disabled:opacity-50"
                disabled=move || busy.get() || count() == 0 || count() == all
                on:click=give_back
                data-testid="give-back"
            >
                "Give back the ticked seats"
            </button>
        </fieldset>
    }
}
