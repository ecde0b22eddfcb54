//! `/check-in` (staff and admins): the door. A ticket's QR code is read with the device's camera
//! (where the browser has BarcodeDetector) or its code typed or pasted; the verdict fills the
//! screen, green ADMIT with the film, time, hall and seats, or red with the reason, until the
//! next scan. Below, each showtime of the day still running: seats let in out of seats sold,
//! kept current.

use leptos::{prelude::*, task::spawn_local};
use leptos_meta::Title;

use crate::{
    api::{
        door::{Door, DoorCount, DoorVerdict, admit_at_door, door_counts, load_door},
        staff::{Device, choose_device_cinema},
    },
    components::{
        device::{CinemaChooser, DeviceToolbar},
        loading::Loading,
        staff_gate::StaffOnly,
    },
    i18n::around,
    scanner, t,
};

const FIELD: &str =
    "min-h-14 w-full rounded-xl border border-white/15 bg-ink-950 px-4 font-mono text-lg";

#[component]
pub fn CheckInPage() -> impl IntoView {
    // Made here, outside the staff gate, so that it hydrates in the order it was rendered.
    let door = Resource::new(|| (), |_| load_door());
    view! {
        <Title text=t!("nav-check-in") />
        <StaffOnly page="/check-in">
            <CheckIn door />
        </StaffOnly>
    }
}

