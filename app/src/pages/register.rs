use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::session::{FormState, load_form_state},
    components::form::{BUTTON, Field, FormCard, FormMessage},
    t,
};

#[component]
pub fn RegisterPage() -> impl IntoView {
    let state = Resource::new(|| (), |_| load_form_state("register".into()));
    view! {
        <Title text=t!("account-create-account") />
        <FormCard title=t!("account-register-heading")>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let state = state.await.unwrap_or_default();
                    view! { <RegisterForm state /> }
                })}
            </Suspense>
            <p class="mt-6 text-center text-sm text-neutral-400">
                {t!("account-have-account")}
                " "
                <a href="/login" class="font-semibold text-amber-300 hover:underline">{t!("nav-sign-in")}</a>
            </p>
        </FormCard>
    }
}

#[component]
fn RegisterForm(state: FormState) -> impl IntoView {
    view! {
        <form method="post" action="/register" class="flex flex-col gap-4" novalidate>
            <FormMessage state=state.clone() />
            <Field
                name="full_name"
                label=t!("account-full-name-optional")
                autocomplete="name"
                value=state.value("full_name")
                error=state.error("full_name")
            />
            <Field
                name="email"
                label=t!("account-email")
                kind="email"
                autocomplete="email"
                required=true
                value=state.value("email")
                error=state.error("email")
            />
            <Field
                name="username"
                label=t!("account-username")
                autocomplete="username"
                required=true
                value=state.value("username")
                error=state.error("username")
                hint=t!("account-username-hint")
            />
            <Field
                name="password"
                label=t!("account-password")
                kind="password"
                autocomplete="new-password"
                required=true
                error=state.error("password")
                hint=t!("account-password-hint")
            />
            <button type="submit" class=BUTTON>{t!("account-create-button")}</button>
        </form>
    }
}
