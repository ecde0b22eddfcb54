//! The movie service's route table: public reads (cached by [`crate::cache`]) and admin-only
//! writes. Each resource's handlers are in its own module; catalog errors become HTTP answers
//! in one place, `From<CatalogError> for ApiError` in [`crate::error`].

use axum::middleware::from_fn_with_state;
use service_kit::openapi::ApiRouter;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{cache, cinemas, halls, movies, showtimes, state::AppState};

pub fn router(state: AppState) -> ApiRouter {
    let mut reads = OpenApiRouter::new()
        .routes(routes!(movies::handlers::list_movies))
        .routes(routes!(movies::handlers::get_movie))
        .routes(routes!(movies::handlers::list_genres))
        .routes(routes!(cinemas::handlers::list_cinemas))
        .routes(routes!(cinemas::handlers::get_cinema))
        .routes(routes!(cinemas::handlers::list_cinema_seats))
        .routes(routes!(halls::handlers::get_hall))
        .routes(routes!(showtimes::handlers::list_showtimes))
        .routes(routes!(showtimes::handlers::get_showtime))
        .routes(routes!(showtimes::handlers::get_seat_map))
        .routes(routes!(showtimes::handlers::get_seating))
        .routes(routes!(showtimes::handlers::get_availability));
    cache::describe(reads.get_openapi_mut());
    let reads = reads.layer(from_fn_with_state(state.cache.clone(), cache::cached_reads));
    let writes = OpenApiRouter::new()
        .routes(routes!(movies::handlers::create_movie))
        .routes(routes!(
            movies::handlers::update_movie,
            movies::handlers::delete_movie
        ))
        .routes(routes!(cinemas::handlers::create_cinema))
        .routes(routes!(
            cinemas::handlers::update_cinema,
            cinemas::handlers::delete_cinema
        ))
        .routes(routes!(halls::handlers::create_hall))
        .routes(routes!(
            halls::handlers::update_hall,
            halls::handlers::delete_hall
        ))
        .routes(routes!(showtimes::handlers::create_showtime))
        .routes(routes!(
            showtimes::handlers::update_showtime,
            showtimes::handlers::cancel_showtime
        ));
    reads
        .merge(writes)
        // The largest body is an admin's film or hall (a description, a seat layout).
        .layer(axum::extract::DefaultBodyLimit::max(64 * 1024))
        .with_state(state)
}
