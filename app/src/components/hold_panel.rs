//! Beside the seat map: the chosen seats and their total, then holding them (with a visible
//! countdown, one extension, and releasing), then on to checkout.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::hooks::use_navigate;

use super::seat_picker::{Notice, SeatPicker, clock, type_name};
use crate::{
    api::booking::{
        HoldView, Outcome, extend_hold, hold_best_seats, hold_seats, release_hold, start_checkout,
    },
    components::form::SignInSentence,
    format,
    i18n::around,
    t,
};

/// What an answer that is not a success means for the picker.
fn refused<T>(picker: SeatPicker, outcome: Result<Outcome<T>, ServerFnError>) -> Option<T> {
    let notice = match outcome {
        Ok(Outcome::Done(value)) => return Some(value),
        Ok(Outcome::Taken(labels)) => {
            let ids = picker.ids_of_labels(&labels);
            picker.set_status(&ids, "held", false);
            picker.lost(&ids);
            return None;
        }
        Ok(Outcome::SignInNeeded) => Notice::SignIn,
        Ok(Outcome::NotFound) => {
            picker.hold_ended(Some(t!("hold-not-found").as_str()));
            return None;
        }
        Ok(Outcome::Refused(reason)) => Notice::Problem(reason),
        Err(_) => Notice::Problem(t!("hold-unavailable")),
    };
    picker.notice.set(Some(notice));
    None
}

/// Holds the chosen seats (online or at the box office), saying how it went.
pub(crate) fn hold_chosen(picker: SeatPicker) {
    let seat_ids = picker.selected.get_untracked();
    let showtime_id = picker.showtime_id.get_value();
    picker.busy.set(true);
    picker.notice.set(None);
    spawn_local(async move {
        let needs = picker.needs_wheelchair_space.get_untracked();
        let outcome = hold_seats(showtime_id, seat_ids, needs).await;
        if let Some(hold) = refused(picker, outcome) {
            let minutes = (hold.seconds_left + 59) / 60;
            picker.announcement.set(t!(
                "hold-held",
                seats = hold.seats.join(", "),
                minutes = minutes
            ));
            picker.held(hold);
        }
        picker.busy.set(false);
        picker.drop_unavailable_choices();
    });
}

/// What a best-available hold says: together, or split over rows (never silently).
pub(crate) fn best_seats_said(hold: &HoldView) -> String {
    let count = hold.seats.len();
    match hold.groups.as_slice() {
        [_, _, ..] => {
            // "E3, E4 and F4, F5": each row's seats, the rows joined as the language joins them.
            let groups = hold
                .groups
                .iter()
                .map(|group| group.join(", "))
                .reduce(|first, next| t!("hold-best-rows-joined", first = first, next = next))
                .unwrap_or_default();
            t!(
                "hold-best-split",
                count = count,
                rows = hold.groups.len(),
                groups = groups
            )
        }
        _ => t!(
            "hold-best-together",
            count = count,
            seats = hold.seats.join(", ")
        ),
    }
}

/// Holds the best `count` seats (the booking service chooses), showing them as held.
pub(crate) fn hold_best(picker: SeatPicker, count: usize) {
    let showtime_id = picker.showtime_id.get_value();
    picker.busy.set(true);
    picker.notice.set(None);
    spawn_local(async move {
        if let Some(hold) = refused(picker, hold_best_seats(showtime_id, count).await) {
            let said = best_seats_said(&hold);
            picker.notice.set(Some(Notice::Info(said.clone())));
            picker.announcement.set(said);
            picker.held(hold);
        }
        picker.busy.set(false);
    });
}

/// Lets the held seats go; `done` is what screen readers are told.
pub(crate) fn release_held(picker: SeatPicker, done: impl Into<String>) {
    let Some(current) = picker.hold.get_untracked() else {
        return;
    };
    let done = done.into();
    picker.busy.set(true);
    spawn_local(async move {
        if refused(picker, release_hold(current.id).await).is_some() {
            picker.hold_ended(None);
            picker.selected.set(Vec::new());
            picker.announcement.set(done);
        }
        picker.busy.set(false);
    });
}

/// Whether the hold may go ahead: no wheelchair space chosen, or its need confirmed.
pub(crate) fn space_confirmed(picker: SeatPicker) -> bool {
    !picker.wheelchair_space_chosen() || picker.needs_wheelchair_space.get()
}

/// A wheelchair space is sold to a guest who needs it, as the venue's policy requires: the
/// customer confirms it, respectfully and once, before holding.
#[component]
pub(crate) fn WheelchairSpaceConfirmation(picker: SeatPicker) -> impl IntoView {
    view! {
        <Show when=move || picker.wheelchair_space_chosen()>
            <label class="flex items-start gap-2 rounded-lg bg-sky-950/60 px-3 py-2 text-sm text-sky-100" data-testid="wheelchair-confirmation">
                <input
                    type="checkbox"
                    class="mt-0.5 h-4 w-4"
                    prop:checked=move || picker.needs_wheelchair_space.get()
                    on:change=move |event| picker.needs_wheelchair_space.set(event_target_checked(&event))
                />
                <span>{t!("hold-wheelchair-confirm")}</span>
            </label>
        </Show>
    }
}

