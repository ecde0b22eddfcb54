//! Turning events into notices (and emails): a confirmation with the e-ticket, a
//! cancellation, an expiry, a refund. Each notice is written in the consumer's transaction,
//! so a redelivered event never makes a second one. A box-office sale belongs to the staff
//! member who sold it: its walk-in customer hears by email alone (the ticket, and what befalls
//! it), and the seller gets no notice and keeps their own address.

use serde_json::Value;
use service_kit::events::{
    Event,
    consumer::{EventHandler, Subscription},
};
use sqlx::PgConnection;
use uuid::Uuid;

pub const SUBSCRIPTION: Subscription = Subscription {
    queue: "notification.events",
    bindings: &[
        "booking.created",
        "booking.confirmed",
        "booking.cancelled",
        "booking.seats_cancelled",
        "booking.expired",
        "payment.refunded",
    ],
};

pub struct Notices {
    /// The web app's address, for links in emails.
    pub public_url: String,
}

struct Notice {
    kind: &'static str,
    subject: String,
    message: String,
    /// Extra lines for the email only (the e-ticket).
    email_extra: Option<(String, String)>,
    link: Option<String>,
}

/// `90000.00` -> `90.000 ₫`.
pub fn money(amount: &str) -> String {
    let whole = amount.split('.').next().unwrap_or(amount);
    let digits: Vec<char> = whole.chars().collect();
    let mut grouped = String::new();
    for (index, digit) in digits.iter().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(*digit);
    }
    format!("{grouped} ₫")
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The e-ticket's lines in an email (text and HTML): its page and its code.
fn ticket_lines(page: Option<&str>, data: &Value) -> (String, String) {
    let token = data["ticket_token"].as_str().unwrap_or_default();
    let page = page.unwrap_or_default();
    (
        format!("Your e-ticket (QR code and calendar file): {page}\nTicket code: {token}"),
        format!(
            "<p><a href=\"{}\">Open your e-ticket</a> (QR code, print, add to calendar).</p><p style=\"font-family:monospace;font-size:11px;word-break:break-all\">{}</p>",
            escape_html(page),
            escape_html(token)
        ),
    )
}

/// The booking's seats, as `G3, G4`.
fn seats(data: &Value) -> String {
    seat_labels(&data["seats"])
}

