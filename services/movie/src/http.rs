//! The movie service's route table: public reads (cached by [`crate::cache`]) and admin-only
//! writes. Each resource's handlers are in its own module; catalog errors become HTTP answers
//! in one place, `From<CatalogError> for ApiError` in [`crate::error`].

use axum::{
    Router,
    middleware::from_fn_with_state,
    routing::{get, post},
};

use crate::{cache, cinemas, halls, movies, showtimes, state::AppState};

pub fn router(state: AppState) -> Router {
    let reads = Router::new()
        .route("/movies", get(movies::handlers::list_movies))
        .route("/movies/{id}", get(movies::handlers::get_movie))
        .route("/genres", get(movies::handlers::list_genres))
        .route("/theaters", get(cinemas::handlers::list_cinemas))
        .route("/theaters/{id}", get(cinemas::handlers::get_cinema))
        .route(
            "/seats/{theater_id}",
            get(cinemas::handlers::list_cinema_seats),
        )
        .route("/halls/{id}", get(halls::handlers::get_hall))
        .route("/showtimes", get(showtimes::handlers::list_showtimes))
        .route("/showtimes/{id}", get(showtimes::handlers::get_showtime))
        .route(
            "/showtimes/{id}/seats",
            get(showtimes::handlers::get_seat_map),
        )
        .route(
            "/showtimes/{id}/seating",
            get(showtimes::handlers::get_seating),
        )
        .route(
            "/showtimes/{id}/available-seats",
            get(showtimes::handlers::get_availability),
        )
        .layer(from_fn_with_state(state.cache.clone(), cache::cached_reads));
    let writes = Router::new()
        .route("/movies", post(movies::handlers::create_movie))
        .route(
            "/movies/{id}",
            axum::routing::put(movies::handlers::update_movie)
                .delete(movies::handlers::delete_movie),
        )
        .route("/theaters", post(cinemas::handlers::create_cinema))
        .route(
            "/theaters/{id}",
            axum::routing::put(cinemas::handlers::update_cinema)
                .delete(cinemas::handlers::delete_cinema),
        )
        .route("/theaters/{id}/halls", post(halls::handlers::create_hall))
        .route(
            "/halls/{id}",
            axum::routing::put(halls::handlers::update_hall).delete(halls::handlers::delete_hall),
        )
        .route("/showtimes", post(showtimes::handlers::create_showtime))
        .route(
            "/showtimes/{id}",
            axum::routing::put(showtimes::handlers::update_showtime)
                .delete(showtimes::handlers::cancel_showtime),
        );
    reads
        .merge(writes)
        // The largest body is an admin's film or hall (a description, a seat layout).
        .layer(axum::extract::DefaultBodyLimit::max(64 * 1024))
        .with_state(state)
}
