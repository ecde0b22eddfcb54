//! A staff device (a box-office terminal, a door scanner) is set to one cinema, remembered in
//! a cookie of its own; these are the pieces of its pages that choose and show it.

use leptos::prelude::*;

use crate::{api::staff::CinemaRef, t};

pub const TILE: &str = "flex min-h-12 flex-col items-start gap-1 rounded-2xl border border-white/10 bg-ink-900 p-5 text-left hover:border-amber-400/60 focus-visible:ring-4 focus-visible:ring-amber-300";

/// What a staff device's page shows at its top: its role and cinema, switching cinema and
/// signing out (a kiosk-mode browser has no other way to do either).
#[component]
pub fn DeviceToolbar(
    #[prop(into)] role: String,
    cinema: CinemaRef,
    on_switch: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="flex flex-wrap items-center justify-between gap-3 print:hidden">
            <p class="text-lg text-neutral-300">{role}" · "<span class="font-bold text-white" data-testid="device-cinema">{cinema.name}</span></p>
            <div class="flex gap-2">
                <button type="button" class="min-h-12 rounded-xl border border-white/20 px-4 hover:bg-white/10" on:click=move |_| on_switch.run(())>
                    {t!("cinema-device-switch")}
                </button>
                <form method="post" action="/logout">
                    <button type="submit" class="min-h-12 rounded-xl border border-white/20 px-4 hover:bg-white/10">{t!("nav-sign-out")}</button>
                </form>
            </div>
        </div>
    }
}

/// The device's cinema, chosen once and remembered.
#[component]
pub fn CinemaChooser(cinemas: Vec<CinemaRef>, on_chosen: Callback<String>) -> impl IntoView {
    view! {
        <h1 class="text-3xl font-black">{t!("cinema-device-which")}</h1>
        <ul class="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" data-testid="cinema-choice">
            {cinemas.into_iter().map(|cinema| {
                let id = cinema.id.clone();
                view! {
                    <li>
                        <button type="button" class=format!("{TILE} w-full") on:click=move |_| on_chosen.run(id.clone())>
                            <span class="text-xl font-bold">{cinema.name}</span>
                            <span class="text-neutral-400">{cinema.city}</span>
                        </button>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
