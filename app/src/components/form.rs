//! Form pieces shared by the account pages.

use leptos::prelude::*;

use crate::{api::session::FormState, t};

/// A labelled input with its error shown inline (and announced to screen readers).
#[component]
pub fn Field(
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "")] autocomplete: &'static str,
    #[prop(default = false)] required: bool,
    #[prop(optional, into)] value: String,
    #[prop(default = None)] error: Option<String>,
    #[prop(optional, into)] hint: Option<String>,
) -> impl IntoView {
    let id = format!("field-{name}");
    let error_testid = format!("error-{name}");
    let error_id = format!("{id}-error");
    let invalid = error.is_some();
    let border = if invalid {
        "border-rose-500 focus:ring-rose-400"
    } else {
        "border-white/15 focus:ring-amber-400"
    };
    view! {
        <div class="flex flex-col gap-1">
            <label for=id.clone() class="text-sm font-medium text-neutral-200">{label}</label>
            <input
                id=id
                name=name
                type=kind
                value=value
                autocomplete=autocomplete
                required=required
                aria-invalid=if invalid { "true" } else { "false" }
                aria-describedby=error.as_ref().map(|_| error_id.clone())
                class=format!(
                    "rounded-lg border bg-ink-950 px-3 py-2 text-white placeholder-neutral-500 focus:outline-none focus:ring-2 {border}"
                )
            />
            {hint
                .filter(|_| !invalid)
                .map(|hint| view! { <p class="text-xs text-neutral-500">{hint}</p> })}
            {error.map(|error| view! {
                <p id=error_id class="text-sm text-rose-300" data-testid=error_testid>{error}</p>
            })}
        </div>
    }
}

/// The form-wide message of the last submission, if any.
#[component]
pub fn FormMessage(state: FormState) -> impl IntoView {
    state.message.map(|message| {
        let (role, class) = if state.success {
            ("status", "border-emerald-500/40 bg-emerald-950/40 text-emerald-100")
        } else {
            ("alert", "border-rose-500/40 bg-rose-950/40 text-rose-100")
        };
        view! {
            <div role=role class=format!("rounded-lg border px-4 py-3 text-sm {class}") data-testid="form-message">
                {message}
            </div>
        }
    })
}

/// The card the account forms sit in.
#[component]
pub fn FormCard(#[prop(into)] title: String, children: Children) -> impl IntoView {
    view! {
        <section class="mx-auto w-full max-w-md rounded-2xl border border-white/10 bg-ink-900 p-6 shadow-xl shadow-black/40 sm:p-8">
            <h1 class="mb-6 text-2xl font-black tracking-tight">{title}</h1>
            {children()}
        </section>
    }
}

/// A sentence asking the person to sign in, its "sign in" a link to `href`. The sentence is one
/// message (`message`, a key) that places the link with `{ $sign_in }`, so each language puts it
/// where its grammar wants; the caller wraps it in its paragraph.
#[component]
pub fn SignInSentence(
    message: &'static str,
    #[prop(into)] href: String,
    class: &'static str,
) -> impl IntoView {
    // Stands for the link while the sentence is split around it; never shown.
    const LINK: &str = "\u{E000}";
    let (before, after) = crate::i18n::around(&t!(message, sign_in = LINK), LINK);
    view! {
        {before}
        <a class=class href=href>{t!("account-sign-in-link")}</a>
        {after}
    }
}

pub const BUTTON: &str = "w-full rounded-lg bg-amber-400 px-4 py-2.5 font-semibold text-ink-950 hover:bg-amber-300 focus:outline-none focus:ring-2 focus:ring-amber-200";
