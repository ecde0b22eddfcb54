use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{
    api::session::{FormState, load_form_state},
    components::form::{BUTTON, Field, FormCard, FormMessage},
    t,
};

#[component]
pub fn LoginPage() -> impl IntoView {
    let state = Resource::new(|| (), |_| load_form_state("login".into()));
    let next = move || use_query_map().read().get("next").unwrap_or_default();
    view! {
        <Title text=t!("nav-sign-in") />
        <FormCard title=t!("nav-sign-in")>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let state = state.await.unwrap_or_default();
                    view! { <LoginForm state next=next() /> }
                })}
            </Suspense>
            <p class="mt-6 text-center text-sm text-neutral-400">
                {t!("account-new-here")}
                " "
                <a href="/register" class="font-semibold text-amber-300 hover:underline">{t!("account-create-account")}</a>
            </p>
        </FormCard>
    }
}

#[component]
fn LoginForm(state: FormState, next: String) -> impl IntoView {
    view! {
        <form method="post" action="/login" class="flex flex-col gap-4" novalidate>
            <FormMessage state=state.clone() />
            <input type="hidden" name="next" value=next />
            <Field
                name="username"
                label=t!("account-username-or-email")
                autocomplete="username"
                required=true
                value=state.value("username")
                error=state.error("username")
            />
            <Field
                name="password"
                label=t!("account-password")
                kind="password"
                autocomplete="current-password"
                required=true
                error=state.error("password")
            />
            <button type="submit" class=BUTTON>{t!("nav-sign-in")}</button>
        </form>
    }
}
