//! What a page shows while its data is on the way (in-app navigation; the first page arrives
//! rendered on the server).

use leptos::prelude::*;

use crate::t;

/// `what` names what is on the way, in the page's language (`t!("mybookings-loading")`).
#[component]
pub fn Loading(#[prop(into)] what: String) -> impl IntoView {
    view! {
        <p role="status" aria-busy="true" class="animate-pulse py-6 text-neutral-400">
            {t!("common-loading", what = what)}
        </p>
    }
}
