//! A property of the booking and payment services together: whatever a customer and staff do
//! to a paid booking (cancel some seats, cancel it, refund it, give goodwill), in any order and
//! with the events between the services arriving late, once the events have arrived the money
//! paid, the money refunded, the seats the booking keeps and its ticket agree.

use std::{
    collections::BTreeSet,
    sync::atomic::{AtomicUsize, Ordering},
};

use axum::{Router, http::Method};
use proptest::{
    prelude::*,
    test_runner::{Config, TestRunner},
};
use serde_json::{Value, json};
use service_kit::{auth::Role, testing::deliver_outbox};
use sqlx::PgPool;
use uuid::Uuid;

use crate::support::{
    GOOD_CARD, User, app, booking_database, booking_of, pay, send, services, user,
};

#[derive(Debug, Clone)]
enum Step {
    /// Give back these seats (positions in the booking, as bought).
    CancelSeats {
        seats: Vec<usize>,
        by_staff: bool,
    },
    CancelWhole {
        by_staff: bool,
    },
    /// Staff give back this share (per cent) of what is left of the payment, with a reason.
    Goodwill {
        percent: u8,
    },
    /// The customer asks for money back: all of it (`None`), or this share of what is left.
    CustomerRefund {
        percent: Option<u8>,
    },
    /// The events waiting in either service reach the other (otherwise they wait).
    Deliver,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (prop::collection::vec(0usize..4, 1..=3), any::<bool>())
            .prop_map(|(seats, by_staff)| Step::CancelSeats { seats, by_staff }),
        1 => any::<bool>().prop_map(|by_staff| Step::CancelWhole { by_staff }),
        2 => (1u8..=100).prop_map(|percent| Step::Goodwill { percent }),
        1 => prop::option::of(1u8..=100).prop_map(|percent| Step::CustomerRefund { percent }),
        3 => Just(Step::Deliver),
    ]
}

/// The services under test, and where the next case's seats are.
struct World {
    payments: Router,
    payment_pool: PgPool,
    booking_pool: PgPool,
    booking_url: String,
    staff: User,
    next_slot: AtomicUsize,
}

/// Cents from `"90000.00"`.
fn cents(amount: &Value) -> i64 {
    let text = amount
        .as_str()
        .unwrap_or_else(|| panic!("an amount: {amount}"));
    text.replace('.', "").parse().unwrap()
}

fn labels(seats: &Value) -> BTreeSet<String> {
    (seats.as_array().into_iter().flatten())
        .map(|seat| seat["label"].as_str().unwrap().to_owned())
        .collect()
}

impl World {
    /// Four seats no other case (or test) has: two standard and two VIP (different prices), in
    /// one of ten showtimes of the big demo hall (other tests take rows A and B).
    fn seats_for_next_case(&self) -> (usize, Vec<String>) {
        let slot = self.next_slot.fetch_add(1, Ordering::Relaxed);
        let (showtime, in_showtime) = (10 + slot / 12, slot % 12);
        let column = (in_showtime % 6) * 2 + 1;
        let (standard, vip) = if in_showtime < 6 {
            ("D", "F")
        } else {
            ("E", "G")
        };
        let seats = [
            format!("{standard}{column}"),
            format!("{vip}{column}"),
            format!("{standard}{}", column + 1),
            format!("{vip}{}", column + 1),
        ];
        (showtime, seats.into())
    }

