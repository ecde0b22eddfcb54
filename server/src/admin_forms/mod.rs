//! The admin pages' forms, forwarded to the movie service with the admin's own token: the movie
//! service checks the role, the BFF only carries the request. Adding and editing are one
//! handler each for every kind of catalog entry ([`CatalogForm`]); deleting a film and
//! cancelling a showtime have their own.

mod catalog_forms;

use axum::{
    Form,
    extract::{Path, State},
    http::HeaderMap,
    response::Response,
};
use marquee_app::{
    api::{
        session::{ACCESS_COOKIE, FormState, cookies},
        uuid_only as id,
    },
    i18n::{Language, of_request, tr},
};
use reqwest::Method;
use serde::{Deserialize, de::DeserializeOwned};
use serde_json::Value;

pub use self::catalog_forms::{CinemaForm, HallForm, MovieForm, ShowtimeForm};
use crate::{
    forms::{back_to, failure},
    session::{Sessions, redirect},
};

const PAGE: &str = "/admin";

/// One change asked of the movie service, and where its outcome is shown.
struct Change {
    method: Method,
    path: String,
    body: Option<Value>,
    /// The form's name: its field errors are keyed `form.field`, since the admin page holds
    /// several forms with fields of the same names.
    form: &'static str,
    /// What was typed, to be shown again if the change is refused.
    typed: Vec<(String, String)>,
    success: String,
    /// The page the form is on, to go back to.
    page: String,
    /// Where to go once it is done, when not back to the form (a deleted film's page is gone).
    done_page: Option<String>,
}

/// Sends the change to the movie service and goes back to the page with the outcome.
async fn forward(sessions: &Sessions, headers: &HeaderMap, change: Change) -> Response {
    let Some(token) = cookies::get(headers, ACCESS_COOKIE) else {
        return redirect(&format!("/login?next={}", change.page));
    };
    let outcome = sessions
        .backend
        .movie_write(change.method, &change.path, &token, change.body.as_ref())
        .await;
    let state = match outcome {
        Ok(()) => {
            let state = FormState {
                message: Some(change.success),
                success: true,
                ..FormState::default()
            };
            let page = change.done_page.unwrap_or(change.page);
            return back_to(sessions, "admin", &page, state);
        }
        Err(error) => {
            let mut state = failure(of_request(headers), &error);
            if state.message.is_none() && !state.errors.is_empty() {
                state.message = Some(tr!(of_request(headers), "admin-fix-fields"));
            }
            state.errors = std::mem::take(&mut state.errors)
                .into_iter()
                .map(|(field, message)| (format!("{}.{field}", change.form), message))
                .collect();
            state.values = change.typed.into_iter().collect();
            state
        }
    };
    back_to(sessions, "admin", &change.page, state)
}

/// A form that adds or edits one kind of catalog entry.
pub trait CatalogForm: DeserializeOwned + Send {
    /// The form's name: its field errors are keyed `form.field`.
    const FORM: &str;
    /// Where an entry's edit page is: `/admin/{ADMIN_PAGES}/{id}`.
    const ADMIN_PAGES: &str;
    /// Where the entry is at the movie service: `/{SERVICE_PATH}/{id}`.
    const SERVICE_PATH: &str;

    /// The body the movie service takes.
    fn body(&self) -> Value;
    /// What was typed, to be shown again if the change is refused.
    fn typed(self) -> Vec<(String, String)>;
    /// What to say once an entry is added, and once one is saved, in the admin's language.
    fn added(&self, language: Language) -> String;
    fn saved(&self, language: Language) -> String;

    /// Where a new entry is posted at the movie service.
    fn create_path(&self) -> String {
        format!("/{}", Self::SERVICE_PATH)
    }

    /// What the BFF can tell is wrong before asking: the answer to send instead.
    fn refused(&self, _page: &str, _sessions: &Sessions, _language: Language) -> Option<Response> {
        None
    }
}

/// `POST /admin/{kind}`: adds an entry, from the admin page.
pub async fn create<F: CatalogForm>(
    State(sessions): State<Sessions>,
    headers: HeaderMap,
    Form(form): Form<F>,
) -> Response {
    let language = of_request(&headers);
    if let Some(refused) = form.refused(PAGE, &sessions, language) {
        return refused;
    }
    let change = Change {
        method: Method::POST,
        path: form.create_path(),
        body: Some(form.body()),
        form: F::FORM,
        success: form.added(language),
        typed: form.typed(),
        page: PAGE.into(),
        done_page: None,
    };
    forward(&sessions, &headers, change).await
}

/// `POST /admin/{kind}/{id}`: saves an entry, from its edit page.
pub async fn update<F: CatalogForm>(
    State(sessions): State<Sessions>,
    Path(entry_id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<F>,
) -> Response {
    let entry_id = id(&entry_id);
    let page = format!("/admin/{}/{entry_id}", F::ADMIN_PAGES);
    let language = of_request(&headers);
    if let Some(refused) = form.refused(&page, &sessions, language) {
        return refused;
    }
    let change = Change {
        method: Method::PUT,
        path: format!("/{}/{entry_id}", F::SERVICE_PATH),
        body: Some(form.body()),
        form: F::FORM,
        success: form.saved(language),
        typed: form.typed(),
        page,
        done_page: None,
    };
    forward(&sessions, &headers, change).await
}

/// Deleting is for films never scheduled; the movie service refuses the others (archive them).
pub async fn delete_movie(
    State(sessions): State<Sessions>,
    Path(movie_id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let movie_id = id(&movie_id);
    let change = Change {
        method: Method::DELETE,
        path: format!("/movies/{movie_id}"),
        body: None,
        form: "movie",
        success: tr!(of_request(&headers), "admin-movie-deleted"),
        typed: Vec::new(),
        page: format!("/admin/movies/{movie_id}"),
        done_page: Some(PAGE.into()),
    };
    forward(&sessions, &headers, change).await
}

#[derive(Debug, Deserialize)]
pub struct CancelShowtimeForm {
    /// The admin page's day, to go back to.
    #[serde(default)]
    date: String,
    #[serde(default)]
    label: String,
}

/// Cancels a showtime; its bookings are cancelled and refunded by the services' events.
pub async fn cancel_showtime(
    State(sessions): State<Sessions>,
    Path(showtime_id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<CancelShowtimeForm>,
) -> Response {
    let date: String = form
        .date
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '-')
        .collect();
    let change = Change {
        method: Method::DELETE,
        path: format!("/showtimes/{}", id(&showtime_id)),
        body: None,
        form: "cancel",
        success: tr!(
            of_request(&headers),
            "admin-showtime-cancelled",
            label = form.label.trim(),
        ),
        typed: Vec::new(),
        page: format!("{PAGE}?date={date}"),
        done_page: None,
    };
    forward(&sessions, &headers, change).await
}
