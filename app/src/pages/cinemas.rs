use leptos::prelude::*;

use crate::components::loading::Loading;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::{
    api::catalog::{load_cinema, load_cinemas},
    components::showtimes::ShowtimeBrowser,
    pages::not_found::NotFound,
    t,
};

#[component]
pub fn CinemasPage() -> impl IntoView {
    let cinemas = Resource::new(|| (), |_| load_cinemas());
    view! {
        <Title text=t!("nav-cinemas") />
        <h1 class="mb-6 text-3xl font-black tracking-tight">{t!("cinema-heading")}</h1>
        <Suspense fallback=|| view! { <Loading what=t!("cinema-loading-list") /> }>
            {move || Suspend::new(async move {
                match cinemas.await {
                    Ok(cinemas) => view! {
                        <ul class="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
                            {cinemas.into_iter().map(|cinema| view! {
                                <li class="rounded-xl border border-white/10 bg-ink-900 p-5 hover:border-amber-400/50">
                                    <a href=format!("/cinemas/{}", cinema.id) class="text-lg font-bold text-white hover:underline">
                                        {cinema.name}
                                    </a>
                                    <p class="text-sm text-neutral-400">{cinema.city}</p>
                                    <p class="mt-2 text-sm text-neutral-300">{cinema.address}</p>
                                    <p class="mt-1 text-xs text-neutral-500">{t!("seat-count", count = cinema.total_seats)}</p>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(_) => view! {
                        <p role="alert" class="text-rose-200">{t!("cinema-list-unavailable")}</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn CinemaPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let cinema = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        load_cinema,
    );
    view! {
        <Suspense fallback=|| view! { <Loading what=t!("cinema-loading") /> }>
            {move || Suspend::new(async move {
                match cinema.await {
                    Ok(Some((cinema, showtimes))) => {
                        let base = format!("/cinemas/{}", cinema.id);
                        view! {
                            <Title text=cinema.name.clone() />
                            <h1 class="text-3xl font-black tracking-tight">{cinema.name}</h1>
                            <p class="mt-1 text-neutral-300">{format!("{} · {}", cinema.address, cinema.city)}</p>
                            <section class="mt-8" aria-labelledby="program">
                                <h2 id="program" class="mb-4 text-xl font-bold">{t!("cinema-program")}</h2>
                                <ShowtimeBrowser showtimes chosen=query.read().get("date") base by_cinema=false />
                            </section>
                        }.into_any()
                    }
                    Ok(None) => view! { <NotFound /> }.into_any(),
                    Err(_) => view! {
                        <p role="alert" class="text-rose-200">{t!("cinema-program-unavailable")}</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
