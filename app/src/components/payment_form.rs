//! Paying for a pending booking by card. The processor is simulated: the test cards are shown
//! beside the form. A declined card says why and leaves the seats held for another try; each
//! attempt carries an idempotency key, so a double click or a retry charges once.

use leptos::{prelude::*, task::spawn_local};

use crate::{
    api::booking::{CardDetails, Outcome, pay_booking},
    format, t,
};

/// The simulated processor's test cards, each with what it does.
const TEST_CARDS: [(&str, &str); 4] = [
    ("4242 4242 4242 4242", "charged"),
    ("4000 0000 0000 0002", "declined"),
    ("4000 0000 0000 9995", "insufficient"),
    ("4000 0000 0000 0259", "timeout"),
];

/// A fresh key for one payment attempt.
pub(crate) fn attempt_key() -> String {
    #[cfg(feature = "hydrate")]
    {
        (0..4)
            .map(|_| {
                format!(
                    "{:08x}",
                    (js_sys::Math::random() * f64::from(u32::MAX)) as u32
                )
            })
            .collect()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        String::new()
    }
}

/// `"12/30"` or `"12/2030"` -> (12, 2030).
fn expiry(text: &str) -> Option<(u32, u32)> {
    let (month, year) = text.trim().split_once('/')?;
    let month: u32 = month.trim().parse().ok()?;
    let year: u32 = year.trim().parse().ok()?;
    let year = if year < 100 { 2000 + year } else { year };
    (1..=12).contains(&month).then_some((month, year))
}

#[component]
pub fn PaymentForm(
    booking_id: String,
    total: i64,
    total_price: String,
    on_paid: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let number = RwSignal::new(String::new());
    let expiry_text = RwSignal::new(String::new());
    let cvc = RwSignal::new(String::new());
    let holder = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let key = RwSignal::new(String::new());
    Effect::new(move |_| key.set(attempt_key()));
    let booking_id = StoredValue::new(booking_id);
    let total_price = StoredValue::new(total_price);

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some((exp_month, exp_year)) = expiry(&expiry_text.get_untracked()) else {
            problem.set(Some(t!("pay-expiry-invalid")));
            return;
        };
        let card = CardDetails {
            number: number.get_untracked(),
            exp_month,
            exp_year,
            cvc: cvc.get_untracked(),
            holder_name: Some(holder.get_untracked()).filter(|name| !name.trim().is_empty()),
        };
        busy.set(true);
        problem.set(None);
        spawn_local(async move {
            let outcome = pay_booking(
                booking_id.get_value(),
                total_price.get_value(),
                card,
                key.get_untracked(),
            )
            .await;
            match outcome {
                Ok(Outcome::Done(_)) => on_paid(),
                Ok(Outcome::Refused(reason)) => {
                    problem.set(Some(t!(
                        "pay-refused",
                        reason = reason.trim_end_matches('.')
                    )));
                    // That answer is final for its key: another try is a new payment.
                    key.set(attempt_key());
                }
                Ok(Outcome::SignInNeeded) => problem.set(Some(t!("pay-sign-in-again"))),
                // No answer: whether the card was charged is not known here. The same key goes
                // with the next try, which learns the first one's outcome instead of paying twice.
                _ => problem.set(Some(t!("pay-unavailable"))),
            }
            busy.set(false);
        });
    };

    let field = "w-full rounded-lg border border-white/15 bg-ink-950 px-3 py-2 text-neutral-100 placeholder:text-neutral-500 focus:border-amber-300 focus:outline-none";
    view! {
        <form class="flex flex-col gap-4 rounded-xl border border-white/10 bg-ink-900 p-4" on:submit=submit data-testid="payment-form">
            <h2 class="text-lg font-bold">{t!("pay-title")}</h2>
            <label class="flex flex-col gap-1 text-sm">
                {t!("pay-card-number")}
                <input class=field inputmode="numeric" autocomplete="cc-number" placeholder="4242 4242 4242 4242" required
                    prop:value=move || number.get() on:input=move |ev| number.set(event_target_value(&ev)) />
            </label>
            <div class="grid grid-cols-2 gap-3">
                <label class="flex flex-col gap-1 text-sm">
                    {t!("pay-expiry")}
                    <input class=field autocomplete="cc-exp" placeholder="12/30" required
                        prop:value=move || expiry_text.get() on:input=move |ev| expiry_text.set(event_target_value(&ev)) />
                </label>
                <label class="flex flex-col gap-1 text-sm">
                    {t!("pay-security-code")}
                    <input class=field inputmode="numeric" autocomplete="cc-csc" placeholder="123" required
                        prop:value=move || cvc.get() on:input=move |ev| cvc.set(event_target_value(&ev)) />
                </label>
            </div>
            <label class="flex flex-col gap-1 text-sm">
                {t!("pay-holder-name")}
                <input class=field autocomplete="cc-name"
                    prop:value=move || holder.get() on:input=move |ev| holder.set(event_target_value(&ev)) />
            </label>
            <p role="alert" class="text-sm text-rose-200" data-testid="payment-error">{move || problem.get()}</p>
            <button type="submit" class="rounded-lg bg-amber-400 px-4 py-2 font-semibold text-ink-950 hover:bg-amber-300 disabled:opacity-50" disabled=move || busy.get()>
                {move || if busy.get() { t!("pay-busy") } else { t!("pay-button", amount = format::money(total)) }}
            </button>
            <div class="rounded-lg bg-white/5 p-3 text-xs text-neutral-300" data-testid="test-cards">
                <p class="mb-1 font-semibold text-neutral-200">{t!("pay-test-cards")}</p>
                <ul class="flex flex-col gap-1">
                    {TEST_CARDS.into_iter().map(|(card, outcome)| view! {
                        <li class="flex items-center justify-between gap-2">
                            <span>{
                                let said = t!("pay-test-card", card = card, outcome = outcome);
                                let (before, after) = crate::i18n::around(&said, card);
                                view! { {before}<span class="font-mono">{card}</span>{after} }
                            }</span>
                            <button type="button" class="rounded border border-white/20 px-2 py-0.5 hover:bg-white/10"
                                on:click=move |_| {
                                    number.set(card.to_owned());
                                    if expiry_text.get_untracked().is_empty() { expiry_text.set("12/30".into()); }
                                    if cvc.get_untracked().is_empty() { cvc.set("123".into()); }
                                }>
                                {t!("pay-use-card")}
                            </button>
                        </li>
                    }).collect_view()}
                </ul>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::expiry;

    #[test]
    fn expiry_reads_two_or_four_digit_years() {
        assert_eq!(expiry("12/30"), Some((12, 2030)));
        assert_eq!(expiry(" 1 / 2031 "), Some((1, 2031)));
        assert_eq!(expiry("13/30"), None);
        assert_eq!(expiry("1230"), None);
    }
}
