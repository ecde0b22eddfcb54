//! Beside the box office's seat map: the seats chosen, holding them, the walk-in's optional
//! name and email, and taking payment (cash with the change due, or card at the terminal).
//! Every control is a touch target of at least 48 px and works from the keyboard.

use leptos::{prelude::*, task::spawn_local};

use super::{
    hold_panel::{
        LoneSeatWarning, WheelchairSpaceConfirmation, hold_best, hold_chosen, release_held,
        space_confirmed,
    },
    payment_form::attempt_key,
    seat_picker::{Notice, SeatPicker, clock, type_name},
};
use crate::{
    api::{
        booking::CardDetails,
        counter::{CounterPayment, CounterSale, Receipt, SaleOutcome, sell_at_counter},
    },
    format,
    i18n::around,
    t,
};

const BUTTON: &str = "min-h-12 rounded-xl px-4 text-lg font-semibold disabled:cursor-not-allowed disabled:opacity-50";
const PRIMARY: &str = "min-h-12 rounded-xl bg-amber-400 px-4 text-lg font-semibold text-ink-950 hover:bg-amber-300 disabled:cursor-not-allowed disabled:opacity-50";
const FIELD: &str = "min-h-12 w-full rounded-xl border border-white/15 bg-ink-950 px-4 text-lg";

/// Banknote amounts to offer as "handed over" buttons: the total rounded up to the next 10,000,
/// 50,000, 100,000, 200,000 and 500,000, each once.
pub fn cash_suggestions(total: i64) -> Vec<i64> {
    let mut amounts: Vec<i64> = [10_000, 50_000, 100_000, 200_000, 500_000]
        .iter()
        .map(|step| (total + step - 1) / step * step)
        .filter(|amount| *amount >= total && *amount > 0)
        .collect();
    amounts.dedup();
    amounts
}

