//! `GET /bookings/{id}/calendar.ics`: a confirmed booking as a calendar event.

use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use chrono::{DateTime, Utc};
use marquee_app::{
    api::{
        backend::Backend,
        session::{ACCESS_COOKIE, cookies},
    },
    i18n::{Language, of_request, tr},
};
use serde_json::Value;
use uuid::Uuid;

/// Escapes text for an iCalendar property value (RFC 5545, 3.3.11).
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

fn stamp(time: &DateTime<Utc>) -> String {
    time.format("%Y%m%dT%H%M%SZ").to_string()
}

/// The event, in CRLF lines as the format wants, its texts in `language`.
pub fn ics(
    booking: &Value,
    showtime: &Value,
    now: DateTime<Utc>,
    language: Language,
) -> Option<String> {
    let starts: DateTime<Utc> = showtime["starts_at"].as_str()?.parse().ok()?;
    let ends: DateTime<Utc> = showtime["ends_at"].as_str()?.parse().ok()?;
    let seats: Vec<&str> = booking["seats"]
        .as_array()?
        .iter()
        .filter_map(|seat| seat["label"].as_str())
        .collect();
    let lines = [
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Marquee//Tickets//EN".to_owned(),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}@marquee", booking["id"].as_str()?),
        format!("DTSTAMP:{}", stamp(&now)),
        format!("DTSTART:{}", stamp(&starts)),
        format!("DTEND:{}", stamp(&ends)),
        format!(
            "SUMMARY:{}",
            escape(&tr!(
                language,
                "calendar-summary",
                title = showtime["movie_title"].as_str()?,
                format = showtime["format"].as_str().unwrap_or("2D"),
            ))
        ),
        format!(
            "LOCATION:{}",
            escape(&tr!(
                language,
                "calendar-location",
                cinema = showtime["theater_name"].as_str()?,
                hall = showtime["hall_name"].as_str()?,
            ))
        ),
        format!(
            "DESCRIPTION:{}",
            escape(&tr!(
                language,
                "calendar-description",
                code = booking["booking_code"].as_str()?,
                seats = seats.join(", "),
                count = seats.len(),
            ))
        ),
        "END:VEVENT".to_owned(),
        "END:VCALENDAR".to_owned(),
    ];
    Some(lines.join("\r\n") + "\r\n")
}

pub async fn calendar(
    State(backend): State<Backend>,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
) -> Response {
    let language = of_request(&headers);
    let Some(token) = cookies::get(&headers, ACCESS_COOKIE) else {
        return (StatusCode::UNAUTHORIZED, tr!(language, "calendar-sign-in")).into_response();
    };
    let Ok(booking) = backend
        .booking_get::<Value>(&format!("/bookings/{id}"), &token)
        .await
    else {
        return (StatusCode::NOT_FOUND, tr!(language, "calendar-not-found")).into_response();
    };
    if booking["status"] != "confirmed" {
        return (
            StatusCode::CONFLICT,
            tr!(language, "calendar-not-confirmed"),
        )
            .into_response();
    }
    let showtime_id = booking["showtime_id"].as_str().unwrap_or_default();
    let Ok(showtime) = backend
        .movie_get::<Value>(&format!("/showtimes/{showtime_id}"))
        .await
    else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            tr!(language, "calendar-unavailable"),
        )
            .into_response();
    };
    match ics(&booking, &showtime, Utc::now(), language) {
        Some(body) => (
            [
                (
                    header::CONTENT_TYPE,
                    "text/calendar; charset=utf-8".to_owned(),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    format!(
                        "attachment; filename=\"marquee-{}.ics\"",
                        booking["booking_code"].as_str().unwrap_or("ticket")
                    ),
                ),
            ],
            body,
        )
            .into_response(),
        None => (
            StatusCode::BAD_GATEWAY,
            tr!(language, "calendar-incomplete"),
        )
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_booking_becomes_a_calendar_event() {
        let booking = json!({ "id": "b1", "booking_code": "ABCD2345", "seats": [{ "label": "F7" }, { "label": "F8" }] });
        let showtime = json!({
            "starts_at": "2026-11-26T12:30:00Z", "ends_at": "2026-11-26T14:39:00Z",
            "movie_title": "Paper Lanterns", "format": "IMAX",
            "theater_name": "Marquee Hoan Kiem", "hall_name": "Hall 1",
        });
        let now = "2026-11-25T10:00:00Z".parse().unwrap();
        let text = ics(&booking, &showtime, now, Language::english()).unwrap();
        assert!(text.contains("DTSTART:20261126T123000Z\r\n"));
        assert!(text.contains("SUMMARY:Paper Lanterns (IMAX)\r\n"));
        assert!(text.contains("LOCATION:Marquee Hoan Kiem\\, Hall 1\r\n"));
        assert!(text.contains("DESCRIPTION:Booking ABCD2345. Seats F7\\, F8.\r\n"));
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n") && text.ends_with("END:VCALENDAR\r\n"));
    }
}
