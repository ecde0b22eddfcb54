//! Cancelling a booking from the customer's pages: the whole of it, or (once paid) some of its
//! seats, which are refunded at their price while the rest stay on a reissued ticket.

use leptos::{prelude::*, task::spawn_local};

use crate::{
    api::booking::{BookedSeatView, Outcome, cancel_booking},
    components::seat_picker::type_name,
    format, t,
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
            Ok(Outcome::SignInNeeded) => Err(t!("giveback-sign-in-again")),
            Ok(_) => Err(t!("giveback-gone")),
            Err(_) => Err(t!("giveback-unavailable")),
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
                        t!("giveback-done-staff", seats = said.as_str())
                    } else {
                        t!("giveback-done", seats = said.as_str())
                    });
                }
                Err(reason) => problem.set(Some(reason)),
            },
        );
    };

    view! {
        <fieldset class="flex flex-col gap-3 rounded-xl border border-white/10 bg-ink-900 p-4 print:hidden" data-testid="give-back-seats">
            <legend class="px-1 font-semibold">{t!("giveback-legend")}</legend>
            <p class="text-sm text-neutral-300">
                {if staff { t!("giveback-intro-staff") } else { t!("giveback-intro") }}
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
                    0 => t!("giveback-none"),
                    n if n == all => t!("giveback-all"),
                    n => t!("giveback-ticked", count = n, refund = format::money(refund())),
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
                {t!("giveback-submit")}
            </button>
        </fieldset>
    }
}