#[component]
pub fn CounterPanel(
    picker: SeatPicker,
    /// A booking whose payment did not go through yet (kept for another try).
    pending_booking: RwSignal<Option<String>>,
    on_sold: Callback<Receipt>,
) -> impl IntoView {
    let customer_name = RwSignal::new(String::new());
    let customer_email = RwSignal::new(String::new());
    let by_card = RwSignal::new(false);
    let tendered = RwSignal::new(String::new());
    let card_number = RwSignal::new("4242 4242 4242 4242".to_owned());

    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Ok(handle) = set_interval_with_handle(
            move || {
                // A tick already queued when the sale was left behind finds nothing to count.
                if picker.hold.is_disposed() || pending_booking.is_disposed() {
                    return;
                }
                picker.now_ms.set(super::seat_picker::now_ms());
                if picker.seconds_left() == Some(0) && pending_booking.get_untracked().is_none() {
                    picker.hold_ended(Some(t!("counter-hold-ran-out").as_str()));
                }
            },
            std::time::Duration::from_millis(500),
        ) {
            on_cleanup(move || handle.clear());
        }
    });

    let count = move || picker.selected.with(Vec::len);
    let held = move || picker.hold.with(Option::is_some);
    let total = move || picker.total();
    let tendered_amount = move || {
        tendered.with(|text| {
            text.chars()
                .filter(char::is_ascii_digit)
                .collect::<String>()
                .parse::<i64>()
                .ok()
        })
    };
    let change_due = move || tendered_amount().map(|amount| amount - total());
    let can_pay = move || {
        held()
            && !picker.busy.get()
            && (by_card.get() || total() == 0 || change_due().is_some_and(|change| change >= 0))
    };

    let hold = move |_| hold_chosen(picker);
    let release = move |_| release_held(picker, t!("counter-released"));
    let pay = move |_| {
        let Some(current) = picker.hold.get_untracked() else {
            return;
        };
        let payment = if by_card.get_untracked() {
            CounterPayment::Card(CardDetails {
                number: card_number.get_untracked(),
                exp_month: 12,
                exp_year: 2099,
                cvc: "123".into(),
                holder_name: None,
            })
        } else {
            CounterPayment::Cash {
                tendered: tendered_amount().unwrap_or_default(),
            }
        };
        let sale = CounterSale {
            showtime_id: picker.showtime_id.get_value(),
            hold_id: current.id,
            seat_ids: current.seat_ids,
            booking_id: pending_booking.get_untracked(),
            customer_name: customer_name.get_untracked(),
            customer_email: customer_email.get_untracked(),
            payment,
            needs_wheelchair_space: picker.needs_wheelchair_space.get_untracked(),
            idempotency_key: attempt_key(),
        };
        picker.busy.set(true);
        picker.notice.set(None);
        spawn_local(async move {
            match sell_at_counter(sale).await {
                Ok(SaleOutcome::Sold(receipt)) => {
                    // The seats are the booking's now: nothing to let go when the page moves on.
                    picker.hold.set(None);
                    pending_booking.set(None);
                    on_sold.run(*receipt);
                }
                Ok(SaleOutcome::NotPaid { booking_id, reason }) => {
                    pending_booking.set(Some(booking_id));
                    let said = t!("counter-not-paid", reason = reason);
                    picker.notice.set(Some(Notice::Problem(said)));
                }
                Ok(SaleOutcome::Taken(labels)) => {
                    let ids = picker.ids_of_labels(&labels);
                    picker.lost(&ids);
                }
                Ok(SaleOutcome::Refused(reason)) => {
                    picker.notice.set(Some(Notice::Problem(reason)))
                }
                Ok(SaleOutcome::SignInNeeded) => picker.notice.set(Some(Notice::SignIn)),
                Err(_) => picker
                    .notice
                    .set(Some(Notice::Problem(t!("counter-sale-failed")))),
            }
            picker.busy.set(false);
        });
    };

    view! {
        <aside class="flex flex-col gap-4 rounded-2xl border border-white/10 bg-ink-900 p-5" aria-labelledby="counter-sale" data-testid="counter-panel">
            <div class="flex items-center justify-between">
                <h2 id="counter-sale" class="text-xl font-bold">{t!("counter-sale")}</h2>
                <span class="text-sm text-neutral-400" data-testid="live-status" data-live=move || picker.live.get().to_string()>
                    {move || if picker.live.get() { t!("counter-live") } else { t!("counter-connecting") }}
                </span>
            </div>
            <Show when=move || count() != 0 fallback=|| view! { <p class="text-neutral-400">{t!("counter-tap-seats")}</p> }>
                <ul class="flex flex-col gap-1" data-testid="chosen-seats">
                    {move || picker.selected.get().into_iter().filter_map(|id| picker.seat(&id)).map(|seat| view! {
                        <li class="flex justify-between gap-4 text-lg">
                            <span>{format!("{} · {}", seat.label(), type_name(&seat.seat_type))}</span>
                            <span class="tabular-nums">{format::money(seat.price)}</span>
                        </li>
                    }).collect_view()}
                </ul>
                <p class="flex justify-between border-t border-white/10 pt-2 text-2xl font-bold">
                    <span>{t!("counter-total")}</span>
                    <span class="tabular-nums" data-testid="counter-total">{move || format::money(total())}</span>
                </p>
                <LoneSeatWarning picker />
                <WheelchairSpaceConfirmation picker />
            </Show>
            <Show when=held fallback=move || view! {
                <button type="button" class=PRIMARY disabled=move || count() == 0 || picker.busy.get() || !space_confirmed(picker) on:click=hold data-testid="counter-hold">
                    {move || t!("counter-hold", count = count())}
                </button>
                // Quick buttons for the queue: the best seats for a party of N, held at once.
                <div class="flex flex-col gap-2" role="group" aria-labelledby="best-for">
                    <span id="best-for" class="text-sm text-neutral-300">{t!("counter-best-for")}</span>
                    <div class="grid grid-cols-6 gap-2">
                        {(1..=6usize).map(|n| view! {
                            <button
                                type="button"
                                class="min-h-12 rounded-xl border border-white/20 text-lg font-semibold hover:bg-white/10 disabled:opacity-50"
                                disabled=move || picker.busy.get()
                                on:click=move |_| hold_best(picker, n)
                                aria-label=t!("counter-best-for-count", count = n)
                                data-testid="counter-best"
                            >
                                {n}
                            </button>
                        }).collect_view()}
                    </div>
                </div>
            }>
                <p class="rounded-lg bg-amber-400/10 px-3 py-2 text-amber-100" role="timer">
                    {move || {
                        let time = clock(picker.seconds_left().unwrap_or_default());
                        let said = t!("counter-held-for", time = time.as_str());
                        let (before, after) = around(&said, &time);
                        view! { {before}<span class="font-mono font-bold tabular-nums">{time}</span>{after} }
                    }}
                </p>
                <label class="flex flex-col gap-1">
                    <span class="text-sm text-neutral-300">{t!("counter-customer-name")}</span>
                    <input class=FIELD type="text" maxlength="100" autocomplete="off" prop:value=customer_name on:input=move |event| customer_name.set(event_target_value(&event)) data-testid="customer-name" />
                </label>
                <label class="flex flex-col gap-1">
                    <span class="text-sm text-neutral-300">{t!("counter-customer-email")}</span>
                    <input class=FIELD type="email" autocomplete="off" prop:value=customer_email on:input=move |event| customer_email.set(event_target_value(&event)) data-testid="customer-email" />
                </label>
                <div class="grid grid-cols-2 gap-2" role="radiogroup" aria-label=t!("counter-payment")>
                    <button type="button" role="radio" aria-checked=move || (!by_card.get()).to_string() class=move || format!("{BUTTON} {}", if by_card.get() { "border border-white/20" } else { "bg-white text-ink-950" }) on:click=move |_| by_card.set(false) data-testid="pay-cash">{t!("counter-cash")}</button>
                    <button type="button" role="radio" aria-checked=move || by_card.get().to_string() class=move || format!("{BUTTON} {}", if by_card.get() { "bg-white text-ink-950" } else { "border border-white/20" }) on:click=move |_| by_card.set(true) data-testid="pay-card">{t!("counter-card")}</button>
                </div>
                <Show when=move || !by_card.get() fallback=move || view! {
                    <label class="flex flex-col gap-1">
                        <span class="text-sm text-neutral-300">{t!("counter-card-terminal")}</span>
                        <input class=FIELD type="text" inputmode="numeric" autocomplete="off" prop:value=card_number on:input=move |event| card_number.set(event_target_value(&event)) data-testid="card-number" />
                    </label>
                }>
                    <label class="flex flex-col gap-1">
                        <span class="text-sm text-neutral-300">{t!("counter-cash-tendered", currency = crate::format::currency_sign())}</span>
                        <input class=FIELD type="text" inputmode="numeric" autocomplete="off" prop:value=tendered on:input=move |event| tendered.set(event_target_value(&event)) data-testid="cash-tendered" />
                    </label>
                    <div class="flex flex-wrap gap-2">
                        {move || cash_suggestions(total()).into_iter().map(|amount| view! {
                            <button type="button" class="min-h-12 rounded-xl border border-white/20 px-3 tabular-nums hover:bg-white/10" on:click=move |_| tendered.set(amount.to_string())>
                                {format::money(amount)}
                            </button>
                        }).collect_view()}
                    </div>
                    <p class="flex justify-between text-2xl font-bold" aria-live="polite">
                        <span>{t!("counter-change-due")}</span>
                        <span class="tabular-nums" data-testid="change-due">{move || match change_due() {
                            Some(change) if change >= 0 => format::money(change),
                            Some(short) => t!("counter-short", amount = format::money(-short)),
                            None => "—".to_owned(),
                        }}</span>
                    </p>
                </Show>
                <button type="button" class=PRIMARY disabled=move || !can_pay() on:click=pay data-testid="take-payment">
                    {move || if picker.busy.get() { t!("counter-taking-payment") } else { t!("counter-take", amount = format::money(total())) }}
                </button>
                <Show when=move || pending_booking.with(Option::is_none)>
                    <button type="button" class=format!("{BUTTON} border border-white/20 hover:bg-white/10") disabled=move || picker.busy.get() on:click=release>
                        {t!("counter-release")}
                    </button>
                </Show>
            </Show>
            <div role="alert" data-testid="seat-notice">
                {move || picker.notice.get().map(|notice| match notice {
                    Notice::Problem(text) | Notice::Info(text) => view! { <p class="rounded-lg bg-rose-950/60 px-3 py-2 text-rose-100">{text}</p> }.into_any(),
                    Notice::SignIn => view! { <p class="rounded-lg bg-sky-950/60 px-3 py-2">{t!("staff-session-ended")}</p> }.into_any(),
                })}
            </div>
            <p class="sr-only" aria-live="polite" data-testid="seat-announcement">{move || picker.announcement.get()}</p>
        </aside>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cash_buttons_offer_the_notes_a_customer_might_hand_over() {
        assert_eq!(cash_suggestions(180_000), [180_000, 200_000, 500_000]);
        assert_eq!(cash_suggestions(95_000), [100_000, 200_000, 500_000]);
        assert_eq!(cash_suggestions(0), Vec::<i64>::new());
    }
}
