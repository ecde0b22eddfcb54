//! Editing one film or one hall of the catalog. The forms post to the BFF (they work before
//! hydration); the movie service decides, and the page comes back with what it said.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::{
    api::{
        admin::{
            CinemaEdit, HallDetail, Movie, ShowtimeEdit, load_cinema_for_edit, load_hall_for_edit,
            load_movie_for_edit, load_showtime_for_edit,
        },
        session::{FormState, load_form_state},
    },
    components::{
        form::{BUTTON, Field, FormMessage},
        layout_editor::LayoutEditor,
        loading::Loading,
    },
    pages::{admin::admins_only, not_found::NotFound},
    session::use_session,
};

const CARD: &str = "rounded-2xl border border-white/10 bg-ink-900 p-6";
const INPUT: &str = "rounded-lg border border-white/15 bg-ink-950 px-3 py-2 text-white";
const DANGER: &str = "rounded-lg border border-rose-400/50 px-4 py-2 text-sm font-semibold text-rose-200 hover:bg-rose-500/10 focus:outline-none focus:ring-2 focus:ring-rose-400";

fn back_link() -> impl IntoView {
    view! { <a href="/admin" class="text-sm text-amber-300 hover:underline">"← Catalog admin"</a> }
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
/// loaded by `load`, drawn by `editor` with the state of the form's last submission.
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
        <Suspense fallback=move || view! { <Loading what=what /> }>
            {move || Suspend::new(async move {
                let is_admin = session.await.ok().flatten().is_some_and(|user| user.role == "admin");
                if !is_admin {
                    return admins_only(&format!("/admin/{kind}/{}", id())).into_any();
                }
                match thing.await {
                    Ok(Some(thing)) => editor(thing, state.await.unwrap_or_default()).into_any(),
                    Ok(None) => view! { <NotFound /> }.into_any(),
                    Err(_) => view! {
                        <p role="alert" class="text-rose-200">"The catalog is unavailable right now."</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn AdminMoviePage() -> impl IntoView {
    edit_page("movies", "the film", load_movie_for_edit, |movie, state| {
        view! { <MovieEditor movie state /> }
    })
}

#[component]
pub fn AdminHallPage() -> impl IntoView {
    edit_page("halls", "the hall", load_hall_for_edit, |hall, state| {
        view! { <HallEditor hall state /> }
    })
}

#[component]
pub fn AdminShowtimePage() -> impl IntoView {
    edit_page(
        "showtimes",
        "the showtime",
        load_showtime_for_edit,
        |showtime, state| view! { <ShowtimeEditor showtime state /> },
    )
}

#[component]
pub fn AdminCinemaPage() -> impl IntoView {
    edit_page(
        "cinemas",
        "the cinema",
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
        ("coming_soon", "Coming soon"),
        ("now_showing", "Now showing"),
        ("archived", "Archived (no longer offered)"),
    ];
    let error = |field: &str| state.error(&format!("movie.{field}"));
    view! {
        <Title text=format!("Edit {}", movie.title) />
        {back_link()}
        <h1 class="mt-2 mb-6 text-3xl font-black tracking-tight">{format!("Edit {}", movie.title)}</h1>
        <FormMessage state=state.clone() />
        <form method="post" action=format!("/admin/movies/{}", movie.id) class=format!("{CARD} mt-6 grid gap-4 md:grid-cols-2") novalidate>
            <Field name="title" label="Title" value=value("title", movie.title.clone()) error=error("title") />
            <Field name="slug" label="Slug (in URLs)" value=value("slug", movie.slug.clone()) error=error("slug") />
            <Field name="duration_minutes" label="Minutes" kind="number" value=value("duration_minutes", movie.duration_minutes.to_string()) error=error("duration_minutes") />
            <Field name="release_date" label="Release date" kind="date" value=value("release_date", movie.release_date.to_string()) error=error("release_date") />
            <Field name="language" label="Language" value=value("language", movie.language.clone()) error=error("language") />
            <Field name="genres" label="Genres (comma separated)" value=value("genres", movie.genres.join(", ")) error=error("genres") />
            <Field name="age_rating" label="Age rating" value=value("age_rating", movie.age_rating.clone()) error=error("age_rating") hint="P, K, T13, T16, T18" />
            <Field name="rating" label="Rating (0-10)" value=value("rating", movie.rating.map(|r| format!("{r:.1}")).unwrap_or_default()) error=error("rating") />
            <Field name="director" label="Director" value=value("director", movie.director.clone()) error=error("director") />
            <Field name="cast" label="Cast (comma separated)" value=value("cast", movie.cast.join(", ")) error=error("cast") />
            <Field name="poster_url" label="Poster" value=value("poster_url", movie.poster_url.clone().unwrap_or_default()) error=error("poster_url") hint="/posters/name.svg or an https URL" />
            <Field name="trailer_url" label="Trailer" value=value("trailer_url", movie.trailer_url.clone().unwrap_or_default()) error=error("trailer_url") />
            <label class="flex flex-col gap-1 text-sm md:col-span-2">
                <span class="text-neutral-200">"Description"</span>
                <textarea name="description" rows="4" class=INPUT>{value("description", movie.description.clone())}</textarea>
            </label>
            <label class="flex flex-col gap-1 text-sm">
                <span class="text-neutral-200">"Status"</span>
                <select name="status" class=INPUT>
                    {statuses.into_iter().map(|(key, label)| view! {
                        <option value=key selected=status == key>{label}</option>
                    }).collect_view()}
                </select>
            </label>
            <div class="flex items-end">
                <button type="submit" class=BUTTON>"Save the film"</button>
            </div>
        </form>
        <form method="post" action=format!("/admin/movies/{}/delete", movie.id) class=format!("{CARD} mt-6 flex flex-wrap items-center gap-4")>
            <p class="text-sm text-neutral-300">"A film that has been scheduled stays on record: archive it instead."</p>
            <label class="flex items-center gap-2 text-sm">
                <input type="checkbox" name="confirm" required />"I mean it"
            </label>
            <button type="submit" class=DANGER>"Delete the film"</button>
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
        <Title text=format!("Edit {heading}") />
        {back_link()}
        <h1 class="mt-2 mb-2 text-3xl font-black tracking-tight">{heading}</h1>
        <p class="mb-6 text-neutral-300">{format!("{} seats", hall.total_seats)}</p>
        <FormMessage state=state.clone() />
        {(hall.upcoming_showtimes > 0).then(|| view! {
            <p role="note" data-testid="hall-busy" class="mt-4 rounded-xl border border-amber-400/30 bg-amber-400/10 p-4 text-sm text-amber-100">
                {format!(
                    "{} showtime(s) are still to come in this hall: its layout cannot change until they are over or cancelled.",
                    hall.upcoming_showtimes
                )}
            </p>
        })}
        <form method="post" action=format!("/admin/halls/{}", hall.id) class=format!("{CARD} mt-6 flex flex-col gap-4") novalidate>
            <Field name="name" label="Hall name" value=name error=state.error("hall.name") />
            {layout_error.map(|error| view! {
                <p class="text-sm text-rose-300" data-testid="error-layout">{error}</p>
            })}
            <LayoutEditor initial=layout initial_blocked=blocked />
            <button type="submit" class=BUTTON>"Save the hall"</button>
        </form>
    }
}

#[component]
fn CinemaEditor(cinema: CinemaEdit, state: FormState) -> impl IntoView {
    let value = |field: &str, saved: String| shown(&state, field, saved);
    let error = |field: &str| state.error(&format!("cinema.{field}"));
    view! {
        <Title text=format!("Edit {}", cinema.name) />
        {back_link()}
        <h1 class="mt-2 mb-6 text-3xl font-black tracking-tight">{format!("Edit {}", cinema.name)}</h1>
        <FormMessage state=state.clone() />
        <form method="post" action=format!("/admin/cinemas/{}", cinema.id) class=format!("{CARD} mt-6 grid gap-4 md:grid-cols-2") novalidate>
            <Field name="cinema_name" label="Name" value=value("cinema_name", cinema.name.clone()) error=error("name") />
            <Field name="cinema_slug" label="Slug (in URLs)" value=value("cinema_slug", cinema.slug.clone()) error=error("slug") />
            <Field name="address" label="Address" value=value("address", cinema.address.clone()) error=error("address") />
            <Field name="city" label="City" value=value("city", cinema.city.clone()) error=error("city") />
            <Field name="time_zone" label="Time zone" value=value("time_zone", cinema.time_zone.clone()) error=error("time_zone") hint="e.g. Asia/Ho_Chi_Minh" />
            <Field name="counter_seats_per_showtime" label="Seats kept for the box office, per showtime" kind="number" value=value("counter_seats_per_showtime", cinema.counter_seats_per_showtime.to_string()) error=error("counter_seats_per_showtime") hint="The best seats of each hall, unless a showtime has its own" />
            <Field name="counter_release_minutes" label="On sale online this many minutes before the show" kind="number" value=value("counter_release_minutes", cinema.counter_release_minutes.to_string()) error=error("counter_release_minutes") />
            <div class="flex flex-col gap-1">
                <label for="field-accessible_release" class="text-sm font-medium text-neutral-200">"Wheelchair and companion seats go on general sale"</label>
                <select id="field-accessible_release" name="accessible_release" class="rounded-lg border border-white/15 bg-ink-950 px-3 py-2 text-white">
                    {[("timed", "A set time before the show (UK practice)"), ("rest_sold", "Only once every other seat is sold (US ADA rule)")].into_iter().map(|(rule, words)| {
                        let chosen = value("accessible_release", cinema.accessible_release.clone()) == rule;
                        view! { <option value=rule selected=chosen>{words}</option> }
                    }).collect_view()}
                </select>
                {error("accessible_release").map(|error| view! { <p class="text-sm text-rose-300">{error}</p> })}
            </div>
            <Field name="accessible_release_minutes" label="That many minutes before the show (timed)" kind="number" value=value("accessible_release_minutes", cinema.accessible_release_minutes.to_string()) error=error("accessible_release_minutes") />
            <div class="flex items-end">
                <button type="submit" class=BUTTON>"Save the cinema"</button>
            </div>
        </form>
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
        <Title text=format!("Edit {heading}") />
        {back_link()}
        <h1 class="mt-2 mb-2 text-3xl font-black tracking-tight">{heading}</h1>
        <p class="mb-6 text-neutral-300">
            {format!("{} of {} seats free · {}", showtime.available_seats, showtime.total_seats, showtime.status)}
        </p>
        <FormMessage state=state.clone() />
        <p class="mt-4 text-sm text-neutral-400">
            "Its time can change only while no seat is booked. Prices can change at any time; bookings keep what they paid."
        </p>
        <form method="post" action=format!("/admin/showtimes/{}", showtime.id) class=format!("{CARD} mt-6 grid gap-4 md:grid-cols-2") novalidate>
            <input type="hidden" name="movie_id" value=showtime.movie_id.clone() />
            <input type="hidden" name="hall_id" value=showtime.hall_id.clone() />
            <Field name="date" label="Date" kind="date" value=value("date", showtime.show_date.clone()) error=error("starts_at") />
            <Field name="time" label="Time (cinema's time)" kind="time" value=value("time", showtime.show_time.get(..5).unwrap_or_default().to_owned()) />
            <label class="flex flex-col gap-1 text-sm">
                <span class="text-neutral-200">"Format"</span>
                <select name="format" class=INPUT>
                    {["2D", "3D", "IMAX"].into_iter().map(|kind| view! {
                        <option selected=format == kind>{kind}</option>
                    }).collect_view()}
                </select>
            </label>
            <Field name="audio_language" label="Audio" value=value("audio_language", showtime.audio_language.clone()) error=error("audio_language") />
            <Field name="subtitle_language" label="Subtitles" value=value("subtitle_language", showtime.subtitle_language.clone().unwrap_or_default()) />
            <Field name="price_standard" label="Standard price" kind="number" value=value("price_standard", price("standard")) error=error("prices") />
            <Field name="price_vip" label="VIP price" kind="number" value=value("price_vip", price("vip")) />
            <Field name="price_couple" label="Couple price" kind="number" value=value("price_couple", price("couple")) />
            <Field name="counter_seats" label="Seats kept for the box office" value=value("counter_seats", showtime.counter_seats.join(", ")) error=error("counter_seats") hint="e.g. F7, F8; empty: the cinema's number" />
            <div class="flex items-end md:col-span-2">
                <button type="submit" class=BUTTON>"Save the showtime"</button>
            </div>
        </form>
    }
}