/// A choice that would strand a single seat is allowed, but said, with the way out.
#[component]
pub(crate) fn LoneSeatWarning(picker: SeatPicker) -> impl IntoView {
    view! {
        <p class="text-sm text-amber-200 empty:hidden" role="status" data-testid="lone-seat-warning">
            {move || picker.lone_seat_warning()}
        </p>
    }
}

/// "Best seats for [N]": the booking service chooses and holds them; the customer sees them on
/// the map and can still release them and choose others.
#[component]
fn BestSeats(picker: SeatPicker) -> impl IntoView {
    let wanted = RwSignal::new(2usize);
    view! {
        <div class="flex flex-wrap items-center gap-2 border-t border-white/10 pt-3 text-sm" data-testid="best-seats">
            <label class="flex items-center gap-2">
                {t!("hold-best-for")}
                <select
                    class="rounded-lg border border-white/20 bg-ink-950 px-2 py-1.5"
                    on:change=move |event| wanted.set(event_target_value(&event).parse().unwrap_or(2))
                    prop:value=move || wanted.get().to_string()
                    data-testid="best-seats-count"
                >
                    {(1..=10).map(|n| view! { <option value=n.to_string()>{n}</option> }).collect_view()}
                </select>
            </label>
            <button
                type="button"
                class="rounded-lg border border-amber-300/50 px-3 py-1.5 text-amber-100 hover:bg-amber-400/10 disabled:opacity-50"
                disabled=move || picker.busy.get()
                on:click=move |_| hold_best(picker, wanted.get_untracked())
            >
                {t!("hold-best-find")}
            </button>
        </div>
    }
}

