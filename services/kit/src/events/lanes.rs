//! Work handed to a fixed number of lanes: items with the same key always go to the same lane,
//! where they are done one after another in the order they were handed over; the lanes work at
//! once. A consumer uses it to handle the events of different bookings side by side while the
//! events of one booking keep their order.

use std::future::Future;

use tokio::{sync::mpsc, task::JoinHandle};
use uuid::Uuid;

pub struct Lanes<T> {
    senders: Vec<mpsc::UnboundedSender<T>>,
    tasks: Vec<JoinHandle<()>>,
}

/// A lane refused an item: it has stopped (its work asked it to).
#[derive(Debug)]
pub struct LaneStopped;

impl<T: Send + 'static> Lanes<T> {
    /// `count` lanes (at least one), each doing `work` on its items in turn until `work` answers
    /// `false` (the lane then stops and refuses what it is handed).
    pub fn start<F, Fut>(count: usize, work: F) -> Self
    where
        F: Fn(T) -> Fut + Clone + Send + 'static,
        Fut: Future<Output = bool> + Send,
    {
        let (senders, tasks) = (0..count.max(1))
            .map(|_| {
                let (sender, mut items) = mpsc::unbounded_channel::<T>();
                let work = work.clone();
                let task = tokio::spawn(async move {
                    while let Some(item) = items.recv().await {
                        if !work(item).await {
                            break;
                        }
                    }
                });
                (sender, task)
            })
            .unzip();
        Self { senders, tasks }
    }

    /// Hands `item` to the lane of `key`; items without a key share one lane.
    pub fn hand(&self, key: Option<Uuid>, item: T) -> Result<(), LaneStopped> {
        let lane = key.map_or(0, |key| {
            (key.as_u128() % self.senders.len() as u128) as usize
        });
        self.senders[lane].send(item).map_err(|_| LaneStopped)
    }

    /// Waits until every lane has done (or dropped, if stopped) what it was handed.
    pub async fn finish(self) {
        drop(self.senders);
        for task in self.tasks {
            // A lane that panicked has nothing left to finish.
            let _ = task.await;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::{
        sync::{Arc, Mutex},
        time::Duration,
    };

    use super::*;

    #[tokio::test]
    async fn items_of_one_key_are_done_in_the_order_handed_over() {
        let done = Arc::new(Mutex::new(Vec::new()));
        let lanes = Lanes::start(4, {
            let done = done.clone();
            move |n: u64| {
                let done = done.clone();
                async move {
                    // Earlier items take longer: only the lane's order keeps them first.
                    tokio::time::sleep(Duration::from_millis(20 - n)).await;
                    done.lock().unwrap().push(n);
                    true
                }
            }
        });
        let key = Some(Uuid::new_v4());
        for n in 0..10 {
            lanes.hand(key, n).unwrap();
        }
        lanes.finish().await;
        assert_eq!(*done.lock().unwrap(), (0..10).collect::<Vec<_>>());
    }

    #[tokio::test]
    async fn items_of_different_lanes_are_done_at_once() {
        // Each item waits for the other to have started: done one after another, neither ends.
        let both_started = Arc::new(tokio::sync::Barrier::new(2));
        let lanes = Lanes::start(2, move |_: ()| {
            let both_started = both_started.clone();
            async move {
                both_started.wait().await;
                true
            }
        });
        // Keys 0 and 1 fall in different lanes of two.
        lanes.hand(Some(Uuid::from_u128(0)), ()).unwrap();
        lanes.hand(Some(Uuid::from_u128(1)), ()).unwrap();
        tokio::time::timeout(Duration::from_secs(5), lanes.finish())
            .await
            .expect("both items were done at once");
    }

    #[tokio::test]
    async fn a_stopped_lane_refuses_what_it_is_handed() {
        let lanes = Lanes::start(1, |_: ()| async { false });
        lanes.hand(None, ()).unwrap();
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(lanes.hand(None, ()).is_err());
        lanes.finish().await;
    }
}
