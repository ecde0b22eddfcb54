//! What the booking service does when payments happen: `payment.completed` confirms the
//! booking (the seats become permanently booked, the holds are cleared); a full
//! `payment.refunded` cancels it and frees the seats (or, when the booking was cancelled
//! first, marks its money as returned). A payment for a booking that is no
//! longer pending (it expired or was cancelled meanwhile) is answered with
//! `booking.payment_rejected`, so the payment service gives the money back.

use serde_json::json;
use service_kit::events::{
    Event,
    consumer::{EventHandler, Permanent, Subscription},
    outbox,
};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::{bookings, holds::Holds, tickets};

pub const SUBSCRIPTION: Subscription = Subscription {
    queue: "booking.payment-events",
    bindings: &["payment.completed", "payment.refunded"],
};

pub struct PaymentEvents {
    pub pool: PgPool,
    pub holds: Holds,
    pub tickets: tickets::TicketSigner,
}

fn booking_id(event: &Event) -> anyhow::Result<Uuid> {
    event.data["booking_id"]
        .as_str()
        .and_then(|id| id.parse().ok())
        .ok_or_else(|| Permanent(format!("{} names no booking", event.event_type)).into())
}

async fn confirm(
    connection: &mut PgConnection,
    event: &Event,
    id: Uuid,
    ticket_key: &ed25519_dalek::SigningKey,
) -> anyhow::Result<()> {
    let confirmed = sqlx::query(
        "UPDATE bookings SET status = 'confirmed', payment_status = 'paid', updated_at = now()
         WHERE id = $1 AND status = 'pending'",
    )
    .bind(id)
    .execute(&mut *connection)
    .await?
    .rows_affected()
        == 1;
    if confirmed {
        let code: String = sqlx::query_scalar("SELECT booking_code FROM bookings WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *connection)
            .await?;
        // The e-ticket travels with the confirmation, for the email.
        let ticket = json!({ "ticket_token": tickets::issue(ticket_key, &code, id) });
        bookings::record_event(connection, "confirmed", id, ticket).await?;
        return Ok(());
    }
    let Some(booking) = bookings::find(&mut *connection, id).await? else {
        return Err(Permanent(format!("payment for unknown booking {id}")).into());
    };
    if booking.status != "confirmed" {
        tracing::warn!(booking = %id, status = booking.status, "paid after the booking ended; asking for a refund");
        let rejected = Event::new(
            "booking.payment_rejected",
            json!({
                "booking_id": id,
                "payment_id": event.data["payment_id"],
                "reason": format!("The booking was {} before the payment arrived", booking.status),
            }),
            event.correlation_id.clone(),
        );
        outbox::enqueue(connection, &rejected).await?;
    }
    Ok(())
}

async fn cancel_refunded(connection: &mut PgConnection, id: Uuid) -> anyhow::Result<()> {
    let cancelled = sqlx::query(
        "UPDATE bookings SET status = 'cancelled', payment_status = 'refunded', updated_at = now()
         WHERE id = $1 AND status IN ('pending', 'confirmed')",
    )
    .bind(id)
    .execute(&mut *connection)
    .await?
    .rows_affected()
        == 1;
    if cancelled {
        sqlx::query("UPDATE booking_seats SET active = false WHERE booking_id = $1")
            .bind(id)
            .execute(&mut *connection)
            .await?;
        bookings::record_event(connection, "cancelled", id, serde_json::Value::Null).await?;
    } else {
        // Cancelled first (which asked for this refund): the money is back now.
        sqlx::query(
            "UPDATE bookings SET payment_status = 'refunded', updated_at = now()
             WHERE id = $1 AND status = 'cancelled' AND payment_status = 'paid'",
        )
        .bind(id)
        .execute(&mut *connection)
        .await?;
    }
    Ok(())
}

impl EventHandler for PaymentEvents {
    async fn handle(&self, event: &Event, connection: &mut PgConnection) -> anyhow::Result<()> {
        let id = booking_id(event)?;
        match event.event_type.as_str() {
            "payment.completed" => {
                let ticket_key = self.tickets.key().await?;
                confirm(connection, event, id, ticket_key).await
            }
            // A partial refund leaves the booking as it is.
            "payment.refunded" if event.data["full"] == true => {
                cancel_refunded(connection, id).await
            }
            _ => Ok(()),
        }
    }

    async fn after_commit(&self, event: &Event) {
        let Ok(id) = booking_id(event) else { return };
        let Ok(Some(booking)) = bookings::find(&self.pool, id).await else {
            return;
        };
        let seat_ids: Vec<Uuid> = booking.seats.iter().map(|seat| seat.seat_id).collect();
        // Confirmed or cancelled, the holds on its seats are done with.
        self.holds
            .release_seats(booking.user_id, booking.showtime_id, &seat_ids)
            .await;
        if booking.status == "cancelled" {
            self.holds
                .announce(booking.showtime_id, "available", &seat_ids)
                .await;
        }
    }
}