fn seat_labels(seats: &Value) -> String {
    seats
        .as_array()
        .map(|seats| {
            seats
                .iter()
                .filter_map(|seat| seat["label"].as_str())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default()
}

impl Notices {
    fn notice(&self, event: &Event) -> Option<Notice> {
        let data = &event.data;
        let code = data["booking_code"].as_str().unwrap_or("");
        let link = data["id"]
            .as_str()
            .map(|id| format!("{}/bookings/{id}", self.public_url));
        Some(match event.event_type.as_str() {
            "booking.confirmed" => Notice {
                kind: "booking_confirmed",
                subject: format!("Your tickets: booking {code}"),
                message: format!(
                    "Booking {code} is confirmed: seats {}, {} paid. Show your e-ticket at the cinema.",
                    seats(data),
                    money(data["total_price"].as_str().unwrap_or("0"))
                ),
                email_extra: Some(ticket_lines(link.as_deref(), data)),
                link,
            },
            "booking.seats_cancelled" => Notice {
                kind: "booking_seats_cancelled",
                subject: format!("Your new ticket: booking {code}"),
                message: format!(
                    "Seats {} of booking {code} are cancelled and {} is being refunded. Your new e-ticket is for seats {}; the previous one no longer admits.",
                    seat_labels(&data["released_seats"]),
                    money(data["refund_amount"].as_str().unwrap_or("0")),
                    seats(data),
                ),
                email_extra: Some(ticket_lines(link.as_deref(), data)),
                link,
            },
            "booking.cancelled" if data["reason"] == "showtime_cancelled" => Notice {
                kind: "booking_cancelled",
                subject: format!("Your showtime is cancelled: booking {code}"),
                message: format!(
                    "We are sorry: the cinema has cancelled the showtime of booking {code} (seats {}).{}",
                    seats(data),
                    if data["payment_status"] == "paid" {
                        " Your payment is being refunded in full."
                    } else {
                        ""
                    }
                ),
                email_extra: None,
                link,
            },
            "booking.cancelled" => Notice {
                kind: "booking_cancelled",
                subject: format!("Booking {code} is cancelled"),
                message: format!(
                    "Booking {code} is cancelled and seats {} are released.{}",
                    seats(data),
                    if data["payment_status"] == "paid" {
                        " Your payment is being refunded."
                    } else {
                        ""
                    }
                ),
                email_extra: None,
                link,
            },
            "booking.expired" => Notice {
                kind: "booking_expired",
                subject: format!("Booking {code} has expired"),
                message: format!(
                    "Booking {code} was not paid in time, so seats {} went back on sale.",
                    seats(data)
                ),
                email_extra: None,
                link,
            },
            "payment.refunded" => Notice {
                kind: "payment_refunded",
                subject: "Your refund is on its way".to_owned(),
                message: format!(
                    "We refunded {} to your {}.",
                    money(data["refund_amount"].as_str().unwrap_or("0")),
                    if data["payment_method"] == "cash" {
                        "account at the box office"
                    } else {
                        "card"
                    }
                ),
                email_extra: None,
                link: data["booking_id"]
                    .as_str()
                    .map(|id| format!("{}/bookings/{id}", self.public_url)),
            },
            _ => return None,
        })
    }
}

impl EventHandler for Notices {
    async fn handle(&self, event: &Event, connection: &mut PgConnection) -> anyhow::Result<()> {
        let Some(user_id) = event.data["user_id"]
            .as_str()
            .and_then(|id| id.parse::<Uuid>().ok())
        else {
            return Ok(());
        };
        if event.data["sales_channel"] == "box_office" {
            let email = event.data["contact_email"].as_str();
            // Only what befalls a ticket they paid for: not a sale given up before payment.
            let about_the_ticket = match event.event_type.as_str() {
                "booking.created" | "booking.expired" => false,
                "booking.cancelled" => event.data["payment_status"] == "paid",
                _ => true,
            };
            if let (Some(to), Some(mut notice), true) =
                (email, self.notice(event), about_the_ticket)
            {
                // The booking's page is the seller's: the walk-in's ticket is its code.
                notice.link = None;
                if let Some(token) = event.data["ticket_token"].as_str() {
                    notice.email_extra = Some((
                        format!("Your ticket code (show it at the door): {token}"),
                        format!(
                            "<p>Your ticket code (show it at the door):</p><p style=\"font-family:monospace;font-size:11px;word-break:break-all\">{}</p>",
                            escape_html(token)
                        ),
                    ));
                }
                queue_email(connection, None, to, notice).await?;
            }
            return Ok(());
        }
        if let Some(email) = event.data["contact_email"].as_str() {
            sqlx::query(
                "INSERT INTO user_contacts (user_id, email) VALUES ($1, $2)
                 ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, updated_at = now()",
            )
            .bind(user_id)
            .bind(email)
            .execute(&mut *connection)
            .await?;
        }
        let Some(notice) = self.notice(event) else {
            return Ok(());
        };
        let notification_id: Uuid = sqlx::query_scalar(
            "INSERT INTO notifications (user_id, type, subject, message, link)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(user_id)
        .bind(notice.kind)
        .bind(&notice.subject)
        .bind(&notice.message)
        .bind(&notice.link)
        .fetch_one(&mut *connection)
        .await?;
        let to: Option<String> =
            sqlx::query_scalar("SELECT email FROM user_contacts WHERE user_id = $1")
                .bind(user_id)
                .fetch_optional(&mut *connection)
                .await?;
        let Some(to) = to else {
            return Ok(());
        };
        queue_email(connection, Some(notification_id), &to, notice).await
    }
}

/// Writes the notice's email, for the mailer to send (and retry).
async fn queue_email(
    connection: &mut PgConnection,
    notification_id: Option<Uuid>,
    to: &str,
    notice: Notice,
) -> anyhow::Result<()> {
    let (extra_text, extra_html) = notice.email_extra.unwrap_or_default();
    let text = format!("{}\n\n{extra_text}\n\nMarquee", notice.message);
    let html = format!(
        "<div style=\"font-family:sans-serif\"><h2>{}</h2><p>{}</p>{extra_html}<p style=\"color:#666\">Marquee</p></div>",
        escape_html(&notice.subject),
        escape_html(&notice.message)
    );
    sqlx::query(
        "INSERT INTO emails (notification_id, to_address, subject, text_body, html_body)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(notification_id)
    .bind(to)
    .bind(&notice.subject)
    .bind(text)
    .bind(html)
    .execute(&mut *connection)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use service_kit::events::Event;

    use super::{Notices, money};

    #[test]
    fn a_showtime_cancelled_by_the_cinema_says_so_and_promises_the_refund() {
        let notices = Notices {
            public_url: "http://cinema.test".into(),
        };
        let data = json!({
            "id": "3f1c", "booking_code": "ABCD2345", "payment_status": "paid",
            "seats": [{ "label": "G3" }, { "label": "G4" }], "reason": "showtime_cancelled"
        });
        let notice = notices
            .notice(&Event::new("booking.cancelled", data, None))
            .unwrap();
        assert!(
            notice.subject.contains("showtime is cancelled"),
            "{}",
            notice.subject
        );
        assert!(
            notice.message.contains("cinema has cancelled"),
            "{}",
            notice.message
        );
        assert!(notice.message.contains("G3, G4"));
        assert!(notice.message.contains("refunded in full"));
    }

    #[test]
    fn seats_given_back_bring_the_new_ticket_and_say_the_old_one_is_void() {
        let notices = Notices {
            public_url: "http://cinema.test".into(),
        };
        let data = json!({
            "id": "3f1c", "booking_code": "ABCD2345", "refund_amount": "90000.00",
            "seats": [{ "label": "G3" }], "released_seats": [{ "label": "G4" }],
            "ticket_token": "MQT2.ABCD2345.3f1c.1.sig"
        });
        let notice = notices
            .notice(&Event::new("booking.seats_cancelled", data, None))
            .unwrap();
        assert_eq!(notice.subject, "Your new ticket: booking ABCD2345");
        assert_eq!(
            notice.message,
            "Seats G4 of booking ABCD2345 are cancelled and 90.000 ₫ is being refunded. Your new e-ticket is for seats G3; the previous one no longer admits."
        );
        let (text, _) = notice.email_extra.unwrap();
        assert!(text.contains("MQT2.ABCD2345.3f1c.1.sig"), "{text}");
        assert!(text.contains("http://cinema.test/bookings/3f1c"), "{text}");
    }

    #[test]
    fn amounts_read_as_dong() {
        assert_eq!(money("90000.00"), "90.000 ₫");
        assert_eq!(money("1250000"), "1.250.000 ₫");
        assert_eq!(money("500"), "500 ₫");
    }
}
