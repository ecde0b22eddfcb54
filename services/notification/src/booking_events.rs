//! Turning events into notices (and emails): a confirmation with the e-ticket, a
//! cancellation, an expiry, a refund. Each notice is written in the consumer's transaction,
//! so a redelivered event never makes a second one. A box-office sale belongs to the staff
//! member who sold it: its walk-in customer hears by email alone (the ticket, and what befalls
//! it), and the seller gets no notice and keeps their own address.

use marquee_i18n::{Language, NoticeParams, NoticeText, tr};
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
    /// The currency amounts are in (`CURRENCY`).
    pub currency: String,
    /// The language of notices about bookings that do not say theirs (`DEFAULT_LANGUAGE`).
    pub default_language: Language,
}

/// What a notice says, before it is put in a language: its kind and the values it names.
struct Notice {
    kind: &'static str,
    params: NoticeParams,
    /// Whether the email carries the e-ticket (its page and code).
    with_ticket: bool,
    link: Option<String>,
}

/// A notice in a language, ready to store and to send.
struct Written {
    kind: &'static str,
    params: NoticeParams,
    text: NoticeText,
    /// Extra lines for the email only (the e-ticket), as text and as HTML.
    email_extra: Option<(String, String)>,
    link: Option<String>,
    language: Language,
}

/// `"90000.00"` (or `90000`) -> 90000: amounts as events carry them, in whole units.
fn whole_units(amount: &Value) -> i64 {
    match amount {
        Value::Number(number) => number.as_i64().unwrap_or_default(),
        Value::String(text) => api_types::amounts::whole_units(text).unwrap_or_default(),
        _ => 0,
    }
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

const TOKEN_STYLE: &str = "font-family:monospace;font-size:11px;word-break:break-all";

/// The e-ticket's lines in an email (text and HTML): its page and its code.
fn ticket_lines(language: Language, page: Option<&str>, data: &Value) -> (String, String) {
    let token = data["ticket_token"].as_str().unwrap_or_default();
    let page = page.unwrap_or_default();
    (
        format!(
            "{}\n{}",
            tr!(language, "email-ticket-text", page = page),
            tr!(language, "email-ticket-code", token = token)
        ),
        format!(
            "<p><a href=\"{}\">{}</a> {}</p><p style=\"{TOKEN_STYLE}\">{}</p>",
            escape_html(page),
            escape_html(&tr!(language, "email-ticket-link")),
            escape_html(&tr!(language, "email-ticket-link-note")),
            escape_html(token)
        ),
    )
}

/// A walk-in's ticket code in an email: the booking's page is the seller's.
fn walk_in_lines(language: Language, token: &str) -> (String, String) {
    let intro = tr!(language, "email-walk-in-code");
    (
        tr!(language, "email-walk-in-code-text", token = token),
        format!(
            "<p>{}</p><p style=\"{TOKEN_STYLE}\">{}</p>",
            escape_html(&intro),
            escape_html(token)
        ),
    )
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
        let mut params = NoticeParams::new();
        let mut put = |name: &str, value: Value| {
            params.insert(name.into(), value);
        };
        put("code", data["booking_code"].as_str().unwrap_or("").into());
        let link = data["id"]
            .as_str()
            .map(|id| format!("{}/bookings/{id}", self.public_url));
        let (kind, with_ticket) = match event.event_type.as_str() {
            "booking.confirmed" => {
                put("seats", seat_labels(&data["seats"]).into());
                put("total", whole_units(&data["total_price"]).into());
                ("booking_confirmed", true)
            }
            "booking.seats_cancelled" => {
                put("released", seat_labels(&data["released_seats"]).into());
                put("refund", whole_units(&data["refund_amount"]).into());
                put("seats", seat_labels(&data["seats"]).into());
                ("booking_seats_cancelled", true)
            }
            "booking.cancelled" => {
                put("seats", seat_labels(&data["seats"]).into());
                put("by_cinema", (data["reason"] == "showtime_cancelled").into());
                put("paid", (data["payment_status"] == "paid").into());
                ("booking_cancelled", false)
            }
            "booking.expired" => {
                put("seats", seat_labels(&data["seats"]).into());
                ("booking_expired", false)
            }
            "payment.refunded" => {
                params.remove("code");
                let method = if data["payment_method"] == "cash" {
                    "cash"
                } else {
                    "card"
                };
                params.insert("refund".into(), whole_units(&data["refund_amount"]).into());
                params.insert("method".into(), method.into());
                return Some(Notice {
                    kind: "payment_refunded",
                    params,
                    with_ticket: false,
                    link: data["booking_id"]
                        .as_str()
                        .map(|id| format!("{}/bookings/{id}", self.public_url)),
                });
            }
            _ => return None,
        };
        Some(Notice {
            kind,
            params,
            with_ticket,
            link,
        })
    }

    /// The notice in `language`.
    fn write(&self, notice: Notice, language: Language, data: &Value) -> Option<Written> {
        let text = language.notice(notice.kind, &notice.params, &self.currency)?;
        let email_extra = notice
            .with_ticket
            .then(|| ticket_lines(language, notice.link.as_deref(), data));
        Some(Written {
            kind: notice.kind,
            params: notice.params,
            text,
            email_extra,
            link: notice.link,
            language,
        })
    }

    /// The language the event's booking was made in, else the person's latest, else the site's.
    fn language_of(&self, data: &Value, remembered: Option<&str>) -> Language {
        data["language"]
            .as_str()
            .or(remembered)
            .and_then(Language::from_code)
            .unwrap_or(self.default_language)
    }
}

