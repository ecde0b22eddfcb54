//! Once its figures and invariants are taken, a run gives back the seats it bought: each
//! customer cancels the bookings their journeys made, and the payment service refunds them, as
//! it would anyone's. Without this, every run on a long-lived stack sells out more of the demo
//! programme (a full run buys up to 12,000 seats; the week ahead has about 26,000), and after a
//! few runs the journeys run out of seats before chaos has made its breaks.

use std::{
    collections::HashMap,
    time::{Duration, Instant},
};

use futures::{StreamExt, stream};
use uuid::Uuid;

use crate::api::{Api, Customer};

/// Customers whose tokens are renewed at once, then cancellations at once: the stack's own
/// pace, not a load figure.
const CONCURRENCY: usize = 16;

/// A booking a journey made and paid for (confirmed, or confirmed later by a late event).
#[derive(Debug, Clone)]
pub struct Sold {
    pub customer: Customer,
    pub booking_id: Uuid,
}

/// What the give-back came to.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct GivenBack {
    pub cancelled: usize,
    /// Already ended (cancelled, or expired unpaid): nothing to give back.
    pub already_ended: usize,
    pub failed: usize,
    pub took: Duration,
}

/// The bookings grouped by customer, each customer once: a refresh token may be used only once
/// (a second use ends the session).
fn by_customer(sold: Vec<Sold>) -> Vec<(Customer, Vec<Uuid>)> {
    let mut order: Vec<(Customer, Vec<Uuid>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for Sold {
        customer,
        booking_id,
    } in sold
    {
        match index.get(&customer.refresh_token) {
            Some(&at) => order[at].1.push(booking_id),
            None => {
                index.insert(customer.refresh_token.clone(), order.len());
                order.push((customer, vec![booking_id]));
            }
        }
    }
    order
}

/// Cancels every booking in `sold` as its customer, with a renewed access token (the run's
/// tokens may have expired by now; the old one is tried when the renewal fails).
pub async fn give_back(api: &Api, sold: Vec<Sold>) -> GivenBack {
    let started = Instant::now();
    let customers: Vec<(String, Vec<Uuid>)> = stream::iter(by_customer(sold))
        .map(|(customer, bookings)| async move {
            let token = match api.refresh(&customer.refresh_token).await {
                Ok(renewed) => renewed.token,
                Err(_) => customer.token,
            };
            (token, bookings)
        })
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await;
    let cancellations = customers
        .iter()
        .flat_map(|(token, bookings)| bookings.iter().map(move |booking| (token, *booking)));
    let results: Vec<Result<(), bool>> = stream::iter(cancellations)
        .map(|(token, booking)| async move {
            api.cancel_booking(token, booking)
                .await
                // 400: cancelled already (a failed journey's clean-up) or expired unpaid.
                .map_err(|error| error.status == Some(reqwest::StatusCode::BAD_REQUEST))
        })
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await;
    let mut given_back = GivenBack {
        took: started.elapsed(),
        ..GivenBack::default()
    };
    for result in results {
        match result {
            Ok(()) => given_back.cancelled += 1,
            Err(true) => given_back.already_ended += 1,
            Err(false) => given_back.failed += 1,
        }
    }
    given_back
}

#[cfg(test)]
mod tests {
    use super::*;

    fn customer(n: u8) -> Customer {
        Customer {
            token: format!("access-{n}"),
            refresh_token: format!("refresh-{n}"),
        }
    }

    #[test]
    fn each_customer_renews_their_session_once_for_all_their_bookings() {
        let booking = |n: u128| Uuid::from_u128(n);
        let sold = [(1, 10), (2, 20), (1, 11), (3, 30), (2, 21)]
            .map(|(who, what)| Sold {
                customer: customer(who),
                booking_id: booking(what),
            })
            .to_vec();
        let grouped: Vec<(String, Vec<Uuid>)> = by_customer(sold)
            .into_iter()
            .map(|(customer, bookings)| (customer.refresh_token, bookings))
            .collect();
        assert_eq!(
            grouped,
            [
                ("refresh-1".to_owned(), vec![booking(10), booking(11)]),
                ("refresh-2".to_owned(), vec![booking(20), booking(21)]),
                ("refresh-3".to_owned(), vec![booking(30)]),
            ]
        );
    }
}
