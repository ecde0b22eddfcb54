use leptos::prelude::*;
use leptos_router::components::A;

use super::bell::NotificationBell;
use crate::{
    i18n::{Language, language},
    session::use_session,
    t,
};

#[component]
pub fn Header() -> impl IntoView {
    // On a phone the links fold behind a menu button; from `sm` up they are always shown.
    let menu_open = RwSignal::new(false);
    // A new page closes it.
    let location = leptos_router::hooks::use_location();
    Effect::new(move |_| {
        location.pathname.track();
        menu_open.set(false);
    });
    view! {
        <a
            href="#main"
            class="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:rounded focus:bg-amber-400 focus:px-3 focus:py-2 focus:text-ink-950"
        >
            {t!("nav-skip")}
        </a>
        <header class="sticky top-0 z-40 border-b border-white/10 bg-ink-950/85 backdrop-blur print:hidden">
            <div class="mx-auto flex min-h-16 max-w-7xl flex-wrap items-center justify-between gap-x-4 gap-y-1 px-4 py-2 sm:px-6 lg:px-8">
                <A href="/" attr:class="flex items-center gap-2 text-xl font-black tracking-tight">
                    <img src="/favicon.svg" alt="" width="28" height="28" class="h-7 w-7" />
                    <span class="bg-gradient-to-r from-amber-300 to-rose-400 bg-clip-text text-transparent">
                        "Marquee"
                    </span>
                </A>
                <button
                    type="button"
                    class="rounded-lg border border-white/15 px-3 py-1.5 text-sm text-neutral-200 hover:bg-white/5 sm:hidden"
                    aria-controls="main-menu"
                    aria-expanded=move || menu_open.get().to_string()
                    on:click=move |_| menu_open.update(|open| *open = !*open)
                    data-testid="menu-button"
                >
                    {t!("nav-menu")}
                </button>
                <nav
                    id="main-menu"
                    aria-label=t!("nav-main")
                    class=move || if menu_open.get() {
                        "flex w-full flex-col items-stretch gap-1 pb-2 text-sm font-medium sm:w-auto sm:flex-row sm:flex-wrap sm:items-center sm:justify-end sm:gap-4 sm:pb-0"
                    } else {
                        "hidden text-sm font-medium sm:flex sm:flex-wrap sm:items-center sm:justify-end sm:gap-4"
                    }
                >
                    <A href="/" attr:class="rounded px-3 py-2 text-neutral-300 hover:bg-white/5 hover:text-white">
                        {t!("nav-movies")}
                    </A>
                    <A href="/cinemas" attr:class="rounded px-3 py-2 text-neutral-300 hover:bg-white/5 hover:text-white">
                        {t!("nav-cinemas")}
                    </A>
                    <A href="/search" attr:class="rounded px-3 py-2 text-neutral-300 hover:bg-white/5 hover:text-white">
                        {t!("nav-search")}
                    </A>
                    <AccountMenu />
                    <LanguageSwitch />
                </nav>
            </div>
        </header>
    }
}

/// Who is signed in, with sign-out; or the ways in.
#[component]
fn AccountMenu() -> impl IntoView {
    let session = use_session();
    let link = "rounded px-3 py-2 text-neutral-300 hover:bg-white/5 hover:text-white";
    // A transition: while the browser asks who an unnamed member is, the links stay shown.
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match session.await.ok().flatten() {
                    Some(user) => view! {
                        {crate::components::staff_gate::is_staff(&user).then(|| view! {
                            <a href="/box-office" class=link data-testid="nav-box-office">{t!("nav-box-office")}</a>
                            <a href="/check-in" rel="external" class=link data-testid="nav-check-in">{t!("nav-check-in")}</a>
                            <a href="/kiosk" class=link data-testid="nav-kiosk">{t!("nav-boards")}</a>
                        })}
                        <a href="/bookings" class=link>{t!("nav-my-bookings")}</a>
                        <NotificationBell />
                        <a href="/profile" class=link data-testid="account-name" title=t!("nav-profile")>
                            {if user.is_unnamed() {
                                t!("nav-profile")
                            } else {
                                user.display_name().to_owned()
                            }}
                        </a>
                        <form method="post" action="/logout">
                            <button type="submit" class="rounded-lg border border-white/15 px-3 py-1.5 text-neutral-200 hover:bg-white/5">
                                {t!("nav-sign-out")}
                            </button>
                        </form>
                    }.into_any(),
                    None => view! {
                        <a href="/login" class=link>{t!("nav-sign-in")}</a>
                        <a href="/register" class="rounded-lg bg-amber-400 px-3 py-1.5 font-semibold text-ink-950 hover:bg-amber-300">
                            {t!("nav-register")}
                        </a>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The languages, the page's marked: choosing one posts to the BFF, which remembers it (a
/// cookie, and the profile when signed in) and sends the browser back to the same page, now
/// rendered in that language. A plain form, so it works before and without the WASM bundle.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let back = move || {
        let search = location.search.get();
        let path = location.pathname.get();
        if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        }
    };
    let current = language();
    view! {
        <form method="post" action="/language" class="flex items-center gap-1 px-3 py-1 sm:px-0" data-testid="language-switch">
            <span class="sr-only">{t!("language-switch-label")}</span>
            <input type="hidden" name="back" prop:value=back value=back />
            {Language::all().map(|choice| {
                let chosen = choice == current;
                view! {
                    <button
                        type="submit"
                        name="lang"
                        value=choice.code()
                        lang=choice.code()
                        title=choice.own_name()
                        aria-label=choice.own_name()
                        aria-pressed=chosen.to_string()
                        class=if chosen {
                            "rounded px-2 py-1 text-xs font-bold uppercase text-amber-300 ring-1 ring-amber-300/60"
                        } else {
                            "rounded px-2 py-1 text-xs font-semibold uppercase text-neutral-400 hover:bg-white/5 hover:text-white"
                        }
                        data-testid=format!("language-{}", choice.code())
                    >
                        {choice.code()}
                    </button>
                }
            }).collect_view()}
        </form>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="border-t border-white/10 bg-ink-900/60 print:hidden">
            <div class="mx-auto flex max-w-7xl flex-col gap-2 px-4 py-6 text-sm text-neutral-400 sm:flex-row sm:items-center sm:justify-between sm:px-6 lg:px-8">
                <p>{t!("footer-tagline")}</p>
                <p>{t!("footer-built-with")}</p>
            </div>
        </footer>
    }
}