impl EventHandler for Notices {
    type Done = ();

    async fn handle(&self, event: &Event, connection: &mut PgConnection) -> anyhow::Result<()> {
        let data = &event.data;
        let Some(user_id) = data["user_id"]
            .as_str()
            .and_then(|id| id.parse::<Uuid>().ok())
        else {
            return Ok(());
        };
        if data["sales_channel"] == "box_office" {
            let email = data["contact_email"].as_str();
            // Only what befalls a ticket they paid for: not a sale given up before payment.
            let about_the_ticket = match event.event_type.as_str() {
                "booking.created" | "booking.expired" => false,
                "booking.cancelled" => data["payment_status"] == "paid",
                _ => true,
            };
            let language = self.language_of(data, None);
            let written = self
                .notice(event)
                .and_then(|notice| self.write(notice, language, data));
            if let (Some(to), Some(mut written), true) = (email, written, about_the_ticket) {
                // The booking's page is the seller's: the walk-in's ticket is its code.
                written.link = None;
                written.email_extra = data["ticket_token"]
                    .as_str()
                    .map(|token| walk_in_lines(language, token));
                queue_email(connection, None, to, &written).await?;
            }
            return Ok(());
        }
        if let Some(email) = data["contact_email"].as_str() {
            sqlx::query(
                "INSERT INTO user_contacts (user_id, email, language) VALUES ($1, $2, $3)
                 ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email,
                     language = coalesce(EXCLUDED.language, user_contacts.language),
                     updated_at = now()",
            )
            .bind(user_id)
            .bind(email)
            .bind(data["language"].as_str())
            .execute(&mut *connection)
            .await?;
        }
        let Some(notice) = self.notice(event) else {
            return Ok(());
        };
        let contact: Option<(String, Option<String>)> =
            sqlx::query_as("SELECT email, language FROM user_contacts WHERE user_id = $1")
                .bind(user_id)
                .fetch_optional(&mut *connection)
                .await?;
        let remembered = contact
            .as_ref()
            .and_then(|(_, language)| language.as_deref());
        let language = self.language_of(data, remembered);
        let Some(written) = self.write(notice, language, data) else {
            return Ok(());
        };
        let notification_id: Uuid = sqlx::query_scalar(
            "INSERT INTO notifications (user_id, type, subject, message, link, params)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(user_id)
        .bind(written.kind)
        .bind(&written.text.subject)
        .bind(&written.text.message)
        .bind(&written.link)
        .bind(Value::Object(written.params.clone()))
        .fetch_one(&mut *connection)
        .await?;
        let Some((to, _)) = contact else {
            return Ok(());
        };
        queue_email(connection, Some(notification_id), &to, &written).await
    }
}

/// Writes the notice's email, for the mailer to send (and retry).
async fn queue_email(
    connection: &mut PgConnection,
    notification_id: Option<Uuid>,
    to: &str,
    written: &Written,
) -> anyhow::Result<()> {
    let (extra_text, extra_html) = written.email_extra.clone().unwrap_or_default();
    let signature = tr!(written.language, "email-signature");
    let text = format!("{}\n\n{extra_text}\n\n{signature}", written.text.message);
    let html = format!(
        "<div lang=\"{}\" style=\"font-family:sans-serif\"><h2>{}</h2><p>{}</p>{extra_html}<p style=\"color:#666\">{}</p></div>",
        written.language.code(),
        escape_html(&written.text.subject),
        escape_html(&written.text.message),
        escape_html(&signature)
    );
    sqlx::query(
        "INSERT INTO emails (notification_id, to_address, subject, text_body, html_body)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(notification_id)
    .bind(to)
    .bind(&written.text.subject)
    .bind(text)
    .bind(html)
    .execute(&mut *connection)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use marquee_i18n::Language;
    use serde_json::json;
    use service_kit::events::Event;

    use super::{Notices, Written, whole_units};

    fn written(event_type: &str, data: serde_json::Value, language: &str) -> Written {
        let notices = Notices {
            public_url: "http://cinema.test".into(),
            currency: "VND".into(),
            default_language: Language::english(),
        };
        let event = Event::new(event_type, data.clone(), None);
        let notice = notices.notice(&event).unwrap();
        notices
            .write(notice, Language::from_code(language).unwrap(), &data)
            .unwrap()
    }

    #[test]
    fn a_showtime_cancelled_by_the_cinema_says_so_and_promises_the_refund() {
        let data = json!({
            "id": "3f1c", "booking_code": "ABCD2345", "payment_status": "paid",
            "seats": [{ "label": "G3" }, { "label": "G4" }], "reason": "showtime_cancelled"
        });
        let notice = written("booking.cancelled", data, "en").text;
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
        let data = json!({
            "id": "3f1c", "booking_code": "ABCD2345", "refund_amount": "90000.00",
            "seats": [{ "label": "G3" }], "released_seats": [{ "label": "G4" }],
            "ticket_token": "MQT2.ABCD2345.3f1c.1.sig"
        });
        let notice = written("booking.seats_cancelled", data, "en");
        assert_eq!(notice.text.subject, "Your new ticket: booking ABCD2345");
        assert_eq!(
            notice.text.message,
            "Seats G4 of booking ABCD2345 are cancelled and 90,000 ₫ is being refunded. Your new e-ticket is for seats G3; the previous one no longer admits."
        );
        let (text, _) = notice.email_extra.unwrap();
        assert!(text.contains("MQT2.ABCD2345.3f1c.1.sig"), "{text}");
        assert!(text.contains("http://cinema.test/bookings/3f1c"), "{text}");
    }

    #[test]
    fn a_booking_made_in_vietnamese_is_confirmed_in_vietnamese_with_dong() {
        let data = json!({
            "id": "3f1c", "booking_code": "ABCD2345", "total_price": "180000.00",
            "seats": [{ "label": "G3" }, { "label": "G4" }], "ticket_token": "MQT2.x"
        });
        let notice = written("booking.confirmed", data, "vi");
        assert_eq!(notice.text.subject, "Vé của bạn: mã đặt vé ABCD2345");
        assert!(
            notice
                .text
                .message
                .contains("ghế G3, G4, đã thanh toán 180.000 ₫"),
            "{}",
            notice.text.message
        );
        let (text, html) = notice.email_extra.unwrap();
        assert!(text.starts_with("Vé điện tử của bạn"), "{text}");
        assert!(html.contains("Mở vé điện tử"), "{html}");
    }

    #[test]
    fn amounts_are_read_in_whole_units() {
        assert_eq!(whole_units(&json!("90000.00")), 90_000);
        assert_eq!(whole_units(&json!(1_250_000)), 1_250_000);
        assert_eq!(whole_units(&json!(null)), 0);
    }
}
