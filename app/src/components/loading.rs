//! What a page shows while its data is on the way (in-app navigation; the first page arrives
//! rendered on the server).

use leptos::prelude::*;

#[component]
pub fn Loading(#[prop(into)] what: String) -> impl IntoView {
    view! {
        <p role="status" aria-busy="true" class="animate-pulse py-6 text-neutral-400">
            {format!("Loading {what}…")}
        </p>
    }
}
