//! `/kiosk`: the cinemas, each linking to its lobby board; `/kiosk/{cinema}` (slug or id): the
//! board itself, for a wall screen in Chromium's kiosk mode (no site header, no sign-in). A
//! board that cannot load yet says it is connecting and tries again by itself.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::{
    api::staff::{Remaining, load_programme, load_staff_cinemas},
    components::{board::Board, loading::Loading},
    t,
};

#[component]
pub fn KioskListPage() -> impl IntoView {
    let cinemas = Resource::new(|| (), |_| load_staff_cinemas());
    view! {
        <Title text=t!("kiosk-boards") />
        <h1 class="mb-2 text-3xl font-black tracking-tight">{t!("kiosk-boards")}</h1>
        <p class="mb-6 text-neutral-400">{t!("kiosk-intro")}</p>
        <Suspense fallback=|| view! { <Loading what=t!("kiosk-loading-cinemas") /> }>
            {move || Suspend::new(async move {
                match cinemas.await {
                    Ok(cinemas) => view! {
                        <ul class="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="kiosk-cinemas">
                            {cinemas.into_iter().map(|cinema| view! {
                                <li>
                                    <a href=format!("/kiosk/{}", cinema.slug) class="flex min-h-12 flex-col rounded-xl border border-white/10 bg-ink-900 p-5 hover:border-amber-400/50">
                                        <span class="text-lg font-bold">{cinema.name}</span>
                                        <span class="text-sm text-neutral-400">{format!("{} · /kiosk/{}", cinema.city, cinema.slug)}</span>
                                    </a>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(_) => view! { <p role="alert" class="text-rose-200">{t!("kiosk-cinemas-unavailable")}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn KioskBoardPage() -> impl IntoView {
    let params = use_params_map();
    let programme = Resource::new(
        move || params.read().get("cinema").unwrap_or_default(),
        |cinema| load_programme(cinema, Remaining::NotStarted),
    );
    // Until the first programme arrives (the services may be restarting), ask again.
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Ok(handle) = set_interval_with_handle(
            move || {
                if matches!(programme.get_untracked(), Some(Err(_))) {
                    programme.refetch();
                }
            },
            std::time::Duration::from_secs(10),
        ) {
            on_cleanup(move || handle.clear());
        }
    });
    view! {
        <Title text=t!("kiosk-board") />
        <Suspense fallback=|| view! { <KioskMessage text=t!("kiosk-loading") /> }>
            {move || Suspend::new(async move {
                match programme.await {
                    Ok(Some(programme)) => view! {
                        <Title text=t!("kiosk-board-title", cinema = programme.cinema.name.clone()) />
                        <Board programme />
                    }.into_any(),
                    Ok(None) => view! { <KioskMessage text=t!("kiosk-no-such-cinema") /> }.into_any(),
                    Err(_) => view! { <KioskMessage text=t!("kiosk-connecting") /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A whole screen with one message, in the board's style.
#[component]
fn KioskMessage(#[prop(into)] text: String) -> impl IntoView {
    view! {
        <div class="flex h-screen w-screen cursor-none items-center justify-center bg-black text-5xl font-bold text-neutral-400" data-testid="kiosk-message">
            {text}
        </div>
    }
}
