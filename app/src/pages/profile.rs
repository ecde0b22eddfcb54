use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::session::{FormState, SessionUser, load_form_state},
    components::form::{BUTTON, Field, FormCard, FormMessage, SignInSentence},
    session::use_session,
    t,
};

#[component]
pub fn ProfilePage() -> impl IntoView {
    let session = use_session();
    let state = Resource::new(|| (), |_| load_form_state("profile".into()));
    view! {
        <Title text=t!("nav-profile") />
        <FormCard title=t!("nav-profile")>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let user = session.await.ok().flatten();
                    let state = state.await.unwrap_or_default();
                    match user {
                        Some(user) => view! { <ProfileForm user state /> }.into_any(),
                        None => view! {
                            <p class="text-neutral-300">
                                <SignInSentence
                                    message="account-profile-sign-in"
                                    href="/login?next=/profile"
                                    class="font-semibold text-amber-300 hover:underline"
                                />
                            </p>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </FormCard>
    }
}

/// The account's role, in words; an unknown role shows as the service wrote it.
fn role_name(role: &str) -> String {
    match role {
        "customer" => t!("account-role-customer"),
        "staff" => t!("account-role-staff"),
        "admin" => t!("account-role-admin"),
        other => other.to_owned(),
    }
}

#[component]
fn ProfileForm(user: SessionUser, state: FormState) -> impl IntoView {
    // After a failed save, show what was typed; otherwise what is stored.
    let value = |field: &str, stored: Option<String>| {
        state
            .values
            .get(field)
            .cloned()
            .unwrap_or_else(|| stored.unwrap_or_default())
    };
    let full_name = value("full_name", user.full_name.clone());
    let email = value("email", Some(user.email.clone()));
    let phone = value("phone_number", user.phone_number.clone());
    view! {
        <dl class="mb-6 grid grid-cols-2 gap-2 text-sm">
            <dt class="text-neutral-400">{t!("account-username")}</dt>
            <dd class="font-medium" data-testid="profile-username">{user.username.clone()}</dd>
            <dt class="text-neutral-400">{t!("account-role")}</dt>
            <dd class="font-medium">{role_name(&user.role)}</dd>
        </dl>
        <form method="post" action="/profile" class="flex flex-col gap-4" novalidate>
            <FormMessage state=state.clone() />
            <Field name="full_name" label=t!("account-full-name") autocomplete="name" value=full_name error=state.error("full_name") />
            <Field name="email" label=t!("account-email") kind="email" autocomplete="email" value=email error=state.error("email") />
            <Field name="phone_number" label=t!("account-phone") kind="tel" autocomplete="tel" value=phone error=state.error("phone_number") />
            <button type="submit" class=BUTTON>{t!("account-save")}</button>
        </form>
    }
}