#[component]
pub fn HoldPanel(picker: SeatPicker) -> impl IntoView {
    let navigate = use_navigate();
    let showtime_id = picker.showtime_id.get_value();

    // The countdown ticks in the browser; the server only says how long was left.
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(hold) = picker.hold.get_untracked()
            && picker.deadline_ms.get_untracked().is_none()
        {
            picker.held(hold);
        }
        if let Ok(handle) = set_interval_with_handle(
            move || {
                // A tick already queued when the page was left finds nothing to count.
                if picker.hold.is_disposed() {
                    return;
                }
                picker.now_ms.set(super::seat_picker::now_ms());
                if picker.seconds_left() == Some(0) {
                    picker.hold_ended(Some(t!("hold-expired").as_str()));
                }
            },
            std::time::Duration::from_millis(500),
        ) {
            on_cleanup(move || handle.clear());
        }
    });

    let hold = move |_| hold_chosen(picker);
    let extend = move |_| {
        let Some(current) = picker.hold.get_untracked() else {
            return;
        };
        picker.busy.set(true);
        spawn_local(async move {
            if let Some(hold) = refused(picker, extend_hold(current.id).await) {
                picker.announcement.set(t!("hold-extended"));
                picker.held(hold);
            }
            picker.busy.set(false);
        });
    };
    let release = move |_| release_held(picker, t!("hold-released"));
    let checkout = move |_| {
        let Some(current) = picker.hold.get_untracked() else {
            return;
        };
        let showtime_id = picker.showtime_id.get_value();
        let navigate = navigate.clone();
        picker.busy.set(true);
        spawn_local(async move {
            let needs = picker.needs_wheelchair_space.get_untracked();
            let outcome = start_checkout(showtime_id, current.id, current.seat_ids, needs).await;
            if let Some(booking_id) = refused(picker, outcome) {
                navigate(&format!("/bookings/{booking_id}"), Default::default());
            }
            picker.busy.set(false);
        });
    };

    let chosen = move || {
        picker
            .selected
            .get()
            .into_iter()
            .filter_map(|id| picker.seat(&id))
            .collect::<Vec<_>>()
    };
    let count = move || picker.selected.with(Vec::len);
    let held = move || picker.hold.with(Option::is_some);
    let sign_in = format!("/login?next=/showtimes/{showtime_id}");

    view! {
        <aside class="flex flex-col gap-4 rounded-2xl border border-white/10 bg-ink-900 p-6" aria-labelledby="your-seats" data-testid="seat-summary">
            <div class="flex items-center justify-between">
                <h2 id="your-seats" class="text-lg font-bold">{t!("hold-your-seats")}</h2>
                <span class="flex items-center gap-1.5 text-xs text-neutral-400" data-testid="live-status" data-live=move || picker.live.get().to_string()>
                    <span class=move || if picker.live.get() { "h-2 w-2 rounded-full bg-emerald-400" } else { "h-2 w-2 rounded-full bg-neutral-500" }></span>
                    {move || if picker.live.get() { t!("live-on") } else { t!("live-connecting") }}
                </span>
            </div>
            <Show when=move || count() != 0 fallback=|| view! { <p class="text-sm text-neutral-400">{t!("hold-choose-on-map")}</p> }>
                <ul class="flex flex-col gap-1 text-sm" data-testid="chosen-seats">
                    {move || chosen().into_iter().map(|seat| view! {
                        <li class="flex justify-between gap-4">
                            <span>{format!("{} · {}", seat.label(), type_name(&seat.seat_type))}</span>
                            <span class="whitespace-nowrap tabular-nums">{format::money(seat.price)}</span>
                        </li>
                    }).collect_view()}
                </ul>
                <p class="flex justify-between border-t border-white/10 pt-2 font-semibold">
                    <span>{t!("hold-total")}</span>
                    <span class="tabular-nums" data-testid="seat-total">{move || format::money(picker.total())}</span>
                </p>
                <LoneSeatWarning picker />
                <WheelchairSpaceConfirmation picker />
            </Show>
            <Show when=held fallback=move || view! {
                <button
                    type="button"
                    class="rounded-lg bg-amber-400 px-4 py-2 font-semibold text-ink-950 hover:bg-amber-300 disabled:cursor-not-allowed disabled:opacity-50"
                    disabled=move || count() == 0 || picker.busy.get() || !space_confirmed(picker)
                    on:click=hold
                >
                    {move || t!("hold-button", count = count())}
                </button>
                <BestSeats picker />
            }>
                <p class="rounded-lg bg-amber-400/10 px-3 py-2 text-sm text-amber-100" role="timer" data-testid="hold-countdown">
                    {move || {
                        let time = clock(picker.seconds_left().unwrap_or_default());
                        let said = t!("hold-held-for", time = time.as_str());
                        let (before, after) = around(&said, &time);
                        view! { {before}<span class="font-mono text-base font-bold tabular-nums">{time}</span>{after} }
                    }}
                </p>
                <button
                    type="button"
                    class="rounded-lg bg-amber-400 px-4 py-2 font-semibold text-ink-950 hover:bg-amber-300 disabled:opacity-50"
                    disabled=move || picker.busy.get()
                    on:click=checkout.clone()
                >
                    {t!("hold-checkout")}
                </button>
                <div class="flex gap-2 text-sm">
                    <Show when=move || !picker.hold.with(|hold| hold.as_ref().is_some_and(|h| h.extended))>
                        <button type="button" class="rounded-lg border border-white/20 px-3 py-1.5 hover:bg-white/10 disabled:opacity-50" disabled=move || picker.busy.get() on:click=extend>
                            {t!("hold-more-time")}
                        </button>
                    </Show>
                    <button type="button" class="rounded-lg border border-white/20 px-3 py-1.5 hover:bg-white/10 disabled:opacity-50" disabled=move || picker.busy.get() on:click=release>
                        {t!("hold-release")}
                    </button>
                </div>
            </Show>
            <div role="alert" data-testid="seat-notice">
                {move || picker.notice.get().map(|notice| match notice {
                    Notice::Problem(text) => view! { <p class="rounded-lg bg-rose-950/60 px-3 py-2 text-sm text-rose-100">{text}</p> }.into_any(),
                    Notice::Info(text) => view! { <p class="rounded-lg bg-sky-950/60 px-3 py-2 text-sm text-sky-100">{text}</p> }.into_any(),
                    Notice::SignIn => view! {
                        <p class="rounded-lg bg-sky-950/60 px-3 py-2 text-sm text-sky-100">
                            <SignInSentence message="hold-sign-in" href=sign_in.clone() class="font-semibold underline" />
                        </p>
                    }.into_any(),
                })}
            </div>
            <p class="sr-only" aria-live="polite" data-testid="seat-announcement">{move || picker.announcement.get()}</p>
        </aside>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hold(groups: &[&[&str]]) -> HoldView {
        let groups: Vec<Vec<String>> = groups
            .iter()
            .map(|group| group.iter().map(|seat| (*seat).to_owned()).collect())
            .collect();
        HoldView {
            id: "hold".into(),
            showtime_id: "show".into(),
            seat_ids: Vec::new(),
            seats: groups.concat(),
            expires_at: String::new(),
            extended: false,
            seconds_left: 480,
            groups,
        }
    }

    #[test]
    fn best_seats_say_they_are_together_or_name_each_row_when_split() {
        crate::i18n::set_language(crate::i18n::Language::english());
        assert_eq!(
            best_seats_said(&hold(&[&["E5", "E6"]])),
            "Held the best 2 seats together: E5, E6. Release them to choose others."
        );
        assert_eq!(
            best_seats_said(&hold(&[&["E3", "E4", "E5"], &["F4", "F5"]])),
            "No row has 5 seats together, so they are in 2 rows: E3, E4, E5 and F4, F5. Release them to choose others."
        );
    }
}
