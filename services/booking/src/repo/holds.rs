//! The hold store: seat holds in Redis, one key per seat (`seat:{showtime}:{seat}` = the
//! holder's user id) set with an expiry, all or nothing, by one Lua script. There is no lock on
//! the whole showtime, so different seats of one showtime are held in parallel. The same scripts
//! keep an index per showtime (`seats:held:{showtime}`, seat -> expiry), so reading a showtime's
//! holds never scans the keyspace. This module owns every Redis key of a hold; the rules of
//! holding are in `domain::holds`.

use std::{collections::HashMap, time::Duration};

use api_types::{holds::Hold, seats::SaleSeat};
use chrono::Utc;
use redis::{AsyncCommands, Script};
use service_kit::cache::LazyRedis;
use uuid::Uuid;

use crate::error::{BookingError, BookingResult};

/// Holds the first of the candidates (sets of seats) free for the holder: see the script.
const HOLD: &str = include_str!("scripts/hold.lua");

/// Deletes the seat keys the caller (ARGV[1]) still holds, and their entries in the showtime's
/// index (the last key); each seat then rests for ARGV[2] ms before the caller may hold it again.
/// ARGV[3] is the showtime, ARGV[4..] the seat ids.
const RELEASE: &str = r#"
local released = 0
local index = KEYS[#KEYS]
local rest = tonumber(ARGV[2])
for i = 1, #KEYS - 1 do
  if redis.call('GET', KEYS[i]) == ARGV[1] then
    redis.call('DEL', KEYS[i])
    redis.call('ZREM', index, ARGV[3 + i])
    if rest > 0 then
      redis.call('SET', 'seat:rest:' .. ARGV[3] .. ':' .. ARGV[3 + i] .. ':' .. ARGV[1], '1', 'PX', rest)
    end
    released = released + 1
  end
end
return released
"#;

/// Takes (and removes) the lapse records due by ARGV[1] (ms since the epoch), at most 500, so
/// that with several instances each lapse is announced once.
const TAKE_LAPSED: &str = r#"
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 500)
if #due > 0 then redis.call('ZREM', KEYS[1], unpack(due)) end
return due
"#;

/// Every live hold's expiry (score, ms) by its seats (member), so that a hold Redis lets lapse
/// can still be announced: key expiry itself tells no one.
const LAPSES_KEY: &str = "holds:lapses";

#[derive(Clone)]
pub struct Holds {
    redis: LazyRedis,
    /// How long a hold lasts (and how much an extension adds).
    pub ttl: Duration,
    /// How long a seat rests after its holder lets it go (or lets it lapse) before the same
    /// holder may hold it again; zero for none.
    pub rest: Duration,
}

/// What a hold must respect besides other people's holds: none of it for staff at the box office.
#[derive(Debug, Clone, Copy, Default)]
pub struct HoldRules<'a> {
    /// The most seats the holder may have in the showtime, held or in pending bookings.
    pub max_seats: Option<usize>,
    /// The seats of the holder's pending bookings in the showtime.
    pub pending: &'a [Uuid],
    /// Whether seats the holder let go of are still resting.
    pub rest_applies: bool,
}

fn seat_key(showtime_id: Uuid, seat_id: Uuid) -> String {
    format!("seat:{showtime_id}:{seat_id}")
}

/// Present while `user_id` may not hold the seat again (the scripts above build the same name).
fn rest_key(showtime_id: Uuid, seat_id: Uuid, user_id: Uuid) -> String {
    format!("seat:rest:{showtime_id}:{seat_id}:{user_id}")
}

/// The showtime's index of held seats: seat id -> when its hold ends (ms since the epoch).
fn held_index_key(showtime_id: Uuid) -> String {
    format!("seats:held:{showtime_id}")
}

fn hold_key(id: Uuid) -> String {
    format!("hold:{id}")
}

/// The member of [`LAPSES_KEY`] for a hold: the same for its whole life, extensions included.
fn lapse_member(hold: &Hold) -> String {
    let seats: Vec<String> = hold.seat_ids.iter().map(Uuid::to_string).collect();
    format!("{}|{}|{}", hold.showtime_id, hold.user_id, seats.join(","))
}

