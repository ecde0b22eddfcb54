//! The movie service's reads from the booking service: how many seats of showtimes are taken
//! (for listings' counts and the rule that a sold showtime keeps its place), and which seats of
//! one are held or booked (for its seat map). The booking service never calls back for these.

use api_types::seats::{Occupancy, SeatStatusResponse};
use service_kit::http_client::{CallError, ServiceClient};
use uuid::Uuid;

#[derive(Clone)]
pub struct Bookings {
    client: ServiceClient,
}

impl Bookings {
    pub fn new(client: ServiceClient) -> Self {
        Self { client }
    }

    /// Pauses the showtime's bookings while it is moved, as the admin moving it
    /// (`authorization`); the booking service answers 409 while any booking of it is on.
    pub async fn begin_change(&self, id: Uuid, authorization: &str) -> Result<(), CallError> {
        let path = format!("/showtimes/{id}/changes");
        self.client
            .send(axum::http::Method::POST, &path, Some(authorization))
            .await
    }

    /// The move is done (or failed): bookings resume. Best effort: the pause ends by itself.
    pub async fn end_change(&self, id: Uuid, authorization: &str) {
        let path = format!("/showtimes/{id}/changes");
        if let Err(error) = self
            .client
            .send(axum::http::Method::DELETE, &path, Some(authorization))
            .await
        {
            tracing::warn!(%error, showtime = %id, "bookings not resumed; they will in a minute");
        }
    }

    /// How many seats of each showtime are booked and held.
    pub async fn occupancy(&self, ids: &[Uuid]) -> Result<Vec<Occupancy>, CallError> {
        let ids: Vec<String> = ids.iter().map(Uuid::to_string).collect();
        self.client
            .get_json(&format!("/showtimes/occupancy?ids={}", ids.join(",")), None)
            .await
    }

    /// The showtime's held and booked seats, with the caller's `authorization` so its own holds
    /// are marked; `None` (logged) when the booking service cannot say.
    pub async fn seat_statuses(
        &self,
        showtime_id: Uuid,
        authorization: Option<&str>,
    ) -> Option<SeatStatusResponse> {
        let path = format!("/showtimes/{showtime_id}/seat-status");
        match self.client.get_json(&path, authorization).await {
            Ok(status) => Some(status),
            Err(error) => {
                tracing::warn!(%error, "seat statuses unavailable; showing the layout only");
                None
            }
        }
    }
}
