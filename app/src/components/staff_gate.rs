//! The staff pages' door: staff and admins see the page; a customer gets a 403 page that says
//! so, and someone signed out is asked to sign in (and brought back).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{api::session::SessionUser, session::use_session, t};

pub fn is_staff(user: &SessionUser) -> bool {
    matches!(user.role.as_str(), "staff" | "admin")
}

/// Shows `children` to staff and admins only. `page` is the path to come back to after signing
/// in.
#[component]
pub fn StaffOnly(page: &'static str, children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let children = StoredValue::new(children);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match session.await.ok().flatten() {
                    Some(user) if is_staff(&user) => children.read_value()().into_any(),
                    Some(_) => view! { <Forbidden /> }.into_any(),
                    None => view! {
                        <Title text=t!("nav-sign-in") />
                        <section class="mx-auto max-w-lg py-16 text-center" data-testid="staff-sign-in">
                            <h1 class="text-2xl font-bold">{t!("staff-sign-in-needed")}</h1>
                            <p class="mt-2 text-neutral-400">{t!("staff-for-staff")}</p>
                            <a href=format!("/login?next={page}") class="mt-6 inline-flex min-h-12 items-center rounded-lg bg-amber-400 px-6 font-semibold text-ink-950 hover:bg-amber-300">
                                {t!("nav-sign-in")}
                            </a>
                        </section>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A staff page opened by a customer: 403, said plainly.
#[component]
pub fn Forbidden() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::FORBIDDEN);
    }
    view! {
        <Title text=t!("staff-only") />
        <section class="mx-auto max-w-lg py-24 text-center" data-testid="forbidden">
            <p class="text-6xl font-black text-amber-400">"403"</p>
            <h1 class="mt-4 text-2xl font-bold">{t!("staff-only")}</h1>
            <p class="mt-2 text-neutral-400">{t!("staff-forbidden")}</p>
            <a href="/" class="mt-6 inline-flex min-h-12 items-center rounded-lg bg-amber-400 px-6 font-semibold text-ink-950 hover:bg-amber-300">
                {t!("staff-back-to-movies")}
            </a>
        </section>
    }
}