/// A hold whose time ran out: its showtime, holder and seats.
#[derive(Debug, Clone, PartialEq)]
pub struct Lapsed {
    pub showtime_id: Uuid,
    pub user_id: Uuid,
    pub seat_ids: Vec<Uuid>,
}

impl Lapsed {
    fn parse(member: &str) -> Option<Self> {
        let mut parts = member.split('|');
        let showtime_id = parts.next()?.parse().ok()?;
        let user_id = parts.next()?.parse().ok()?;
        let seat_ids = parts
            .next()?
            .split(',')
            .map(str::parse)
            .collect::<Result<_, _>>()
            .ok()?;
        Some(Self {
            showtime_id,
            user_id,
            seat_ids,
        })
    }
}

/// The id of a user's latest hold in a showtime, so a page reloaded mid-hold can find it.
fn latest_hold_key(user_id: Uuid, showtime_id: Uuid) -> String {
    format!("hold:latest:{user_id}:{showtime_id}")
}

impl Holds {
    pub fn new(redis: LazyRedis, ttl: Duration, rest: Duration) -> Self {
        Self { redis, ttl, rest }
    }

    async fn connection(&self) -> BookingResult<redis::aio::ConnectionManager> {
        Ok(self.redis.connection().await?)
    }

    /// Holds all of `seats` for `user_id` under `rules`, or fails naming those someone else
    /// holds (or those still resting, or how many the holder has).
    pub async fn acquire(
        &self,
        user_id: Uuid,
        showtime_id: Uuid,
        seats: &[SaleSeat],
        rules: HoldRules<'_>,
    ) -> BookingResult<Hold> {
        let candidates = [seats.to_vec()];
        let (hold, _) = self
            .acquire_first(user_id, showtime_id, &candidates, rules)
            .await?;
        Ok(hold)
    }

    /// Holds for `user_id` the first of `candidates` (sets of seats, best first) that is free
    /// for them, in one atomic step, answering which; when none is, fails with what stopped the
    /// last one tried.
    pub async fn acquire_first(
        &self,
        user_id: Uuid,
        showtime_id: Uuid,
        candidates: &[Vec<SaleSeat>],
        rules: HoldRules<'_>,
    ) -> BookingResult<(Hold, usize)> {
        let mut redis = self.connection().await?;
        // Each seat once in KEYS; a candidate names its seats by their place there.
        let mut seats: Vec<&SaleSeat> = Vec::new();
        let mut shape: Vec<String> = vec![candidates.len().to_string()];
        for candidate in candidates {
            shape.push(candidate.len().to_string());
            for seat in candidate {
                let place = match seats.iter().position(|known| known.id == seat.id) {
                    Some(place) => place,
                    None => {
                        seats.push(seat);
                        seats.len() - 1
                    }
                };
                shape.push((place + 1).to_string());
            }
        }
        let keys: Vec<String> = seats
            .iter()
            .map(|seat| seat_key(showtime_id, seat.id))
            .collect();
        // Taken before the script runs, so the recorded expiry is never after the keys'.
        let started = Utc::now();
        let answer: Vec<i64> = Script::new(HOLD)
            .key(&keys)
            .key(held_index_key(showtime_id))
            .arg(user_id.to_string())
            .arg(self.ttl.as_millis() as u64)
            .arg("hold")
            .arg(started.timestamp_millis())
            .arg(rules.max_seats.unwrap_or(0))
            .arg(if rules.rest_applies {
                self.rest.as_millis() as u64
            } else {
                0
            })
            .arg(showtime_id.to_string())
            .arg(seats.len())
            .arg(
                seats
                    .iter()
                    .map(|seat| seat.id.to_string())
                    .collect::<Vec<_>>(),
            )
            .arg(shape)
            .arg(
                rules
                    .pending
                    .iter()
                    .map(Uuid::to_string)
                    .collect::<Vec<_>>(),
            )
            .invoke_async(&mut redis)
            .await?;
        let labels_at = |indexes: &[i64]| -> Vec<String> {
            indexes
                .iter()
                .map(|index| seats[*index as usize - 1].label())
                .collect()
        };
        let (lifetime_ms, chosen) = match answer.as_slice() {
            [lifetime, candidate] if *lifetime > 0 => (*lifetime, *candidate as usize - 1),
            [-1, already] => {
                return Err(BookingError::CustomerSeatLimit {
                    limit: rules.max_seats.unwrap_or_default(),
                    already: *already as usize,
                });
            }
            [-2, wait_ms, resting @ ..] => {
                return Err(BookingError::SeatsResting {
                    seats: labels_at(resting),
                    minutes: (*wait_ms as u64).div_ceil(60_000),
                });
            }
            [_, taken @ ..] => return Err(BookingError::SeatsTaken(labels_at(taken))),
            [] => return Err(BookingError::HoldsUnavailable("empty answer".into())),
        };
        let held = &candidates[chosen];
        let hold = Hold {
            id: Uuid::new_v4(),
            user_id,
            showtime_id,
            seat_ids: held.iter().map(|seat| seat.id).collect(),
            seats: held.iter().map(SaleSeat::label).collect(),
            expires_at: started + chrono::Duration::milliseconds(lifetime_ms),
            extended: false,
            split: None,
            groups: Vec::new(),
        };
        self.store(&mut redis, &hold).await?;
        Ok((hold, chosen))
    }

