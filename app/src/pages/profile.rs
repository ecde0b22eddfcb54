use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::session::{FormState, SessionUser, load_form_state},
    components::form::{BUTTON, Field, FormCard, FormMessage},
    session::use_session,
};

#[component]
pub fn ProfilePage() -> impl IntoView {
    let session = use_session();
    let state = Resource::new(|| (), |_| load_form_state("profile".into()));
    view! {
        <Title text="Your profile" />
        <FormCard title="Your profile">
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let user = session.await.ok().flatten();
                    let state = state.await.unwrap_or_default();
                    match user {
                        Some(user) => view! { <ProfileForm user state /> }.into_any(),
                        None => view! {
                            <p class="text-neutral-300">
                                "Please "
                                <a href="/login?next=/profile" class="font-semibold text-amber-300 hover:underline">"sign in"</a>
                                " to see your profile."
                            </p>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </FormCard>
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
            <dt class="text-neutral-400">"Username"</dt>
            <dd class="font-medium" data-testid="profile-username">{user.username.clone()}</dd>
            <dt class="text-neutral-400">"Account"</dt>
            <dd class="font-medium capitalize">{user.role.clone()}</dd>
        </dl>
        <form method="post" action="/profile" class="flex flex-col gap-4" novalidate>
            <FormMessage state=state.clone() />
            <Field name="full_name" label="Full name" autocomplete="name" value=full_name error=state.error("full_name") />
            <Field name="email" label="Email" kind="email" autocomplete="email" value=email error=state.error("email") />
            <Field name="phone_number" label="Phone number" kind="tel" autocomplete="tel" value=phone error=state.error("phone_number") />
            <button type="submit" class=BUTTON>"Save"</button>
        </form>
    }
}