#[component]
fn CheckIn(door: Resource<Result<Door, ServerFnError>>) -> impl IntoView {
    let choosing = RwSignal::new(false);
    // Each scan here asks for the counts again at once; other doors' every few seconds.
    let scans = RwSignal::new(0u32);
    view! {
        <Suspense fallback=|| view! { <Loading what=t!("door-loading") /> }>
            {move || {
                let choosing_now = choosing.get();
                Suspend::new(async move {
                    match door.await {
                        Ok(Door { device: Device { programme: Some(programme), .. }, counts }) if !choosing_now => view! {
                            <div class="flex flex-col gap-6">
                                <DeviceToolbar role=t!("nav-check-in") cinema=programme.cinema.clone() on_switch=Callback::new(move |()| choosing.set(true)) />
                                <Scanner on_scanned=Callback::new(move |()| scans.update(|n| *n += 1)) />
                                <Counts scans initial=counts />
                            </div>
                        }.into_any(),
                        Ok(Door { device, .. }) => view! {
                            <CinemaChooser cinemas=device.cinemas on_chosen=Callback::new(move |id: String| {
                                choose_device_cinema(&id);
                                choosing.set(false);
                                door.refetch();
                            }) />
                        }.into_any(),
                        Err(_) => view! { <p role="alert" class="text-rose-200">{t!("door-unavailable")}</p> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Scanner(on_scanned: Callback<()>) -> impl IntoView {
    let code = RwSignal::new(String::new());
    let verdict = RwSignal::new(None::<DoorVerdict>);
    let busy = RwSignal::new(false);
    let camera_on = RwSignal::new(false);
    let camera_error = RwSignal::new(None::<String>);
    let can_scan = RwSignal::new(false);
    let video = NodeRef::<leptos::html::Video>::new();
    let input = NodeRef::<leptos::html::Input>::new();

    let check = move |text: String| {
        if text.trim().is_empty() || busy.get_untracked() {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let answer = admit_at_door(text)
                .await
                .unwrap_or_else(|_| DoorVerdict::Refuse {
                    reason: "unavailable".into(),
                    detail: t!("door-unavailable-try-again"),
                });
            verdict.set(Some(answer));
            code.set(String::new());
            busy.set(false);
            on_scanned.run(());
        });
    };
    let dismiss = move || {
        verdict.set(None);
        if let Some(input) = input.get_untracked() {
            let _ = input.focus();
        }
    };

    #[cfg(feature = "hydrate")]
    {
        Effect::new(move |_| can_scan.set(scanner::supported()));
        // A verdict stays on screen for four seconds, or until tapped (or the next scan).
        let timeout = StoredValue::new(None::<TimeoutHandle>);
        Effect::new(move |_| {
            if let Some(previous) = timeout.try_update_value(Option::take).flatten() {
                previous.clear();
            }
            if verdict.with(Option::is_some) {
                let handle =
                    set_timeout_with_handle(dismiss, std::time::Duration::from_secs(4)).ok();
                timeout.set_value(handle);
            }
        });
        on_cleanup(move || {
            scanner::stop();
            if let Some(handle) = timeout.try_update_value(Option::take).flatten() {
                handle.clear();
            }
        });
    }
    let start_camera = move || {
        #[cfg(feature = "hydrate")]
        if let Some(video) = video.get_untracked() {
            camera_error.set(None);
            camera_on.set(true);
            // The same code is read many times a second while it is held up: once per showing.
            let last = std::rc::Rc::new(std::cell::RefCell::new(String::new()));
            scanner::start(
                &video,
                move |text| {
                    let showing = verdict.try_get_untracked().map(|shown| shown.is_some());
                    if showing == Some(false) && *last.borrow() != text {
                        *last.borrow_mut() = text.clone();
                        check(text);
                    }
                },
                move |error| {
                    camera_on.set(false);
                    camera_error.set(Some(t!("door-camera-failed", error = error)));
                },
            );
        }
    };
    let toggle_camera = move |_| {
        if camera_on.get_untracked() {
            scanner::stop();
            camera_on.set(false);
        } else {
            start_camera();
        }
    };

    view! {
        <section class="grid gap-6 lg:grid-cols-2" aria-label=t!("door-scan")>
            <form
                class="flex flex-col gap-3 rounded-2xl border border-white/10 bg-ink-900 p-5"
                on:submit=move |event| {
                    event.prevent_default();
                    check(code.get_untracked());
                }
            >
                <label for="door-code" class="text-lg font-semibold">{t!("door-code")}</label>
                <input
                    id="door-code"
                    node_ref=input
                    class=FIELD
                    type="text"
                    autocomplete="off"
                    autocapitalize="characters"
                    spellcheck="false"
                    autofocus
                    placeholder=t!("door-code-placeholder")
                    prop:value=code
                    on:input=move |event| code.set(event_target_value(&event))
                    data-testid="door-code"
                />
                <button type="submit" class="min-h-14 rounded-xl bg-amber-400 text-xl font-bold text-ink-950 hover:bg-amber-300 disabled:opacity-50" disabled=move || busy.get() data-testid="door-admit">
                    {t!("door-admit")}
                </button>
            </form>
            <div class="flex flex-col gap-3 rounded-2xl border border-white/10 bg-ink-900 p-5">
                <Show when=move || can_scan.get() fallback=|| view! {
                    <p class="text-neutral-400">{t!("door-no-camera")}</p>
                }>
                    <button type="button" class="min-h-14 rounded-xl border border-white/20 text-lg font-semibold hover:bg-white/10" on:click=toggle_camera data-testid="door-camera">
                        {move || if camera_on.get() { t!("door-camera-stop") } else { t!("door-camera-start") }}
                    </button>
                </Show>
                <video node_ref=video class=move || if camera_on.get() { "aspect-video w-full rounded-xl bg-black" } else { "hidden" } muted playsinline aria-label=t!("door-camera")></video>
                {move || camera_error.get().map(|error| view! { <p role="alert" class="text-rose-200">{error}</p> })}
            </div>
        </section>
        {move || verdict.get().map(|verdict| view! { <Verdict verdict on_dismiss=Callback::new(move |()| dismiss()) /> })}
    }
}

/// The verdict, filling the screen so it reads at a glance.
#[component]
fn Verdict(verdict: DoorVerdict, on_dismiss: Callback<()>) -> impl IntoView {
    let (kind, class, body) = match verdict {
        DoorVerdict::Admit { film, time, hall, seats, count, booking_code } => (
            "admit",
            "bg-emerald-600",
            view! {
                <p class="text-8xl font-black tracking-tight sm:text-9xl">{t!("door-verdict-admit")}</p>
                <p class="text-5xl font-black" data-testid="verdict-count">{t!("door-people", count = count)}</p>
                <p class="text-4xl font-bold">{film}</p>
                <p class="text-3xl">{format!("{time} · {hall}")}</p>
                <p class="text-3xl font-semibold">{t!("door-seats", seats = seats.join(", "))}</p>
                <p class="font-mono text-2xl opacity-80">{booking_code}</p>
            }.into_any(),
        ),
        DoorVerdict::Refuse { reason, detail } => (
            "refuse",
            "bg-rose-700",
            view! {
                <p class="text-8xl font-black tracking-tight sm:text-9xl">{t!("door-verdict-stop")}</p>
                <p class="text-4xl font-bold" data-testid="verdict-detail">{detail}</p>
                <p class="font-mono text-xl opacity-80">{reason}</p>
            }.into_any(),
        ),
        DoorVerdict::SignInNeeded => (
            "refuse",
            "bg-rose-700",
            view! { <p class="text-4xl font-bold">{t!("staff-session-ended")}</p> }.into_any(),
        ),
    };
    view! {
        <button
            type="button"
            class=format!("fixed inset-0 z-50 flex flex-col items-center justify-center gap-4 p-8 text-center text-white {class}")
            on:click=move |_| on_dismiss.run(())
            role="alert"
            data-testid="door-verdict"
            data-verdict=kind
            aria-label=t!("door-verdict-label")
        >
            {body}
            <p class="mt-6 text-xl opacity-80">{t!("door-next")}</p>
        </button>
    }
}

/// Seats let in out of seats sold, per showtime: asked again after each scan here and every
/// five seconds (other doors admit too), shown without flicker meanwhile.
#[component]
fn Counts(scans: RwSignal<u32>, initial: Vec<DoorCount>) -> impl IntoView {
    let counts = RwSignal::new(initial);
    #[cfg(feature = "hydrate")]
    {
        let refresh = move || {
            leptos::task::spawn_local(async move {
                if let Ok(now) = door_counts().await {
                    counts.set(now);
                }
            })
        };
        Effect::new(move |first: Option<()>| {
            scans.track();
            if first.is_some() {
                refresh();
            }
        });
        Effect::new(move |_| {
            if let Ok(handle) = set_interval_with_handle(refresh, std::time::Duration::from_secs(5))
            {
                on_cleanup(move || handle.clear());
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (scans, door_counts);
    view! { {move || view! { <CountList counts=counts.get() /> }} }
}

#[component]
fn CountList(counts: Vec<DoorCount>) -> impl IntoView {
    view! {
        <section aria-labelledby="door-counts" class="rounded-2xl border border-white/10 bg-ink-900 p-5">
            <h2 id="door-counts" class="mb-3 text-xl font-bold">{t!("door-in-hall")}</h2>
            {counts.is_empty().then(|| view! { <p class="text-neutral-400">{t!("door-no-more-showtimes")}</p> })}
            <ul class="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
                {counts.into_iter().map(|count| {
                    let said = t!("door-admitted-of-sold", admitted = count.admitted, sold = count.sold);
                    let (before, after) = around(&said, &count.admitted.to_string());
                    view! {
                        <li class="rounded-xl bg-black/30 p-4" data-testid="door-count" data-showtime-id=count.showtime_id.clone()>
                            <p class="text-2xl font-black tabular-nums">{count.time.clone()}</p>
                            <p class="font-semibold">{count.film.clone()}</p>
                            <p class="text-neutral-400">{count.hall.clone()}</p>
                            <p class="mt-1 text-lg">
                                {before}
                                <span class="font-bold tabular-nums" data-testid="door-admitted">{count.admitted}</span>
                                {after}
                            </p>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
