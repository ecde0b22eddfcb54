//! The signed-in user's notifications, newest first.

use leptos::{prelude::*, task::spawn_local};
use leptos_meta::Title;

use crate::components::loading::Loading;
use crate::{
    api::notices::{mark_notices_read, my_notices},
    components::form::SignInSentence,
    format, t,
};

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| my_notices());
    let mark_all = move |_| {
        spawn_local(async move {
            let _ = mark_notices_read().await;
            data.refetch();
        });
    };
    view! {
        <Title text=t!("notices-title") />
        <div class="flex items-center justify-between gap-4">
            <h1 class="text-2xl font-black tracking-tight sm:text-3xl">{t!("notices-title")}</h1>
            <button type="button" class="rounded-lg border border-white/20 px-3 py-1.5 text-sm hover:bg-white/10" on:click=mark_all>
                {t!("notices-mark-all")}
            </button>
        </div>
        <Suspense fallback=|| view! { <Loading what=t!("notices-loading") /> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(None) => view! {
                        <p class="mt-6">
                            <SignInSentence
                                message="notices-sign-in"
                                href="/login?next=/notifications"
                                class="text-amber-300 underline"
                            />
                        </p>
                    }.into_any(),
                    Ok(Some(notices)) if notices.is_empty() => view! {
                        <p class="mt-6 text-neutral-300">{t!("notices-empty")}</p>
                    }.into_any(),
                    Ok(Some(notices)) => view! {
                        <ul class="mt-6 flex flex-col gap-3" data-testid="notification-list">
                            {notices.into_iter().map(|notice| {
                                let class = if notice.read {
                                    "rounded-xl border border-white/10 bg-ink-900 p-4"
                                } else {
                                    "rounded-xl border border-amber-400/40 bg-ink-900 p-4"
                                };
                                let link = notice.link.as_deref().and_then(|link| link.find("/bookings/").map(|at| link[at..].to_owned()));
                                view! {
                                    <li class=class data-read=notice.read.to_string()>
                                        <p class="font-semibold">{notice.subject}</p>
                                        <p class="text-sm text-neutral-300">{notice.message}</p>
                                        <p class="mt-1 text-xs text-neutral-500">
                                            {format::date(&notice.created_at)}
                                            {link.map(|href| view! { " · " <a class="text-amber-300 underline" href=href>{t!("notices-view-booking")}</a> })}
                                        </p>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(_) => view! { <p role="alert" class="mt-6 text-rose-200">{t!("notices-unavailable")}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}
