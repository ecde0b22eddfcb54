//! Server functions: the browser calls these on the BFF, which fans out to the services.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A movie as the pages show it (a subset of the movie service's answer).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MovieCard {
    pub id: String,
    pub title: String,
    pub description: String,
    pub duration_minutes: i32,
    pub genres: Vec<String>,
    pub age_rating: String,
    pub rating: Option<f64>,
    pub release_date: String,
    pub poster_url: Option<String>,
    pub status: String,
}

/// The movies the home page lists: now showing and coming soon.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    pub now_showing: Vec<MovieCard>,
    pub coming_soon: Vec<MovieCard>,
}

#[server]
pub async fn load_catalog() -> Result<Catalog, ServerFnError> {
    use crate::api::backend::Backend;

    let backend = expect_context::<Backend>();
    let movies: Vec<MovieCard> = backend
        .movie_get("/movies?limit=100")
        .await
        .map_err(|error| {
            tracing::warn!(%error, "movie service call failed");
            ServerFnError::new("The movie catalog is unavailable right now.")
        })?;
    let (now_showing, rest): (Vec<_>, Vec<_>) = movies
        .into_iter()
        .partition(|movie| movie.status == "now_showing");
    Ok(Catalog {
        now_showing,
        coming_soon: rest
            .into_iter()
            .filter(|movie| movie.status == "coming_soon")
            .collect(),
    })
}

#[cfg(feature = "ssr")]
pub mod backend {
    //! The BFF's client for the services, given to server functions through context.

    use std::time::Duration;

    use leptos::prelude::use_context;
    use serde::de::DeserializeOwned;
    use service_kit::correlation::CorrelationId;

    /// The correlation id of the page request or server-function call being served. Leptos runs
    /// server functions and resources on tasks of their own, so it is read from the request
    /// that Leptos provides as context rather than from the serving task.
    fn correlation_id() -> Option<CorrelationId> {
        use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<CorrelationId>().cloned())
    }

    #[derive(Clone)]
    pub struct Backend {
        http: reqwest::Client,
        movie_url: String,
    }

    #[derive(Debug)]
    pub enum BackendError {
        Unreachable(reqwest::Error),
        Status(reqwest::StatusCode),
        Body(reqwest::Error),
    }

    impl std::fmt::Display for BackendError {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            match self {
                Self::Unreachable(error) => write!(f, "unreachable: {error}"),
                Self::Status(status) => write!(f, "answered {status}"),
                Self::Body(error) => write!(f, "unreadable answer: {error}"),
            }
        }
    }

    impl Backend {
        pub fn new(movie_url: String, timeout: Duration) -> Self {
            Self {
                http: service_kit::http_client::build(timeout),
                movie_url: movie_url.trim_end_matches('/').to_owned(),
            }
        }

        pub async fn movie_get<T: DeserializeOwned>(&self, path: &str) -> Result<T, BackendError> {
            let request = self.http.get(format!("{}{path}", self.movie_url));
            let response =
                service_kit::http_client::with_correlation(request, correlation_id().as_ref())
                    .send()
                    .await
                    .map_err(BackendError::Unreachable)?;
            if !response.status().is_success() {
                return Err(BackendError::Status(response.status()));
            }
            response.json().await.map_err(BackendError::Body)
        }
    }
}