    async fn store(
        &self,
        redis: &mut redis::aio::ConnectionManager,
        hold: &Hold,
    ) -> BookingResult<()> {
        let ttl = (hold.expires_at - Utc::now()).num_milliseconds().max(1) as u64;
        let record = serde_json::to_string(hold).map_err(anyhow::Error::from)?;
        redis::pipe()
            .atomic()
            .pset_ex(hold_key(hold.id), record, ttl)
            .pset_ex(
                latest_hold_key(hold.user_id, hold.showtime_id),
                hold.id.to_string(),
                ttl,
            )
            .zadd(
                LAPSES_KEY,
                lapse_member(hold),
                hold.expires_at.timestamp_millis(),
            )
            .query_async::<()>(redis)
            .await?;
        Ok(())
    }

    /// The user's live hold in the showtime, if any (the latest one they made there).
    pub async fn current(&self, user_id: Uuid, showtime_id: Uuid) -> BookingResult<Option<Hold>> {
        let mut redis = self.connection().await?;
        let id: Option<String> = redis.get(latest_hold_key(user_id, showtime_id)).await?;
        let Some(id) = id.and_then(|id| id.parse::<Uuid>().ok()) else {
            return Ok(None);
        };
        match self.find(id, user_id).await {
            Ok(hold) => Ok(Some(hold)),
            Err(BookingError::HoldNotFound) => Ok(None),
            Err(other) => Err(other),
        }
    }

    /// The caller's live hold, or 404 (expired, released, or someone else's).
    pub async fn find(&self, id: Uuid, user_id: Uuid) -> BookingResult<Hold> {
        let mut redis = self.connection().await?;
        let record: Option<String> = redis.get(hold_key(id)).await?;
        record
            .and_then(|record| serde_json::from_str::<Hold>(&record).ok())
            .filter(|hold| hold.user_id == user_id)
            .ok_or(BookingError::HoldNotFound)
    }

