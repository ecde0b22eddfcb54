//! Editing one film or one hall of the catalog. The forms post to the BFF (they work before
//! hydration); the movie service decides, and the page comes back with what it said.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::{
    api::{
        admin::{
            CATALOG_LANGUAGE, CinemaEdit, HallDetail, Movie, MovieText, ShowtimeEdit,
            load_cinema_for_edit, load_hall_for_edit, load_movie_for_edit, load_showtime_for_edit,
        },
        session::{FormState, load_form_state},
    },
    components::{
        form::{BUTTON, Field, FormMessage},
        layout_editor::LayoutEditor,
        loading::Loading,
        movie_texts::MovieTextFields,
    },
    i18n::Language,
    pages::{admin::admins_only, not_found::NotFound},
    session::use_session,
    t,
};

const CARD: &str = "rounded-2xl border border-white/10 bg-ink-900 p-6";
const INPUT: &str = "rounded-lg border border-white/15 bg-ink-950 px-3 py-2 text-white";
const DANGER: &str = "rounded-lg border border-rose-400/50 px-4 py-2 text-sm font-semibold text-rose-200 hover:bg-rose-500/10 focus:outline-none focus:ring-2 focus:ring-rose-400";

fn back_link() -> impl IntoView {
    view! { <a href="/admin" class="text-sm text-amber-300 hover:underline">{t!("admin-back")}</a> }
}

/// What to show in a field: what was typed if the last try was refused, else what is saved.
fn shown(state: &FormState, field: &str, saved: String) -> String {
    if state.values.is_empty() {
        saved
    } else {
        state.value(field)
    }
}

