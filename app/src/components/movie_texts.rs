//! The admin forms' fields for a film's text in the languages other than English.

use leptos::prelude::*;

use crate::{components::form::Field, i18n::Language, t};

/// A film's title and description in one language other than English, as `title_<code>` and
/// `description_<code>` (the BFF sends them as the film's `translations`).
#[component]
pub fn MovieTextFields(
    language: Language,
    title: String,
    description: String,
    error: Option<String>,
) -> impl IntoView {
    view! {
        <Field
            name=format!("title_{}", language.code())
            label=t!("admin-field-title-in", language = language.own_name())
            value=title
            error=error
            hint=t!("admin-translation-hint")
        />
        <label class="flex flex-col gap-1 text-sm md:col-span-2">
            <span class="text-neutral-200">{t!("admin-field-description-in", language = language.own_name())}</span>
            <textarea name=format!("description_{}", language.code()) lang=language.code() rows="3" class="rounded-lg border border-white/15 bg-ink-950 px-3 py-2 text-white">{description}</textarea>
        </label>
    }
}
