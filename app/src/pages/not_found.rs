use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Page not found" />
        <section class="mx-auto max-w-lg py-24 text-center">
            <p class="text-6xl font-black text-amber-400">"404"</p>
            <h1 class="mt-4 text-2xl font-bold">"This screening does not exist"</h1>
            <p class="mt-2 text-neutral-400">"The page you asked for is not on our program."</p>
            <a href="/" class="mt-6 inline-block rounded-lg bg-amber-400 px-4 py-2 font-semibold text-ink-950 hover:bg-amber-300">
                "Back to the movies"
            </a>
        </section>
    }
}