    /// Gives a hold one more lifetime (whether it may have one is for `domain::holds`).
    pub async fn extend(&self, mut hold: Hold) -> BookingResult<Hold> {
        let mut redis = self.connection().await?;
        let keys: Vec<String> = hold
            .seat_ids
            .iter()
            .map(|seat| seat_key(hold.showtime_id, *seat))
            .collect();
        let new_expiry = hold.expires_at + self.ttl;
        let ttl_ms = (new_expiry - Utc::now()).num_milliseconds().max(1) as u64;
        let seat_ids: Vec<String> = hold.seat_ids.iter().map(Uuid::to_string).collect();
        // One candidate: every seat of the hold.
        let shape: Vec<String> = std::iter::once("1".to_owned())
            .chain(std::iter::once(seat_ids.len().to_string()))
            .chain((1..=seat_ids.len()).map(|place| place.to_string()))
            .collect();
        let answer: Vec<i64> = Script::new(HOLD)
            .key(&keys)
            .key(held_index_key(hold.showtime_id))
            .arg(hold.user_id.to_string())
            .arg(ttl_ms)
            .arg("extend")
            .arg(Utc::now().timestamp_millis())
            // An extension adds no seats: no limit, and its own seats are not resting.
            .arg(0)
            .arg(self.rest.as_millis() as u64)
            .arg(hold.showtime_id.to_string())
            .arg(seat_ids.len())
            .arg(seat_ids)
            .arg(shape)
            .invoke_async(&mut redis)
            .await?;
        if !matches!(answer.as_slice(), [lifetime, _] if *lifetime > 0) {
            return Err(BookingError::HoldLapsed);
        }
        hold.expires_at = new_expiry;
        hold.extended = true;
        self.store(&mut redis, &hold).await?;
        Ok(hold)
    }

    /// Lets go of seats the user holds in a showtime (best effort: they expire anyway); they then
    /// rest before the same user may hold them again.
    pub async fn release_seats(&self, user_id: Uuid, showtime_id: Uuid, seat_ids: &[Uuid]) {
        self.let_go(user_id, showtime_id, seat_ids, self.rest).await;
    }

    /// Takes back a hold just made for something that then failed: as if it had never been
    /// taken (the seats do not rest).
    pub async fn undo(&self, hold: &Hold) {
        self.let_go(
            hold.user_id,
            hold.showtime_id,
            &hold.seat_ids,
            Duration::ZERO,
        )
        .await;
        let rest_keys: Vec<String> = hold
            .seat_ids
            .iter()
            .map(|seat| rest_key(hold.showtime_id, *seat, hold.user_id))
            .collect();
        self.forget(hold, rest_keys).await;
    }

    /// Deletes the hold's record, the holder's pointer to it, its lapse entry and `also`.
    async fn forget(&self, hold: &Hold, also: Vec<String>) {
        if let Ok(mut redis) = self.connection().await {
            let mut pipe = redis::pipe();
            if !also.is_empty() {
                pipe.del(also);
            }
            let _: Result<(), _> = pipe
                .del(&[
                    hold_key(hold.id),
                    latest_hold_key(hold.user_id, hold.showtime_id),
                ])
                .zrem(LAPSES_KEY, lapse_member(hold))
                .query_async(&mut redis)
                .await;
        }
    }

    async fn let_go(&self, user_id: Uuid, showtime_id: Uuid, seat_ids: &[Uuid], rest: Duration) {
        let Ok(mut redis) = self.connection().await else {
            return;
        };
        let keys: Vec<String> = seat_ids
            .iter()
            .map(|seat| seat_key(showtime_id, *seat))
            .collect();
        let released: Result<i64, _> = Script::new(RELEASE)
            .key(&keys)
            .key(held_index_key(showtime_id))
            .arg(user_id.to_string())
            .arg(rest.as_millis() as u64)
            .arg(showtime_id.to_string())
            .arg(seat_ids.iter().map(Uuid::to_string).collect::<Vec<_>>())
            .invoke_async(&mut redis)
            .await;
        if let Err(error) = released {
            tracing::warn!(%error, "seat holds not released; they will expire");
        }
    }

    /// Who holds which seat of the showtime: (seat, holder).
    pub async fn holders_of(&self, showtime_id: Uuid) -> BookingResult<Vec<(Uuid, Uuid)>> {
        let mut redis = self.connection().await?;
        let mut holders = Self::holders(&mut redis, &[showtime_id]).await?;
        Ok(holders.remove(&showtime_id).unwrap_or_default())
    }

