use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::session::{FormState, load_form_state},
    components::form::{BUTTON, Field, FormCard, FormMessage},
};

#[component]
pub fn RegisterPage() -> impl IntoView {
    let state = Resource::new(|| (), |_| load_form_state("register".into()));
    view! {
        <Title text="Create an account" />
        <FormCard title="Create your account">
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let state = state.await.unwrap_or_default();
                    view! { <RegisterForm state /> }
                })}
            </Suspense>
            <p class="mt-6 text-center text-sm text-neutral-400">
                "Already have an account? "
                <a href="/login" class="font-semibold text-amber-300 hover:underline">"Sign in"</a>
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
                label="Full name (optional)"
                autocomplete="name"
                value=state.value("full_name")
                error=state.error("full_name")
            />
            <Field
                name="email"
                label="Email"
                kind="email"
                autocomplete="email"
                required=true
                value=state.value("email")
                error=state.error("email")
            />
            <Field
                name="username"
                label="Username"
                autocomplete="username"
                required=true
                value=state.value("username")
                error=state.error("username")
                hint="3-50 letters, digits, '_', '.' or '-'"
            />
            <Field
                name="password"
                label="Password"
                kind="password"
                autocomplete="new-password"
                required=true
                error=state.error("password")
                hint="At least 8 characters"
            />
            <button type="submit" class=BUTTON>"Create account"</button>
        </form>
    }
}
