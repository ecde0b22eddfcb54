use leptos::prelude::*;
use leptos_meta::Title;

use crate::t;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text=t!("notfound-title") />
        <section class="mx-auto max-w-lg py-24 text-center">
            <p class="text-6xl font-black text-amber-400">"404"</p>
            <h1 class="mt-4 text-2xl font-bold">{t!("notfound-heading")}</h1>
            <p class="mt-2 text-neutral-400">{t!("notfound-text")}</p>
            <a href="/" class="mt-6 inline-block rounded-lg bg-amber-400 px-4 py-2 font-semibold text-ink-950 hover:bg-amber-300">
                {t!("notfound-back")}
            </a>
        </section>
    }
}
