//! The catalog's admin page: movies, halls (with the visual layout editor) and showtimes. Each
//! form posts to the BFF, which forwards it with the admin's token; the movie service decides.

use leptos::prelude::*;

use crate::components::loading::Loading;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{
    api::{
        MovieCard,
        admin::{
            AccessibleReleaseView, DayProgramme, load_accessible_releases, load_day_programme,
        },
        catalog::{CinemaCard, load_all_movies, load_cinemas},
        session::{FormState, load_form_state},
    },
    components::{
        form::{BUTTON, Field, FormMessage},
        layout_editor::LayoutEditor,
        movie_texts::MovieTextFields,
    },
    format,
    i18n::Language,
    session::use_session,
    t,
};

/// What a signed-out or non-admin visitor sees instead of an admin page.
pub fn admins_only(next: &str) -> impl IntoView + use<> {
    view! {
        <p class="rounded-xl border border-white/10 bg-ink-900 p-6 text-neutral-300" data-testid="admins-only">
            {t!("admin-only")}" "
            <a href=format!("/login?next={next}") class="font-semibold text-amber-300 hover:underline">
                {t!("admin-only-sign-in")}
            </a>
        </p>
    }
}

#[component]
pub fn AdminPage() -> impl IntoView {
    let session = use_session();
    let movies = Resource::new(|| (), |_| load_all_movies());
    let cinemas = Resource::new(|| (), |_| load_cinemas());
    let state = Resource::new(|| (), |_| load_form_state("admin".into()));
    let query = use_query_map();
    let day = Resource::new(
        move || query.read().get("date").unwrap_or_default(),
        load_day_programme,
    );
    let releases = Resource::new(|| (), |_| load_accessible_releases());
    view! {
        <Title text=t!("admin-title") />
        <Suspense fallback=|| view! { <Loading what=t!("admin-loading-catalog") /> }>
            {move || Suspend::new(async move {
                let is_admin = session.await.ok().flatten().is_some_and(|user| user.role == "admin");
                if !is_admin {
                    return admins_only("/admin").into_any();
                }
                let movies = movies.await.unwrap_or_default();
                let cinemas = cinemas.await.unwrap_or_default();
                let state = state.await.unwrap_or_default();
                let day = day.await.ok();
                let releases = releases.await.ok();
                view! {
                    <h1 class="mb-6 text-3xl font-black tracking-tight">{t!("admin-title")}</h1>
                    <FormMessage state=state.clone() />
                    <div class="mt-6 grid gap-8 lg:grid-cols-2">
                        <MovieSection movies=movies.clone() state=state.clone() />
                        <ShowtimeSection movies cinemas=cinemas.clone() state=state.clone() />
                    </div>
                    <div class="mt-8 grid gap-8 lg:grid-cols-[1fr_2fr]">
                        <CinemaSection state=state.clone() />
                        <HallSection cinemas state />
                    </div>
                    {match day {
                        Some(day) => view! { <DaySection day /> }.into_any(),
                        None => view! {
                            <p role="alert" class="mt-8 text-rose-200">{t!("admin-day-unavailable")}</p>
                        }.into_any(),
                    }}
                    <ReleaseSection releases />
                }.into_any()
            })}
        </Suspense>
    }
}

const CARD: &str = "rounded-2xl border border-white/10 bg-ink-900 p-6";

/// A film's status as the list of films shows it.
fn listed_status(status: &str) -> String {
    match status {
        "coming_soon" => t!("admin-list-status-coming-soon"),
        "now_showing" => t!("admin-list-status-now-showing"),
        "archived" => t!("admin-list-status-archived"),
        other => other.replace('_', " "),
    }
}

