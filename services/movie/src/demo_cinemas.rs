//! Demo cinemas, halls and a week of showtimes from today, for local runs and end-to-end tests.
//! Idempotent: cinemas and halls are keyed on their slug and name, and a showtime that would
//! overlap one already in its hall is skipped by the hall's no-overlap constraint.

use chrono::{Days, Utc};
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use crate::halls;

const LARGE: &[&str] = &[
    "WP.SSSSSSSS.PW",
    "SS.SSSSSSSS.SS",
    "SS.SSSSSSSS.SS",
    "SS.SSSSSSSS.SS",
    "SS.SSSSSSSS.SS",
    "VV.VVVVVVVV.VV",
    "VV.VVVVVVVV.VV",
    "CC.CCCCCCCC.CC",
];
const SMALL: &[&str] = &[
    "SSSS.SSSS",
    "SSSS.SSSS",
    "SSSS.SSSS",
    "VVVV.VVVV",
    "CC.CC.CC.",
    "WP.....PW",
];
/// A mid-sized hall with a centre aisle and the accessible places up front by the aisles.
const MEDIUM: &[&str] = &[
    "WP.SSSSSSS.PW",
    "SS.SSSSSSS.SS",
    "SS.SSSSSSS.SS",
    "SS.SSSSSSS.SS",
    "VV.VVVVVVV.VV",
    "VV.VVVVVVV.VV",
];
/// A premium screening room: recliners (VIP) and sofas for two.
const STUDIO: &[&str] = &["VVV.VVV", "VVV.VVV", "CC...CC", "CCCCCC.", "WP....."];
const IMAX: &[&str] = &[
    "SSSS.SSSSSSSS.SSSS",
    "SSSS.SSSSSSSS.SSSS",
    "SSSS.SSSSSSSS.SSSS",
    "SSSS.SSSSSSSS.SSSS",
    "SSSS.SSSSSSSS.SSSS",
    "VVVV.VVVVVVVV.VVVV",
    "VVVV.VVVVVVVV.VVVV",
    "VVVV.VVVVVVVV.VVVV",
    "CCCC.CCCCCCCC.CCCC",
    "WP...........PW...",
];

struct DemoHall {
    name: &'static str,
    layout: &'static [&'static str],
    format: &'static str,
    blocked: &'static [&'static str],
}

struct DemoCinema {
    slug: &'static str,
    name: &'static str,
    address: &'static str,
    city: &'static str,
    halls: &'static [DemoHall],
}

const CINEMAS: &[DemoCinema] = &[
    DemoCinema {
        slug: "marquee-saigon-centre",
        name: "Marquee Saigon Centre",
        address: "65 Le Loi, Ben Nghe, District 1",
        city: "Ho Chi Minh City",
        halls: &[
            DemoHall {
                name: "Hall 1",
                layout: LARGE,
                format: "2D",
                blocked: &["B5"],
            },
            DemoHall {
                name: "Hall 2",
                layout: SMALL,
                format: "3D",
                blocked: &[],
            },
            DemoHall {
                name: "IMAX",
                layout: IMAX,
                format: "IMAX",
                blocked: &["E9", "E10"],
            },
        ],
    },
    DemoCinema {
        slug: "marquee-thao-dien",
        name: "Marquee Thao Dien",
        address: "12 Quoc Huong, Thao Dien, Thu Duc",
        city: "Ho Chi Minh City",
        halls: &[
            DemoHall {
                name: "Hall 1",
                layout: SMALL,
                format: "2D",
                blocked: &[],
            },
            DemoHall {
                name: "Hall 2",
                layout: LARGE,
                format: "2D",
                blocked: &[],
            },
        ],
    },
    DemoCinema {
        slug: "marquee-hoan-kiem",
        name: "Marquee Hoan Kiem",
        address: "36 Hang Bai, Hoan Kiem",
        city: "Hanoi",
        halls: &[
            DemoHall {
                name: "Hall 1",
                layout: LARGE,
                format: "2D",
                blocked: &[],
            },
            DemoHall {
                name: "Hall 2",
                layout: SMALL,
                format: "2D",
                blocked: &["A1"],
            },
            DemoHall {
                name: "Hall 3",
                layout: MEDIUM,
                format: "3D",
                blocked: &["C6"],
            },
            DemoHall {
                name: "Hall 4",
                layout: STUDIO,
                format: "2D",
                blocked: &[],
            },
        ],
    },
];

const TIME_ZONE: &str = "Asia/Ho_Chi_Minh";
const FIRST_SHOW: i32 = 9 * 60 + 30;
const LAST_START: i32 = 22 * 60 + 30;
const DAYS: u64 = 7;

/// Prices in whole VND by format and seat type; evenings cost a little more.
fn prices(format: &str, minute_of_day: i32) -> serde_json::Value {
    let surcharge = match format {
        "3D" => 30_000,
        "IMAX" => 60_000,
        _ => 0,
    } + if minute_of_day >= 18 * 60 { 10_000 } else { 0 };
    let standard = 90_000 + surcharge;
    json!({
        "standard": standard,
        "vip": standard + 30_000,
        "couple": standard + 20_000,
        "wheelchair": standard,
        "companion": standard,
    })
}