    /// (seat, holder) of the seats held in each of `showtime_ids`.
    pub async fn holders_by_showtime(
        &self,
        showtime_ids: &[Uuid],
    ) -> BookingResult<HashMap<Uuid, Vec<(Uuid, Uuid)>>> {
        if showtime_ids.is_empty() {
            return Ok(HashMap::new());
        }
        let mut redis = self.connection().await?;
        Self::holders(&mut redis, showtime_ids).await
    }

    /// (seat, holder) of each showtime: each showtime's index names the seats that may be held,
    /// and their keys (which expire by themselves) say who really holds them. Two round trips
    /// whatever the number of showtimes.
    async fn holders(
        redis: &mut redis::aio::ConnectionManager,
        showtime_ids: &[Uuid],
    ) -> BookingResult<HashMap<Uuid, Vec<(Uuid, Uuid)>>> {
        let now = Utc::now().timestamp_millis();
        let mut candidates = redis::pipe();
        for showtime_id in showtime_ids {
            candidates.zrangebyscore(held_index_key(*showtime_id), now, "+inf");
        }
        let indexed: Vec<Vec<String>> = candidates.query_async(redis).await?;
        let seats: Vec<(Uuid, Uuid)> = showtime_ids
            .iter()
            .zip(indexed)
            .flat_map(|(showtime_id, seats)| {
                seats
                    .into_iter()
                    .filter_map(|seat| seat.parse().ok())
                    .map(move |seat| (*showtime_id, seat))
            })
            .collect();
        let mut held: HashMap<Uuid, Vec<(Uuid, Uuid)>> = HashMap::new();
        if seats.is_empty() {
            return Ok(held);
        }
        let keys: Vec<String> = seats
            .iter()
            .map(|(showtime_id, seat)| seat_key(*showtime_id, *seat))
            .collect();
        let holders: Vec<Option<String>> = redis::cmd("MGET").arg(&keys).query_async(redis).await?;
        for ((showtime_id, seat), holder) in seats.into_iter().zip(holders) {
            if let Some(holder) = holder.and_then(|holder| holder.parse::<Uuid>().ok()) {
                held.entry(showtime_id).or_default().push((seat, holder));
            }
        }
        Ok(held)
    }

    /// The hold became a booking: its lapse is no news (the booking's payment or expiry ends
    /// it), so it is neither announced nor counted as a hold that ran out.
    pub async fn became_booking(&self, hold: &Hold) {
        if let Ok(mut redis) = self.connection().await {
            let _: Result<(), _> = redis::pipe()
                .zrem(LAPSES_KEY, lapse_member(hold))
                .query_async(&mut redis)
                .await;
        }
    }

    pub async fn release(&self, hold: &Hold) {
        self.release_seats(hold.user_id, hold.showtime_id, &hold.seat_ids)
            .await;
        self.forget(hold, Vec::new()).await;
    }

    /// Holds that ran out at least `grace` ago, each handed to one caller only, with those of
    /// their seats that nobody holds again (perhaps none): the ones to announce as free.
    pub async fn take_lapsed(&self, grace: Duration) -> BookingResult<Vec<Lapsed>> {
        let mut redis = self.connection().await?;
        let due = Utc::now().timestamp_millis() - grace.as_millis() as i64;
        let members: Vec<String> = Script::new(TAKE_LAPSED)
            .key(LAPSES_KEY)
            .arg(due)
            .invoke_async(&mut redis)
            .await?;
        let mut lapsed = Vec::with_capacity(members.len());
        for member in members {
            let Some(mut hold) = Lapsed::parse(&member) else {
                continue;
            };
            let keys: Vec<String> = hold
                .seat_ids
                .iter()
                .map(|seat| seat_key(hold.showtime_id, *seat))
                .collect();
            let holders: Vec<Option<String>> = redis::cmd("MGET")
                .arg(&keys)
                .query_async(&mut redis)
                .await?;
            let mut holders = holders.into_iter();
            hold.seat_ids.retain(|_| holders.next().flatten().is_none());
            lapsed.push(hold);
        }
        Ok(lapsed)
    }
}
