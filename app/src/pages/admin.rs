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
    },
    format,
    session::use_session,
};

/// What a signed-out or non-admin visitor sees instead of an admin page.
pub fn admins_only(next: &str) -> impl IntoView + use<> {
    view! {
        <p class="rounded-xl border border-white/10 bg-ink-900 p-6 text-neutral-300" data-testid="admins-only">
            "This page is for admins. "
            <a href=format!("/login?next={next}") class="font-semibold text-amber-300 hover:underline">"Sign in as an admin"</a>
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
        <Title text="Catalog admin" />
        <Suspense fallback=|| view! { <Loading what="the catalog" /> }>
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
                    <h1 class="mb-6 text-3xl font-black tracking-tight">"Catalog admin"</h1>
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
                            <p role="alert" class="mt-8 text-rose-200">"The day's showtimes are unavailable right now."</p>
                        }.into_any(),
                    }}
                    <ReleaseSection releases />
                }.into_any()
            })}
        </Suspense>
    }
}

const CARD: &str = "rounded-2xl border border-white/10 bg-ink-900 p-6";

/// The audit of accessible seats released for general sale, by each cinema's rule.
#[component]
fn ReleaseSection(releases: Option<Vec<AccessibleReleaseView>>) -> impl IntoView {
    view! {
        <section class=format!("{CARD} mt-8") aria-labelledby="admin-releases" data-testid="accessible-releases">
            <h2 id="admin-releases" class="mb-2 text-xl font-bold">"Wheelchair and companion seats released"</h2>
            <p class="mb-4 text-sm text-neutral-400">
                "When each showtime's accessible seats went on general sale, by its cinema's rule (set in the cinema's page)."
            </p>
            {match releases {
                None => view! { <p role="alert" class="text-rose-200">"The release audit is unavailable right now."</p> }.into_any(),
                Some(releases) if releases.is_empty() => view! { <p class="text-neutral-400">"None released yet."</p> }.into_any(),
                Some(releases) => view! {
                    <ul class="flex flex-col gap-1 text-sm">
                        {releases.into_iter().map(|release| view! {
                            <li class="flex flex-wrap justify-between gap-2 border-b border-white/5 py-1">
                                <span>{release.showtime}</span>
                                <span class="text-neutral-400">
                                    {if release.rule == "rest_sold" { "every other seat sold" } else { "time before the show" }}
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
            <h2 id="admin-movies" class="mb-4 text-xl font-bold">"Movies"</h2>
            <ul class="mb-6 max-h-64 overflow-y-auto text-sm" data-testid="admin-movie-list">
                {movies.into_iter().map(|movie| view! {
                    <li class="flex items-center justify-between gap-3 border-b border-white/5 py-1.5">
                        <a href=format!("/movies/{}", movie.id) class="flex-1 hover:underline">{movie.title.clone()}</a>
                        <span class="text-neutral-400">{movie.status.replace('_', " ")}</span>
                        <a href=format!("/admin/movies/{}", movie.id) class="text-amber-300 hover:underline"
                            aria-label=format!("Edit {}", movie.title)>"Edit"</a>
                    </li>
                }).collect_view()}
            </ul>
            <form method="post" action="/admin/movies" class="flex flex-col gap-3" novalidate>
                <h3 class="font-semibold">"Add a movie"</h3>
                <Field name="title" label="Title" value=state.value("title") error=state.error("movie.title") />
                <Field name="slug" label="Slug (in URLs)" value=state.value("slug") error=state.error("movie.slug") hint="lower-case-words-like-this" />
                <div class="grid grid-cols-2 gap-3">
                    <Field name="duration_minutes" label="Minutes" kind="number" value=state.value("duration_minutes") error=state.error("movie.duration_minutes") />
                    <Field name="release_date" label="Release date" kind="date" value=state.value("release_date") error=state.error("movie.release_date") />
                </div>
                <div class="grid grid-cols-2 gap-3">
                    <Field name="language" label="Language" value=state.value("language") error=state.error("movie.language") />
                    <Field name="genres" label="Genres (comma separated)" value=state.value("genres") />
                </div>
                <Field name="director" label="Director" value=state.value("director") />
                <label class="flex flex-col gap-1 text-sm">
                    <span class="text-neutral-200">"Description"</span>
                    <textarea name="description" rows="3" class="rounded-lg border border-white/15 bg-ink-950 p-2 text-white">{state.value("description")}</textarea>
                </label>
                <label class="flex flex-col gap-1 text-sm">
                    <span class="text-neutral-200">"Status"</span>
                    <select name="status" class="rounded-lg border border-white/15 bg-ink-950 px-3 py-2 text-white">
                        <option value="coming_soon">"Coming soon"</option>
                        <option value="now_showing">"Now showing"</option>
                        <option value="archived">"Archived"</option>
                    </select>
                </label>
                <button type="submit" class=BUTTON>"Add movie"</button>
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
            <h2 id="admin-showtimes" class="mb-4 text-xl font-bold">"Schedule a showtime"</h2>
            <form method="post" action="/admin/showtimes" class="flex flex-col gap-3" novalidate>
                <label class="flex flex-col gap-1 text-sm">
                    <span class="text-neutral-200">"Movie"</span>
                    <select name="movie_id" class=select>
                        {movies.into_iter().filter(|movie| movie.status != "archived").map(|movie| view! {
                            <option value=movie.id>{movie.title}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="flex flex-col gap-1 text-sm">
                    <span class="text-neutral-200">"Hall"</span>
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
                    <Field name="date" label="Date" kind="date" value=state.value("date") error=state.error("showtime.starts_at") />
                    <Field name="time" label="Time (cinema's time)" kind="time" value=state.value("time") />
                </div>
                <div class="grid grid-cols-3 gap-3">
                    <label class="flex flex-col gap-1 text-sm">
                        <span class="text-neutral-200">"Format"</span>
                        <select name="format" class=select>
                            <option>"2D"</option><option>"3D"</option><option>"IMAX"</option>
                        </select>
                    </label>
                    <Field name="audio_language" label="Audio" value=state.value("audio_language") error=state.error("showtime.audio_language") />
                    <Field name="subtitle_language" label="Subtitles" value=state.value("subtitle_language") />
                </div>
                <div class="grid grid-cols-3 gap-3">
                    <Field name="price_standard" label="Standard price" kind="number" value=state.value("price_standard") error=state.error("showtime.prices") />
                    <Field name="price_vip" label="VIP price" kind="number" value=state.value("price_vip") />
                    <Field name="price_couple" label="Couple price" kind="number" value=state.value("price_couple") />
                </div>
                <button type="submit" class=BUTTON>"Schedule"</button>
            </form>
        </section>
    }
}

#[component]
fn CinemaSection(state: FormState) -> impl IntoView {
    view! {
        <section class=CARD aria-labelledby="admin-cinemas">
            <h2 id="admin-cinemas" class="mb-4 text-xl font-bold">"Add a cinema"</h2>
            <form method="post" action="/admin/cinemas" class="flex flex-col gap-3" novalidate>
                <Field name="cinema_name" label="Name" value=state.value("cinema_name") error=state.error("cinema.name") />
                <Field name="cinema_slug" label="Slug (in URLs)" value=state.value("cinema_slug") error=state.error("cinema.slug") />
                <Field name="address" label="Address" value=state.value("address") error=state.error("cinema.address") />
                <Field name="city" label="City" value=state.value("city") error=state.error("cinema.city") />
                <Field name="time_zone" label="Time zone" value=state.value("time_zone") error=state.error("cinema.time_zone") hint="e.g. Asia/Ho_Chi_Minh" />
                <button type="submit" class=BUTTON>"Add cinema"</button>
            </form>
        </section>
    }
}

#[component]
fn HallSection(cinemas: Vec<CinemaCard>, state: FormState) -> impl IntoView {
    let halls = cinemas.clone();
    view! {
        <section class=CARD aria-labelledby="admin-halls">
            <h2 id="admin-halls" class="mb-4 text-xl font-bold">"Halls"</h2>
            <ul class="mb-6 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2" data-testid="admin-hall-list">
                {halls.into_iter().flat_map(|cinema| {
                    let cinema_name = cinema.name;
                    let heading = view! {
                        <li class="flex justify-between gap-3 pt-3 font-semibold sm:col-span-2">
                            <span>{format!("{cinema_name}, {}", cinema.city)}</span>
                            <a href=format!("/admin/cinemas/{}", cinema.id) class="font-normal text-amber-300 hover:underline"
                                aria-label=format!("Edit {cinema_name}")>"Edit cinema"</a>
                        </li>
                    }.into_any();
                    std::iter::once(heading).chain(cinema.halls.into_iter().map(move |hall| view! {
                        <li class="flex justify-between gap-3 border-b border-white/5 py-1.5">
                            <span>{format!("{cinema_name} · {} ({} seats)", hall.name, hall.total_seats)}</span>
                            <a href=format!("/admin/halls/{}", hall.id) class="text-amber-300 hover:underline"
                                aria-label=format!("Edit {cinema_name} {}", hall.name)>"Edit layout"</a>
                        </li>
                    }.into_any()))
                }).collect_view()}
            </ul>
            <h3 class="mb-3 font-semibold">"Add a hall"</h3>
            <form method="post" action="/admin/halls" class="flex flex-col gap-4" novalidate>
                <div class="grid gap-3 sm:grid-cols-2">
                    <label class="flex flex-col gap-1 text-sm">
                        <span class="text-neutral-200">"Cinema"</span>
                        <select name="cinema_id" class="rounded-lg border border-white/15 bg-ink-950 px-3 py-2 text-white">
                            {cinemas.into_iter().map(|cinema| view! { <option value=cinema.id>{cinema.name}</option> }).collect_view()}
                        </select>
                    </label>
                    <Field name="name" label="Hall name" value=state.value("name") error=state.error("hall.name") />
                </div>
                {state.error("hall.layout").or_else(|| state.error("hall.blocked")).map(|error| view! {
                    <p class="text-sm text-rose-300" data-testid="error-layout">{error}</p>
                })}
                <LayoutEditor initial=state.value("layout") initial_blocked=state.value("blocked") />
                <button type="submit" class=BUTTON>"Add hall"</button>
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
                <h2 id="admin-day" class="text-xl font-bold">{format!("Showtimes on {}", format::date(&date))}</h2>
                <form method="get" action="/admin" class="flex items-end gap-2">
                    <label class="flex flex-col gap-1 text-sm">
                        <span class="text-neutral-200">"Day"</span>
                        <input type="date" name="date" value=date.clone() class="rounded-lg border border-white/15 bg-ink-950 px-3 py-2 text-white" />
                    </label>
                    <button type="submit" class=BUTTON>"Show"</button>
                </form>
            </div>
            {empty.then(|| view! { <p class="text-neutral-400">"Nothing is scheduled that day."</p> })}
            {cinemas.into_iter().map(|(cinema, cinema_id)| {
                let rows: Vec<_> = showtimes.iter().filter(|s| s.theater_id == cinema_id).cloned().collect();
                let started = started.clone();
                let date = date.clone();
                view! {
                    <h3 class="mt-4 mb-2 font-semibold">{cinema}</h3>
                    <ul class="text-sm" data-testid="admin-day-list">
                        {rows.into_iter().map(|showtime| {
                            let label = format!(
                                "{} at {} in {}, {}",
                                showtime.movie_title,
                                format::time(&showtime.show_time),
                                showtime.theater_name,
                                showtime.hall_name
                            );
                            let at = format::time(&showtime.show_time).to_string();
                            view! {
                                <li class="flex flex-wrap items-center gap-3 border-b border-white/5 py-2">
                                    <span class="w-14 font-mono">{at}</span>
                                    <a href=format!("/showtimes/{}", showtime.id) class="flex-1 hover:underline">
                                        {format!("{} · {} · {}", showtime.movie_title, showtime.hall_name, showtime.format)}
                                    </a>
                                    <span class="text-neutral-400">{format!("{} of {} free", showtime.available_seats, showtime.total_seats)}</span>
                                    <a href=format!("/admin/showtimes/{}", showtime.id) class="text-xs text-amber-300 hover:underline"
                                        aria-label=format!("Edit {label}")>"Edit"</a>
                                    {if started.contains(&showtime.id) {
                                        view! { <span class="text-xs text-neutral-500">"started"</span> }.into_any()
                                    } else { view! {
                                    <form method="post" action=format!("/admin/showtimes/{}/cancel", showtime.id) class="flex items-center gap-2">
                                        <input type="hidden" name="date" value=date.clone() />
                                        <input type="hidden" name="label" value=label.clone() />
                                        <label class="flex items-center gap-1 text-xs text-neutral-300">
                                            <input type="checkbox" name="confirm" required aria-label=format!("Confirm cancelling {label}") />
                                            "sure"
                                        </label>
                                        <button type="submit" class="rounded-md border border-rose-400/50 px-2 py-1 text-xs font-semibold text-rose-200 hover:bg-rose-500/10"
                                            aria-label=format!("Cancel {label}")>"Cancel"</button>
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