/// The audit of accessible seats released for general sale, by each cinema's rule.
#[component]
fn ReleaseSection(releases: Option<Vec<AccessibleReleaseView>>) -> impl IntoView {
    view! {
        <section class=format!("{CARD} mt-8") aria-labelledby="admin-releases" data-testid="accessible-releases">
            <h2 id="admin-releases" class="mb-2 text-xl font-bold">{t!("admin-releases-heading")}</h2>
            <p class="mb-4 text-sm text-neutral-400">
                {t!("admin-releases-intro")}
            </p>
            {match releases {
                None => view! { <p role="alert" class="text-rose-200">{t!("admin-releases-unavailable")}</p> }.into_any(),
                Some(releases) if releases.is_empty() => view! { <p class="text-neutral-400">{t!("admin-releases-none")}</p> }.into_any(),
                Some(releases) => view! {
                    <ul class="flex flex-col gap-1 text-sm">
                        {releases.into_iter().map(|release| view! {
                            <li class="flex flex-wrap justify-between gap-2 border-b border-white/5 py-1">
                                <span>{release.showtime}</span>
                                <span class="text-neutral-400">
                                    {if release.rule == "rest_sold" {
                                        t!("admin-release-rule-rest-sold")
                                    } else {
                                        t!("admin-release-rule-timed")
                                    }}
                                    {format!(" · {}", release.released_at.get(..16).unwrap_or_default().replace('T', " "))}
                                </span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn MovieSection(movies: Vec<MovieCard>, state: FormState) -> impl IntoView {
    view! {
        <section class=CARD aria-labelledby="admin-movies">
            <h2 id="admin-movies" class="mb-4 text-xl font-bold">{t!("admin-movies")}</h2>
            <ul class="mb-6 max-h-64 overflow-y-auto text-sm" data-testid="admin-movie-list">
                {movies.into_iter().map(|movie| view! {
                    <li class="flex items-center justify-between gap-3 border-b border-white/5 py-1.5">
                        <a href=format!("/movies/{}", movie.id) class="flex-1 hover:underline">{movie.title.clone()}</a>
                        <span class="text-neutral-400">{listed_status(&movie.status)}</span>
                        <a href=format!("/admin/movies/{}", movie.id) class="text-amber-300 hover:underline"
                            aria-label=t!("admin-edit-named", name = movie.title.as_str())>{t!("admin-edit")}</a>
                    </li>
                }).collect_view()}
            </ul>
            <form method="post" action="/admin/movies" class="flex flex-col gap-3" novalidate>
                <h3 class="font-semibold">{t!("admin-add-movie-heading")}</h3>
                <Field name="title" label=t!("admin-field-title-in", language = Language::english().own_name()) value=state.value("title") error=state.error("movie.title") />
                <Field name="slug" label=t!("admin-field-slug") value=state.value("slug") error=state.error("movie.slug") hint=t!("admin-slug-hint") />
                <div class="grid grid-cols-2 gap-3">
                    <Field name="duration_minutes" label=t!("admin-field-minutes") kind="number" value=state.value("duration_minutes") error=state.error("movie.duration_minutes") />
                    <Field name="release_date" label=t!("admin-field-release-date") kind="date" value=state.value("release_date") error=state.error("movie.release_date") />
                </div>
                <div class="grid grid-cols-2 gap-3">
                    <Field name="language" label=t!("admin-field-language") value=state.value("language") error=state.error("movie.language") />
                    <Field name="genres" label=t!("admin-field-genres") value=state.value("genres") />
                </div>
                <Field name="director" label=t!("admin-field-director") value=state.value("director") />
                <label class="flex flex-col gap-1 text-sm">
                    <span class="text-neutral-200">{t!("admin-field-description-in", language = Language::english().own_name())}</span>
                    <textarea name="description" rows="3" class="rounded-lg border border-white/15 bg-ink-950 p-2 text-white">{state.value("description")}</textarea>
                </label>
                {Language::all().filter(|language| *language != Language::english()).map(|language| {
                    let title = state.value(&format!("title_{}", language.code()));
                    let description = state.value(&format!("description_{}", language.code()));
                    view! { <MovieTextFields language title description error=state.error("movie.translations") /> }
                }).collect_view()}
                <label class="flex flex-col gap-1 text-sm">
                    <span class="text-neutral-200">{t!("admin-field-status")}</span>
                    <select name="status" class="rounded-lg border border-white/15 bg-ink-950 px-3 py-2 text-white">
                        <option value="coming_soon">{t!("admin-status-coming-soon")}</option>
                        <option value="now_showing">{t!("admin-status-now-showing")}</option>
                        <option value="archived">{t!("admin-status-archived")}</option>
                    </select>
                </label>
                <button type="submit" class=BUTTON>{t!("admin-add-movie")}</button>
            </form>
        </section>
    }
}

#[component]
fn ShowtimeSection(
    movies: Vec<MovieCard>,
    cinemas: Vec<CinemaCard>,
    state: FormState,
) -> impl IntoView {
    let select = "rounded-lg border border-white/15 bg-ink-950 px-3 py-2 text-white";
    view! {
        <section class=CARD aria-labelledby="admin-showtimes">
            <h2 id="admin-showtimes" class="mb-4 text-xl font-bold">{t!("admin-schedule-heading")}</h2>
            <form method="post" action="/admin/showtimes" class="flex flex-col gap-3" novalidate>
                <label class="flex flex-col gap-1 text-sm">
                    <span class="text-neutral-200">{t!("admin-field-movie")}</span>
                    <select name="movie_id" class=select>
                        {movies.into_iter().filter(|movie| movie.status != "archived").map(|movie| view! {
                            <option value=movie.id>{movie.title}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="flex flex-col gap-1 text-sm">
                    <span class="text-neutral-200">{t!("admin-field-hall")}</span>
                    <select name="hall_id" class=select>
                        {cinemas.into_iter().map(|cinema| {
                            let name = cinema.name.clone();
                            view! {
                                <optgroup label=name.clone()>
                                    {cinema.halls.into_iter().map(|hall| view! {
                                        <option value=hall.id>{format!("{} · {}", name, hall.name)}</option>
                                    }).collect_view()}
                                </optgroup>
                            }
                        }).collect_view()}
                    </select>
                </label>
                <div class="grid grid-cols-2 gap-3">
                    <Field name="date" label=t!("admin-field-date") kind="date" value=state.value("date") error=state.error("showtime.starts_at") />
                    <Field name="time" label=t!("admin-field-time") kind="time" value=state.value("time") />
                </div>
                <div class="grid grid-cols-3 gap-3">
                    <label class="flex flex-col gap-1 text-sm">
                        <span class="text-neutral-200">{t!("admin-field-format")}</span>
                        <select name="format" class=select>
                            <option>"2D"</option><option>"3D"</option><option>"IMAX"</option>
                        </select>
                    </label>
                    <Field name="audio_language" label=t!("admin-field-audio") value=state.value("audio_language") error=state.error("showtime.audio_language") />
                    <Field name="subtitle_language" label=t!("admin-field-subtitles") value=state.value("subtitle_language") />
                </div>
                <div class="grid grid-cols-3 gap-3">
                    <Field name="price_standard" label=t!("admin-field-price-standard") kind="number" value=state.value("price_standard") error=state.error("showtime.prices") />
                    <Field name="price_vip" label=t!("admin-field-price-vip") kind="number" value=state.value("price_vip") />
                    <Field name="price_couple" label=t!("admin-field-price-couple") kind="number" value=state.value("price_couple") />
                </div>
                <button type="submit" class=BUTTON>{t!("admin-schedule")}</button>
            </form>
        </section>
    }
}

#[component]
fn CinemaSection(state: FormState) -> impl IntoView {
    view! {
        <section class=CARD aria-labelledby="admin-cinemas">
            <h2 id="admin-cinemas" class="mb-4 text-xl font-bold">{t!("admin-add-cinema-heading")}</h2>
            <form method="post" action="/admin/cinemas" class="flex flex-col gap-3" novalidate>
                <Field name="cinema_name" label=t!("admin-field-name") value=state.value("cinema_name") error=state.error("cinema.name") />
                <Field name="cinema_slug" label=t!("admin-field-slug") value=state.value("cinema_slug") error=state.error("cinema.slug") />
                <Field name="address" label=t!("admin-field-address") value=state.value("address") error=state.error("cinema.address") />
                <Field name="city" label=t!("admin-field-city") value=state.value("city") error=state.error("cinema.city") />
                <Field name="time_zone" label=t!("admin-field-time-zone") value=state.value("time_zone") error=state.error("cinema.time_zone") hint=t!("admin-time-zone-hint") />
                <button type="submit" class=BUTTON>{t!("admin-add-cinema")}</button>
            </form>
        </section>
    }
}

#[component]
fn HallSection(cinemas: Vec<CinemaCard>, state: FormState) -> impl IntoView {
    let halls = cinemas.clone();
    view! {
        <section class=CARD aria-labelledby="admin-halls">
            <h2 id="admin-halls" class="mb-4 text-xl font-bold">{t!("admin-halls")}</h2>
            <ul class="mb-6 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2" data-testid="admin-hall-list">
                {halls.into_iter().flat_map(|cinema| {
                    let cinema_name = cinema.name;
                    let heading = view! {
                        <li class="flex justify-between gap-3 pt-3 font-semibold sm:col-span-2">
                            <span>{format!("{cinema_name}, {}", cinema.city)}</span>
                            <a href=format!("/admin/cinemas/{}", cinema.id) class="font-normal text-amber-300 hover:underline"
                                aria-label=t!("admin-edit-named", name = cinema_name.as_str())>{t!("admin-edit-cinema")}</a>
                        </li>
                    }.into_any();
                    std::iter::once(heading).chain(cinema.halls.into_iter().map(move |hall| view! {
                        <li class="flex justify-between gap-3 border-b border-white/5 py-1.5">
                            <span>
                                {t!("admin-hall-line", cinema = cinema_name.as_str(), hall = hall.name.as_str(), count = hall.total_seats)}
                            </span>
                            <a href=format!("/admin/halls/{}", hall.id) class="text-amber-300 hover:underline"
                                aria-label=t!("admin-edit-hall-named", cinema = cinema_name.as_str(), hall = hall.name.as_str())>
                                {t!("admin-edit-layout")}
                            </a>
                        </li>
                    }.into_any()))
                }).collect_view()}
            </ul>
            <h3 class="mb-3 font-semibold">{t!("admin-add-hall-heading")}</h3>
            <form method="post" action="/admin/halls" class="flex flex-col gap-4" novalidate>
                <div class="grid gap-3 sm:grid-cols-2">
                    <label class="flex flex-col gap-1 text-sm">
                        <span class="text-neutral-200">{t!("admin-field-cinema")}</span>
                        <select name="cinema_id" class="rounded-lg border border-white/15 bg-ink-950 px-3 py-2 text-white">
                            {cinemas.into_iter().map(|cinema| view! { <option value=cinema.id>{cinema.name}</option> }).collect_view()}
                        </select>
                    </label>
                    <Field name="name" label=t!("admin-field-hall-name") value=state.value("name") error=state.error("hall.name") />
                </div>
                {state.error("hall.layout").or_else(|| state.error("hall.blocked")).map(|error| view! {
                    <p class="text-sm text-rose-300" data-testid="error-layout">{error}</p>
                })}
                <LayoutEditor initial=state.value("layout") initial_blocked=state.value("blocked") />
                <button type="submit" class=BUTTON>{t!("admin-add-hall")}</button>
            </form>
        </section>
    }
}

/// A day's showtimes, by cinema, each with its seats sold and a way to cancel it.
#[component]
fn DaySection(day: DayProgramme) -> impl IntoView {
    let DayProgramme {
        date,
        showtimes,
        started,
    } = day;
    let mut cinemas: Vec<(String, String)> = showtimes
        .iter()
        .map(|s| (s.theater_name.clone(), s.theater_id.clone()))
        .collect();
    cinemas.sort();
    cinemas.dedup();
    let empty = showtimes.is_empty();
    view! {
        <section class=format!("{CARD} mt-8") aria-labelledby="admin-day" id="day">
            <div class="mb-4 flex flex-wrap items-end justify-between gap-4">
                <h2 id="admin-day" class="text-xl font-bold">{t!("admin-day-heading", date = format::date(&date))}</h2>
                <form method="get" action="/admin" class="flex items-end gap-2">
                    <label class="flex flex-col gap-1 text-sm">
                        <span class="text-neutral-200">{t!("admin-field-day")}</span>
                        <input type="date" name="date" value=date.clone() class="rounded-lg border border-white/15 bg-ink-950 px-3 py-2 text-white" />
                    </label>
                    <button type="submit" class=BUTTON>{t!("admin-show-day")}</button>
                </form>
            </div>
            {empty.then(|| view! { <p class="text-neutral-400">{t!("admin-day-empty")}</p> })}
            {cinemas.into_iter().map(|(cinema, cinema_id)| {
                let rows: Vec<_> = showtimes.iter().filter(|s| s.theater_id == cinema_id).cloned().collect();
                let started = started.clone();
                let date = date.clone();
                view! {
                    <h3 class="mt-4 mb-2 font-semibold">{cinema}</h3>
                    <ul class="text-sm" data-testid="admin-day-list">
                        {rows.into_iter().map(|showtime| {
                            let label = t!(
                                "admin-showtime-label",
                                movie = showtime.movie_title.as_str(),
                                time = format::time(&showtime.show_time),
                                cinema = showtime.theater_name.as_str(),
                                hall = showtime.hall_name.as_str(),
                            );
                            let at = format::time(&showtime.show_time).to_string();
                            view! {
                                <li class="flex flex-wrap items-center gap-3 border-b border-white/5 py-2">
                                    <span class="w-14 font-mono">{at}</span>
                                    <a href=format!("/showtimes/{}", showtime.id) class="flex-1 hover:underline">
                                        {format!("{} · {} · {}", showtime.movie_title, showtime.hall_name, showtime.format)}
                                    </a>
                                    <span class="text-neutral-400">
                                        {t!("admin-seats-free", available = showtime.available_seats, total = showtime.total_seats)}
                                    </span>
                                    <a href=format!("/admin/showtimes/{}", showtime.id) class="text-xs text-amber-300 hover:underline"
                                        aria-label=t!("admin-edit-named", name = label.as_str())>{t!("admin-edit")}</a>
                                    {if started.contains(&showtime.id) {
                                        view! { <span class="text-xs text-neutral-500">{t!("admin-started")}</span> }.into_any()
                                    } else { view! {
                                    <form method="post" action=format!("/admin/showtimes/{}/cancel", showtime.id) class="flex items-center gap-2">
                                        <input type="hidden" name="date" value=date.clone() />
                                        <input type="hidden" name="label" value=label.clone() />
                                        <label class="flex items-center gap-1 text-xs text-neutral-300">
                                            <input type="checkbox" name="confirm" required aria-label=t!("admin-confirm-cancel-named", name = label.as_str()) />
                                            {t!("admin-sure")}
                                        </label>
                                        <button type="submit" class="rounded-md border border-rose-400/50 px-2 py-1 text-xs font-semibold text-rose-200 hover:bg-rose-500/10"
                                            aria-label=t!("admin-cancel-named", name = label.as_str())>{t!("admin-cancel")}</button>
                                    </form>
                                    }.into_any() }}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
            }).collect_view()}
        </section>
    }
}