    async fn booking_call(
        &self,
        who: &User,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut request = reqwest::Client::new()
            .request(method, format!("{}{path}", self.booking_url))
            .bearer_auth(&who.token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// Carries every waiting event across, both ways, until none is left.
    async fn deliver(&self) {
        let payment_events = booking_service::events::payments::PaymentEvents::standalone(
            self.booking_pool.clone(),
            &std::env::var("REDIS_URL").unwrap(),
        )
        .unwrap();
        let booking_refunds = payment_service::events::BookingRefunds {
            metrics: payment_service::metrics::PaymentMetrics::unregistered(),
        };
        loop {
            let to_payments = deliver_outbox(
                &self.booking_pool,
                &self.payment_pool,
                &payment_service::events::SUBSCRIPTION,
                &booking_refunds,
            )
            .await;
            let to_bookings = deliver_outbox(
                &self.payment_pool,
                &self.booking_pool,
                &booking_service::events::payments::SUBSCRIPTION,
                &payment_events,
            )
            .await;
            if to_payments + to_bookings == 0 {
                return;
            }
        }
    }

    async fn payment(&self, id: &str) -> Value {
        let uri = format!("/payments/{id}");
        send(&self.payments, Method::GET, &uri, &self.staff, None, None)
            .await
            .body
    }

    async fn refund(&self, who: &User, payment_id: &str, body: Value) -> u16 {
        let uri = format!("/payments/{payment_id}/refund");
        let key = Uuid::new_v4().to_string();
        let answer = send(
            &self.payments,
            Method::POST,
            &uri,
            who,
            Some(&key),
            Some(body),
        )
        .await;
        assert!(answer.status.as_u16() < 500, "{}", answer.body);
        answer.status.as_u16()
    }

    async fn run_case(&self, seat_count: usize, steps: &[Step]) {
        let ada = user(Role::Customer);
        let (showtime, seats) = self.seats_for_next_case();
        let bought: Vec<&str> = seats.iter().take(seat_count).map(String::as_str).collect();
        let (booking_id, total) = booking_of(&ada, showtime, &bought).await;
        let key = Uuid::new_v4().to_string();
        let paid = pay(&self.payments, &ada, booking_id, &total, GOOD_CARD, &key).await;
        let payment_id = paid.body["id"].as_str().unwrap().to_owned();
        self.deliver().await;
        let booking_path = format!("/bookings/{booking_id}");
        let mut tickets = BTreeSet::new();
        let mut goodwill_given = false;

        for step in steps {
            // Seats given back from a booking that keeps the rest: its ticket must be a new one.
            let mut reissued = false;
            let payment = self.payment(&payment_id).await;
            let left = cents(&payment["amount"]) - cents(&payment["refunded_amount"]);
            let (_, before) = self
                .booking_call(&ada, Method::GET, &booking_path, None)
                .await;
            match step {
                Step::CancelSeats { seats, by_staff } => {
                    let who = if *by_staff { &self.staff } else { &ada };
                    let named: Vec<&str> = seats
                        .iter()
                        .map(|seat| bought[seat % bought.len()])
                        .collect();
                    let body = json!({ "seat_ids": named });
                    let (status, after) = self
                        .booking_call(
                            who,
                            Method::POST,
                            &format!("{booking_path}/cancel"),
                            Some(body),
                        )
                        .await;
                    let still_had = named
                        .iter()
                        .all(|seat| labels(&before["seats"]).contains(*seat));
                    let should_work = before["status"] == "confirmed" && still_had;
                    assert_eq!(
                        status == 200,
                        should_work,
                        "{step:?} on {before} gave {status} {after}"
                    );
                    reissued = status == 200 && after["status"] == "confirmed";
                }
                Step::CancelWhole { by_staff } => {
                    let who = if *by_staff { &self.staff } else { &ada };
                    let (status, after) = self
                        .booking_call(who, Method::POST, &format!("{booking_path}/cancel"), None)
                        .await;
                    let should_work = before["status"] == "confirmed";
                    assert_eq!(
                        status == 200,
                        should_work,
                        "{step:?} on {before} gave {status} {after}"
                    );
                }
                Step::Goodwill { percent } => {
                    let amount = left * i64::from(*percent) / 100;
                    let body = json!({
                        "amount": format!("{}.{:02}", amount / 100, amount % 100),
                        "reason": "A gesture for a spoilt evening",
                    });
                    let status = self.refund(&self.staff, &payment_id, body).await;
                    assert_eq!(
                        status == 200,
                        amount > 0,
                        "{step:?} with {left} left gave {status}"
                    );
                    goodwill_given |= status == 200;
                }
                Step::CustomerRefund { percent } => {
                    let amount = percent.map(|percent| left * i64::from(percent) / 100);
                    let body = match amount {
                        None => json!({}),
                        Some(amount) => {
                            json!({ "amount": format!("{}.{:02}", amount / 100, amount % 100) })
                        }
                    };
                    let status = self.refund(&ada, &payment_id, body).await;
                    let expected = match amount {
                        _ if left == 0 => 400,
                        Some(0) => 400,
                        Some(amount) if amount < left => 403,
                        _ => 200,
                    };
                    assert_eq!(status, expected, "{step:?} with {left} left");
                }
                Step::Deliver => self.deliver().await,
            }
            let (status, ticket) = self
                .booking_call(&ada, Method::GET, &format!("{booking_path}/ticket"), None)
                .await;
            if status == 200 {
                let token = ticket["token"].as_str().unwrap().to_owned();
                assert!(
                    !reissued || !tickets.contains(&token),
                    "{step:?}: the ticket was not reissued"
                );
                tickets.insert(token);
            }
        }

        self.deliver().await;
        self.check_agreement(
            &ada,
            booking_id,
            &payment_id,
            &bought,
            &tickets,
            goodwill_given,
        )
        .await;
    }

    /// What must hold once every event has arrived.
    async fn check_agreement(
        &self,
        ada: &User,
        booking_id: Uuid,
        payment_id: &str,
        bought: &[&str],
        tickets: &BTreeSet<String>,
        goodwill_given: bool,
    ) {
        let (_, booking) = self
            .booking_call(ada, Method::GET, &format!("/bookings/{booking_id}"), None)
            .await;
        let payment = self.payment(payment_id).await;
        let context = format!("booking {booking}\npayment {payment}");
        let (paid, refunded) = (
            cents(&payment["amount"]),
            cents(&payment["refunded_amount"]),
        );
        let kept_by_cinema = paid - refunded;
        let price_of = |seats: &Value| -> i64 {
            (seats.as_array().into_iter().flatten())
                .map(|seat| cents(&seat["price"]))
                .sum()
        };
        let (held, given_back) = (
            labels(&booking["seats"]),
            labels(&booking["cancelled_seats"]),
        );

        // Every seat bought is either still the booking's or given back, never both.
        assert!(held.is_disjoint(&given_back), "{context}");
        let all: BTreeSet<String> = bought.iter().map(|seat| (*seat).to_owned()).collect();
        assert_eq!(&held | &given_back, all, "{context}");
        assert_eq!(
            paid,
            price_of(&booking["seats"]) + price_of(&booking["cancelled_seats"]),
            "{context}"
        );
        let expected_status = match refunded {
            0 => "completed",
            _ if refunded == paid => "refunded",
            _ => "partially_refunded",
        };
        assert_eq!(payment["status"], expected_status, "{context}");
        let seat_refunds: i64 = sqlx::query_scalar(
            "SELECT coalesce((sum(amount) * 100)::int8, 0) FROM refunds
             WHERE payment_id = $1::uuid AND kind = 'seats'",
        )
        .bind(payment_id)
        .fetch_one(&self.payment_pool)
        .await
        .unwrap();
        let given_back_price = price_of(&booking["cancelled_seats"]);
        let (status, current) = self
            .booking_call(
                ada,
                Method::GET,
                &format!("/bookings/{booking_id}/ticket"),
                None,
            )
            .await;
        let current = (status == 200).then(|| current["token"].as_str().unwrap().to_owned());

        match booking["status"].as_str().unwrap() {
            "cancelled" => {
                assert_eq!(
                    kept_by_cinema, 0,
                    "a cancelled booking keeps no money\n{context}"
                );
                assert!(
                    current.is_none(),
                    "a cancelled booking has no ticket\n{context}"
                );
            }
            "confirmed" => {
                assert!(!held.is_empty(), "{context}");
                assert_eq!(
                    cents(&booking["total_price"]),
                    price_of(&booking["seats"]),
                    "{context}"
                );
                assert_eq!(booking["total_seats"], held.len(), "{context}");
                // The cinema never keeps more than the seats are worth; exactly that, unless staff
                // gave some back as a gesture.
                assert!(kept_by_cinema <= price_of(&booking["seats"]), "{context}");
                assert!(seat_refunds <= given_back_price, "{context}");
                if !goodwill_given {
                    assert_eq!(kept_by_cinema, price_of(&booking["seats"]), "{context}");
                    assert_eq!(seat_refunds, given_back_price, "{context}");
                }
                let current = current.clone().expect("a confirmed booking has a ticket");
                let verdict = self.verify(&current).await;
                assert_eq!(verdict["valid"], true, "{verdict}\n{context}");
                let admitted: BTreeSet<String> = (verdict["seats"].as_array().unwrap().iter())
                    .map(|seat| seat.as_str().unwrap().to_owned())
                    .collect();
                assert_eq!(admitted, held, "{context}");
            }
            other => panic!("a paid booking is confirmed or cancelled, not {other}\n{context}"),
        }
        for old in tickets
            .iter()
            .filter(|token| Some(*token) != current.as_ref())
        {
            let verdict = self.verify(old).await;
            assert_eq!(
                verdict["valid"], false,
                "an old ticket still verifies: {verdict}\n{context}"
            );
        }
    }

    async fn verify(&self, token: &str) -> Value {
        let body = json!({ "token": token });
        let (status, verdict) = self
            .booking_call(&self.staff, Method::POST, "/tickets/verify", Some(body))
            .await;
        assert_eq!(status, 200, "{verdict}");
        verdict
    }
}

#[sqlx::test(migrator = "payment_service::MIGRATOR")]
async fn money_refunds_seats_and_ticket_agree_after_any_sequence(pool: PgPool) {
    let booking_url = services().1.clone();
    let world = World {
        payments: app(pool.clone()),
        payment_pool: pool,
        booking_pool: booking_database().await,
        booking_url,
        staff: user(Role::Staff),
        next_slot: AtomicUsize::new(0),
    };
    let runtime = tokio::runtime::Handle::current();
    let cases = (1usize..=4, prop::collection::vec(step(), 1..=7));
    tokio::task::spawn_blocking(move || {
        // Each case takes four seats of its own: 40 cases and a few shrinking steps fit in the
        // ten showtimes `seats_for_next_case` uses.
        let config = Config {
            cases: 40,
            max_shrink_iters: 60,
            failure_persistence: None,
            ..Config::default()
        };
        let mut runner = TestRunner::new(config);
        let outcome = runner.run(&cases, |(seat_count, steps)| {
            runtime.block_on(world.run_case(seat_count, &steps));
            Ok(())
        });
        if let Err(failure) = outcome {
            panic!("{failure}");
        }
    })
    .await
    .unwrap();
}