/// An admin page editing one thing of the catalog, `/admin/<kind>/:id`: admins only, the thing
/// loaded by `load` (the message `what` naming it while it loads), drawn by `editor` with the
/// state of the form's last submission.
fn edit_page<T, Fut, View>(
    kind: &'static str,
    what: &'static str,
    load: fn(String) -> Fut,
    editor: fn(T, FormState) -> View,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    Fut: std::future::Future<Output = Result<Option<T>, ServerFnError>> + Send + 'static,
    View: IntoView + 'static,
{
    let session = use_session();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let thing = Resource::new(id, load);
    let state = Resource::new(|| (), |_| load_form_state("admin".into()));
    view! {
        <Suspense fallback=move || view! { <Loading what=t!(what) /> }>
            {move || Suspend::new(async move {
                let is_admin = session.await.ok().flatten().is_some_and(|user| user.role == "admin");
                if !is_admin {
                    return admins_only(&format!("/admin/{kind}/{}", id())).into_any();
                }
                match thing.await {
                    Ok(Some(thing)) => editor(thing, state.await.unwrap_or_default()).into_any(),
                    Ok(None) => view! { <NotFound /> }.into_any(),
                    Err(_) => view! {
                        <p role="alert" class="text-rose-200">{t!("admin-catalog-unavailable")}</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn AdminMoviePage() -> impl IntoView {
    edit_page(
        "movies",
        "admin-loading-film",
        load_movie_for_edit,
        |movie, state| {
            view! { <MovieEditor movie state /> }
        },
    )
}

#[component]
pub fn AdminHallPage() -> impl IntoView {
    edit_page(
        "halls",
        "admin-loading-hall",
        load_hall_for_edit,
        |hall, state| {
            view! { <HallEditor hall state /> }
        },
    )
}

#[component]
pub fn AdminShowtimePage() -> impl IntoView {
    edit_page(
        "showtimes",
        "admin-loading-showtime",
        load_showtime_for_edit,
        |showtime, state| view! { <ShowtimeEditor showtime state /> },
    )
}

#[component]
pub fn AdminCinemaPage() -> impl IntoView {
    edit_page(
        "cinemas",
        "admin-loading-cinema",
        load_cinema_for_edit,
        |cinema, state| {
            view! { <CinemaEditor cinema state /> }
        },
    )
}

#[component]
fn MovieEditor(movie: Movie, state: FormState) -> impl IntoView {
    let value = |field: &str, saved: String| shown(&state, field, saved);
    let status = value("status", movie.status.as_str().to_owned());
    let statuses = [
        ("coming_soon", "admin-status-coming-soon"),
        ("now_showing", "admin-status-now-showing"),
        ("archived", "admin-status-archived-long"),
    ];
    let error = |field: &str| state.error(&format!("movie.{field}"));
    // The catalog's own text is English; every other language has its own pair of fields.
    let english = movie
        .translations
        .get(CATALOG_LANGUAGE)
        .cloned()
        .unwrap_or_else(|| MovieText {
            title: movie.title.clone(),
            description: movie.description.clone(),
        });
    let english_name = Language::english().own_name();
    let other_languages: Vec<(Language, MovieText)> = Language::all()
        .filter(|language| *language != Language::english())
        .map(|language| {
            let text = movie
                .translations
                .get(language.code())
                .cloned()
                .unwrap_or_default();
            (language, text)
        })
        .collect();
    view! {
        <Title text=t!("admin-edit-named", name = movie.title.as_str()) />
        {back_link()}
        <h1 class="mt-2 mb-6 text-3xl font-black tracking-tight">
            {t!("admin-edit-named", name = movie.title.as_str())}
        </h1>
        <FormMessage state=state.clone() />
        <form method="post" action=format!("/admin/movies/{}", movie.id) class=format!("{CARD} mt-6 grid gap-4 md:grid-cols-2") novalidate>
            <Field name="title" label=t!("admin-field-title-in", language = english_name.clone()) value=value("title", english.title.clone()) error=error("title") />
            <Field name="slug" label=t!("admin-field-slug") value=value("slug", movie.slug.clone()) error=error("slug") />
            <Field name="duration_minutes" label=t!("admin-field-minutes") kind="number" value=value("duration_minutes", movie.duration_minutes.to_string()) error=error("duration_minutes") />
            <Field name="release_date" label=t!("admin-field-release-date") kind="date" value=value("release_date", movie.release_date.to_string()) error=error("release_date") />
            <Field name="language" label=t!("admin-field-language") value=value("language", movie.language.clone()) error=error("language") />
            <Field name="genres" label=t!("admin-field-genres") value=value("genres", movie.genres.join(", ")) error=error("genres") />
            <Field name="age_rating" label=t!("admin-field-age-rating") value=value("age_rating", movie.age_rating.clone()) error=error("age_rating") hint="P, K, T13, T16, T18" />
            <Field name="rating" label=t!("admin-field-rating") value=value("rating", movie.rating.map(|r| format!("{r:.1}")).unwrap_or_default()) error=error("rating") />
            <Field name="director" label=t!("admin-field-director") value=value("director", movie.director.clone()) error=error("director") />
            <Field name="cast" label=t!("admin-field-cast") value=value("cast", movie.cast.join(", ")) error=error("cast") />
            <Field name="poster_url" label=t!("admin-field-poster") value=value("poster_url", movie.poster_url.clone().unwrap_or_default()) error=error("poster_url") hint=t!("admin-poster-hint") />
            <Field name="trailer_url" label=t!("admin-field-trailer") value=value("trailer_url", movie.trailer_url.clone().unwrap_or_default()) error=error("trailer_url") />
            <label class="flex flex-col gap-1 text-sm md:col-span-2">
                <span class="text-neutral-200">{t!("admin-field-description-in", language = english_name)}</span>
                <textarea name="description" rows="4" class=INPUT>{value("description", english.description.clone())}</textarea>
            </label>
            {other_languages.into_iter().map(|(language, text)| {
                let title = value(&format!("title_{}", language.code()), text.title);
                let description = value(&format!("description_{}", language.code()), text.description);
                view! { <MovieTextFields language title description error=error("translations") /> }
            }).collect_view()}
            <label class="flex flex-col gap-1 text-sm">
                <span class="text-neutral-200">{t!("admin-field-status")}</span>
                <select name="status" class=INPUT>
                    {statuses.into_iter().map(|(key, label)| view! {
                        <option value=key selected=status == key>{t!(label)}</option>
                    }).collect_view()}
                </select>
            </label>
            <div class="flex items-end">
                <button type="submit" class=BUTTON>{t!("admin-save-film")}</button>
            </div>
        </form>
        <form method="post" action=format!("/admin/movies/{}/delete", movie.id) class=format!("{CARD} mt-6 flex flex-wrap items-center gap-4")>
            <p class="text-sm text-neutral-300">{t!("admin-delete-film-note")}</p>
            <label class="flex items-center gap-2 text-sm">
                <input type="checkbox" name="confirm" required />{t!("admin-delete-film-confirm")}
            </label>
            <button type="submit" class=DANGER>{t!("admin-delete-film")}</button>
        </form>
    }
}

#[component]
fn HallEditor(hall: HallDetail, state: FormState) -> impl IntoView {
    let heading = format!("{} · {}", hall.cinema_name, hall.name);
    let name = shown(&state, "name", hall.name.clone());
    let layout = shown(&state, "layout", hall.layout.join("\n"));
    let blocked = shown(&state, "blocked", hall.blocked.join(","));
    let layout_error = state
        .error("hall.layout")
        .or_else(|| state.error("hall.blocked"));
    view! {
        <Title text=t!("admin-edit-named", name = heading.as_str()) />
        {back_link()}
        <h1 class="mt-2 mb-2 text-3xl font-black tracking-tight">{heading}</h1>
        <p class="mb-6 text-neutral-300">{t!("seat-count", count = hall.total_seats)}</p>
        <FormMessage state=state.clone() />
        {(hall.upcoming_showtimes > 0).then(|| view! {
            <p role="note" data-testid="hall-busy" class="mt-4 rounded-xl border border-amber-400/30 bg-amber-400/10 p-4 text-sm text-amber-100">
                {t!("admin-hall-busy", count = hall.upcoming_showtimes)}
            </p>
        })}
        <form method="post" action=format!("/admin/halls/{}", hall.id) class=format!("{CARD} mt-6 flex flex-col gap-4") novalidate>
            <Field name="name" label=t!("admin-field-hall-name") value=name error=state.error("hall.name") />
            {layout_error.map(|error| view! {
                <p class="text-sm text-rose-300" data-testid="error-layout">{error}</p>
            })}
            <LayoutEditor initial=layout initial_blocked=blocked />
            <button type="submit" class=BUTTON>{t!("admin-save-hall")}</button>
        </form>
    }
}

#[component]
fn CinemaEditor(cinema: CinemaEdit, state: FormState) -> impl IntoView {
    let value = |field: &str, saved: String| shown(&state, field, saved);
    let error = |field: &str| state.error(&format!("cinema.{field}"));
    view! {
        <Title text=t!("admin-edit-named", name = cinema.name.as_str()) />
        {back_link()}
        <h1 class="mt-2 mb-6 text-3xl font-black tracking-tight">
            {t!("admin-edit-named", name = cinema.name.as_str())}
        </h1>
        <FormMessage state=state.clone() />
        <form method="post" action=format!("/admin/cinemas/{}", cinema.id) class=format!("{CARD} mt-6 grid gap-4 md:grid-cols-2") novalidate>
            <Field name="cinema_name" label=t!("admin-field-name") value=value("cinema_name", cinema.name.clone()) error=error("name") />
            <Field name="cinema_slug" label=t!("admin-field-slug") value=value("cinema_slug", cinema.slug.clone()) error=error("slug") />
            <Field name="address" label=t!("admin-field-address") value=value("address", cinema.address.clone()) error=error("address") />
            <Field name="city" label=t!("admin-field-city") value=value("city", cinema.city.clone()) error=error("city") />
            <Field name="time_zone" label=t!("admin-field-time-zone") value=value("time_zone", cinema.time_zone.clone()) error=error("time_zone") hint=t!("admin-time-zone-hint") />
            <Field name="counter_seats_per_showtime" label=t!("admin-field-counter-seats-per-showtime") kind="number" value=value("counter_seats_per_showtime", cinema.counter_seats_per_showtime.to_string()) error=error("counter_seats_per_showtime") hint=t!("admin-counter-seats-per-showtime-hint") />
            <Field name="counter_release_minutes" label=t!("admin-field-counter-release-minutes") kind="number" value=value("counter_release_minutes", cinema.counter_release_minutes.to_string()) error=error("counter_release_minutes") />
            <div class="flex flex-col gap-1">
                <label for="field-accessible_release" class="text-sm font-medium text-neutral-200">{t!("admin-field-accessible-release")}</label>
                <select id="field-accessible_release" name="accessible_release" class="rounded-lg border border-white/15 bg-ink-950 px-3 py-2 text-white">
                    {[("timed", "admin-accessible-release-timed"), ("rest_sold", "admin-accessible-release-rest-sold")].into_iter().map(|(rule, words)| {
                        let chosen = value("accessible_release", cinema.accessible_release.clone()) == rule;
                        view! { <option value=rule selected=chosen>{t!(words)}</option> }
                    }).collect_view()}
                </select>
                {error("accessible_release").map(|error| view! { <p class="text-sm text-rose-300">{error}</p> })}
            </div>
            <Field name="accessible_release_minutes" label=t!("admin-field-accessible-release-minutes") kind="number" value=value("accessible_release_minutes", cinema.accessible_release_minutes.to_string()) error=error("accessible_release_minutes") />
            <div class="flex items-end">
                <button type="submit" class=BUTTON>{t!("admin-save-cinema")}</button>
            </div>
        </form>
    }
}

/// A showtime's status as its page shows it.
fn showtime_status(status: &str) -> String {
    match status {
        "scheduled" => t!("admin-showtime-status-scheduled"),
        "cancelled" => t!("admin-showtime-status-cancelled"),
        other => other.to_owned(),
    }
}

#[component]
fn ShowtimeEditor(showtime: ShowtimeEdit, state: FormState) -> impl IntoView {
    let value = |field: &str, saved: String| shown(&state, field, saved);
    let error = |field: &str| state.error(&format!("showtime.{field}"));
    let price = |kind: &str| {
        showtime
            .prices
            .get(kind)
            .map(i64::to_string)
            .unwrap_or_default()
    };
    let heading = format!(
        "{} · {} · {}",
        showtime.movie_title, showtime.theater_name, showtime.hall_name
    );
    let format = value("format", showtime.format.clone());
    view! {
        <Title text=t!("admin-edit-named", name = heading.as_str()) />
        {back_link()}
        <h1 class="mt-2 mb-2 text-3xl font-black tracking-tight">{heading}</h1>
        <p class="mb-6 text-neutral-300">
            {t!(
                "admin-showtime-summary",
                available = showtime.available_seats,
                total = showtime.total_seats,
                status = showtime_status(&showtime.status),
            )}
        </p>
        <FormMessage state=state.clone() />
        <p class="mt-4 text-sm text-neutral-400">
            {t!("admin-showtime-note")}
        </p>
        <form method="post" action=format!("/admin/showtimes/{}", showtime.id) class=format!("{CARD} mt-6 grid gap-4 md:grid-cols-2") novalidate>
            <input type="hidden" name="movie_id" value=showtime.movie_id.clone() />
            <input type="hidden" name="hall_id" value=showtime.hall_id.clone() />
            <Field name="date" label=t!("admin-field-date") kind="date" value=value("date", showtime.show_date.clone()) error=error("starts_at") />
            <Field name="time" label=t!("admin-field-time") kind="time" value=value("time", showtime.show_time.get(..5).unwrap_or_default().to_owned()) />
            <label class="flex flex-col gap-1 text-sm">
                <span class="text-neutral-200">{t!("admin-field-format")}</span>
                <select name="format" class=INPUT>
                    {["2D", "3D", "IMAX"].into_iter().map(|kind| view! {
                        <option selected=format == kind>{kind}</option>
                    }).collect_view()}
                </select>
            </label>
            <Field name="audio_language" label=t!("admin-field-audio") value=value("audio_language", showtime.audio_language.clone()) error=error("audio_language") />
            <Field name="subtitle_language" label=t!("admin-field-subtitles") value=value("subtitle_language", showtime.subtitle_language.clone().unwrap_or_default()) />
            <Field name="price_standard" label=t!("admin-field-price-standard") kind="number" value=value("price_standard", price("standard")) error=error("prices") />
            <Field name="price_vip" label=t!("admin-field-price-vip") kind="number" value=value("price_vip", price("vip")) />
            <Field name="price_couple" label=t!("admin-field-price-couple") kind="number" value=value("price_couple", price("couple")) />
            <Field name="counter_seats" label=t!("admin-field-counter-seats") value=value("counter_seats", showtime.counter_seats.join(", ")) error=error("counter_seats") hint=t!("admin-counter-seats-hint") />
            <div class="flex items-end md:col-span-2">
                <button type="submit" class=BUTTON>{t!("admin-save-showtime")}</button>
            </div>
        </form>
    }
}