pub async fn seed(pool: &PgPool) -> anyhow::Result<()> {
    let cleaning_minutes = crate::config::MovieConfig::from_env()?.cleaning_buffer_minutes;
    let movies: Vec<(Uuid, i32, String)> = sqlx::query_as(
        "SELECT id, duration_minutes, language FROM movies
         WHERE status = 'now_showing' ORDER BY release_date DESC, slug",
    )
    .fetch_all(pool)
    .await?;
    if movies.is_empty() {
        return Ok(());
    }
    // Today where the demo cinemas are (UTC+7 all year).
    let today = (Utc::now() + chrono::Duration::hours(7)).date_naive();
    let mut created = 0;
    let mut hall_number = 0usize;
    for cinema in CINEMAS {
        let cinema_id: Uuid = sqlx::query_scalar(
            "INSERT INTO cinemas (slug, name, address, city, time_zone) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (slug) DO UPDATE SET slug = excluded.slug RETURNING id",
        )
        .bind(cinema.slug)
        .bind(cinema.name)
        .bind(cinema.address)
        .bind(cinema.city)
        .bind(TIME_ZONE)
        .fetch_one(pool)
        .await?;
        for hall in cinema.halls {
            hall_number += 1;
            let existing: Option<Uuid> =
                sqlx::query_scalar("SELECT id FROM halls WHERE cinema_id = $1 AND name = $2")
                    .bind(cinema_id)
                    .bind(hall.name)
                    .fetch_optional(pool)
                    .await?;
            let hall_id = match existing {
                Some(id) => id,
                None => {
                    let rows: Vec<String> = hall.layout.iter().map(|row| (*row).into()).collect();
                    let blocked: Vec<String> =
                        hall.blocked.iter().map(|seat| (*seat).into()).collect();
                    halls::insert(pool, cinema_id, hall.name, &rows, &blocked)
                        .await
                        .map_err(|error| anyhow::anyhow!("demo hall {}: {error:?}", hall.name))?
                }
            };
            for day in 0..DAYS {
                let date = today + Days::new(day);
                let mut minute = FIRST_SHOW + (hall_number as i32 % 3) * 15;
                let mut pick = hall_number + day as usize;
                while minute <= LAST_START {
                    let (movie_id, duration, language) = &movies[pick % movies.len()];
                    pick += 1;
                    let subtitles = if language == "English" {
                        "Vietnamese"
                    } else {
                        "English"
                    };
                    let time = format!("{:02}:{:02}:00", minute / 60, minute % 60);
                    let result = sqlx::query(
                        "INSERT INTO showtimes (movie_id, hall_id, starts_at, ends_at, format,
                                                audio_language, subtitle_language, prices)
                         VALUES ($1, $2, ($3::date + $4::time) AT TIME ZONE $5,
                                 ($3::date + $4::time) AT TIME ZONE $5 + make_interval(mins => $6),
                                 $7, $8, $9, $10)
                         ON CONFLICT DO NOTHING",
                    )
                    .bind(movie_id)
                    .bind(hall_id)
                    .bind(date)
                    .bind(&time)
                    .bind(TIME_ZONE)
                    .bind(duration + cleaning_minutes)
                    .bind(hall.format)
                    .bind(language)
                    .bind(subtitles)
                    .bind(prices(hall.format, minute))
                    .execute(pool)
                    .await?;
                    created += result.rows_affected();
                    // The next show starts after this one and the cleaning, on a 5-minute mark.
                    minute += duration + cleaning_minutes;
                    minute = (minute + 4) / 5 * 5;
                }
            }
        }
    }
    tracing::info!(created, "demo cinemas, halls and showtimes loaded");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::CINEMAS;

    #[test]
    fn every_demo_hall_parses_and_no_cinema_repeats_a_layout() {
        for cinema in CINEMAS {
            for (index, hall) in cinema.halls.iter().enumerate() {
                let rows: Vec<String> = hall.layout.iter().map(|row| (*row).into()).collect();
                let seats = crate::layout::parse(&rows).unwrap_or_else(|problems| {
                    panic!("{} {}: {problems:?}", cinema.slug, hall.name)
                });
                for blocked in hall.blocked {
                    assert!(
                        seats.iter().any(
                            |seat| format!("{}{}", seat.seat_row, seat.seat_number) == *blocked
                        ),
                        "{} {}: no seat {blocked}",
                        cinema.slug,
                        hall.name
                    );
                }
                let repeated = cinema.halls[..index]
                    .iter()
                    .any(|other| other.layout == hall.layout);
                assert!(
                    !repeated,
                    "{} repeats a layout in {}",
                    cinema.slug, hall.name
                );
            }
        }
    }
}
