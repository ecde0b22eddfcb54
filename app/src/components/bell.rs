//! The header's notification bell: the unread count, kept fresh while the page is open.

use leptos::prelude::*;

use crate::t;

#[cfg(feature = "hydrate")]
use crate::api::notices::unread_notices;

/// How often the count is asked for again.
#[cfg(feature = "hydrate")]
const REFRESH_MS: u64 = 5_000;

fn badge_class(count: i64) -> &'static str {
    if count > 0 {
        "absolute -right-0.5 -top-0.5 min-w-5 rounded-full bg-rose-500 px-1 text-center text-[11px] font-bold text-white"
    } else {
        "hidden"
    }
}

#[component]
pub fn NotificationBell() -> impl IntoView {
    // Asked for from the browser only: the page renders without waiting for it (and a
    // resource nested in the header's suspense can deadlock Leptos's server renderer).
    let unread = RwSignal::new(0i64);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let refresh = move || {
            leptos::task::spawn_local(async move {
                if let Ok(Some(count)) = unread_notices().await {
                    unread.set(count);
                }
            });
        };
        refresh();
        if let Ok(handle) =
            set_interval_with_handle(refresh, std::time::Duration::from_millis(REFRESH_MS))
        {
            on_cleanup(move || handle.clear());
        }
    });
    let count = move || unread.get();
    view! {
        <a
            href="/notifications"
            class="relative rounded px-3 py-2 text-neutral-300 hover:bg-white/5 hover:text-white"
            aria-label=move || t!("notices-bell", count = count())
            data-testid="notification-bell"
        >
            <svg aria-hidden="true" viewBox="0 0 24 24" class="h-5 w-5" fill="none" stroke="currentColor" stroke-width="2">
                <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" /><path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
            </svg>
            <span
                class=move || badge_class(count())
                data-testid="unread-count"
            >
                {count}
            </span>
        </a>
    }
}
