//! The door: a scanned ticket (or a typed booking code) let in or refused, for the cinema this
//! device is set to, and each showtime's count of seats let in out of seats sold.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum DoorVerdict {
    Admit {
        film: String,
        time: String,
        hall: String,
        seats: Vec<String>,
        count: usize,
        booking_code: String,
    },
    /// `reason` is the service's stable word (`already_admitted`, `forged`, ...).
    Refuse {
        reason: String,
        detail: String,
    },
    SignInNeeded,
}

/// One showtime at the door: seats let in out of seats sold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DoorCount {
    pub showtime_id: String,
    pub film: String,
    pub time: String,
    pub hall: String,
    pub admitted: i64,
    pub sold: i64,
}

/// Lets in the ticket a scan or a typed code names (a ticket's token, or else a booking code).
#[server]
pub async fn admit_at_door(code: String) -> Result<DoorVerdict, ServerFnError> {
    use api_types::tickets::{Admission, AdmitRequest};

    use super::{
        backend::{Backend, BackendError},
        booking::server::token,
        catalog::ShowtimeCard,
        staff,
    };

    let Some(token) = token() else {
        return Ok(DoorVerdict::SignInNeeded);
    };
    let backend = expect_context::<Backend>();
    let code = code.trim().to_owned();
    let cinema_id = staff::device_cinema().and_then(|id| id.parse().ok());
    let request = if api_types::tickets::is_token(&code) {
        AdmitRequest {
            token: Some(code),
            booking_code: None,
            cinema_id,
        }
    } else {
        AdmitRequest {
            token: None,
            booking_code: Some(code),
            cinema_id,
        }
    };
    match backend
        .booking_post::<Admission>("/tickets/admit", &token, &request)
        .await
    {
        Ok(admission) => {
            let path = format!("/showtimes/{}", admission.showtime_id);
            let showtime: Option<ShowtimeCard> = backend.movie_get(&path).await.ok();
            Ok(DoorVerdict::Admit {
                film: showtime
                    .as_ref()
                    .map(|s| s.movie_title.clone())
                    .unwrap_or_default(),
                time: showtime
                    .as_ref()
                    .map(|s| s.show_time.chars().take(5).collect())
                    .unwrap_or_default(),
                hall: showtime.map(|s| s.hall_name).unwrap_or_default(),
                count: admission.count,
                seats: admission.seats,
                booking_code: admission.booking_code,
            })
        }
        Err(BackendError::Rejected(rejection)) if rejection.status == 401 => {
            Ok(DoorVerdict::SignInNeeded)
        }
        Err(BackendError::Rejected(rejection)) => {
            let reason = rejection
                .reason
                .clone()
                .unwrap_or_else(|| match rejection.status {
                    403 => "staff_only".into(),
                    _ => "refused".into(),
                });
            let detail = refusal_detail(&reason, &rejection);
            Ok(DoorVerdict::Refuse { reason, detail })
        }
        Err(error) => {
            tracing::warn!(%error, "booking service call failed");
            Err(ServerFnError::new(crate::t!("door-unavailable")))
        }
    }
}

/// Why a ticket is refused, in the page's language: chosen by the refusal's stable `reason`,
/// with the values the service names (`time`, `cinema`, `status`). An English page shows the
/// service's own detail; a reason not known here is shown as the service said it.
#[cfg(feature = "ssr")]
fn refusal_detail(reason: &str, rejection: &super::backend::Rejection) -> String {
    use api_types::tickets::refusal;

    use crate::{i18n::Language, t};

    if crate::i18n::language() == Language::english() {
        return rejection.said();
    }
    let value = |name: &str| {
        rejection
            .params
            .get(name)
            .and_then(|value| value.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    match reason {
        refusal::FORGED => t!("door-refused-forged"),
        refusal::UNKNOWN => t!("door-refused-unknown-booking"),
        refusal::REPLACED => t!("door-refused-replaced"),
        refusal::ALREADY_ADMITTED => t!("door-refused-already-admitted", time = value("time")),
        refusal::TOO_EARLY => t!("door-refused-too-early", time = value("time")),
        refusal::TOO_LATE => t!("door-refused-too-late", time = value("time")),
        refusal::WRONG_CINEMA => t!("door-refused-wrong-cinema", cinema = value("cinema")),
        refusal::NOT_CONFIRMED if value("status") == "pending" => t!("door-refused-not-paid"),
        refusal::NOT_CONFIRMED if value("refunded") == "yes" => {
            t!("door-refused-refunded", status = value("status"))
        }
        refusal::NOT_CONFIRMED => t!("door-refused-status", status = value("status")),
        "staff_only" => t!("door-refused-staff-only"),
        _ => rejection.said(),
    }
}

/// The door's device: its cinema's showtimes that have not ended (and every cinema, to switch),
/// each with its count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Door {
    pub device: super::staff::Device,
    pub counts: Vec<DoorCount>,
}

#[server]
pub async fn load_door() -> Result<Door, ServerFnError> {
    use super::{backend::Backend, staff};

    let backend = expect_context::<Backend>();
    let device = staff::device(&backend, staff::Remaining::NotEnded).await?;
    let counts = match &device.programme {
        Some(programme) => counts_of(&backend, programme).await,
        None => Vec::new(),
    };
    Ok(Door { device, counts })
}

/// Today's showtimes at this device's cinema that have not ended, each with its door count
/// (none until the device has a cinema).
#[server]
pub async fn door_counts() -> Result<Vec<DoorCount>, ServerFnError> {
    use super::{backend::Backend, staff};

    let backend = expect_context::<Backend>();
    let Some(cinema) = staff::device_cinema() else {
        return Ok(Vec::new());
    };
    let Some(found) = staff::cinema(&backend, &cinema).await? else {
        return Ok(Vec::new());
    };
    let programme = staff::programme(&backend, found, staff::Remaining::NotEnded).await?;
    Ok(counts_of(&backend, &programme).await)
}

#[cfg(feature = "ssr")]
async fn counts_of(
    backend: &super::backend::Backend,
    programme: &super::staff::Programme,
) -> Vec<DoorCount> {
    use api_types::tickets::AdmissionCounts;

    let Some(token) = super::booking::server::token() else {
        return Vec::new();
    };
    let mut counts = Vec::new();
    for film in &programme.films {
        for showing in &film.showings {
            let path = format!("/showtimes/{}/admissions", super::uuid_only(&showing.id));
            let Ok(count) = backend.booking_get::<AdmissionCounts>(&path, &token).await else {
                continue;
            };
            counts.push(DoorCount {
                showtime_id: showing.id.clone(),
                film: film.title.clone(),
                time: showing.time.clone(),
                hall: showing.hall_name.clone(),
                admitted: count.admitted_seats,
                sold: count.sold_seats,
            });
        }
    }
    counts.sort_by(|a, b| a.time.cmp(&b.time));
    counts
}
