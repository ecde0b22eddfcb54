//! The live seat feed: every change of a seat's status is announced on the showtime's Redis
//! channel with the next version of its counter, so the BFF can forward it to every browser
//! watching that showtime, in order. Announcing is best effort: a viewer who misses a change
//! sees a gap in the versions and asks for a fresh snapshot.

use api_types::{
    live::{
        SeatChange, TakenStatus, booking_channel, seat_channel, seat_statuses_key, seat_version_key,
    },
    seats::SeatStatus,
};
use redis::{AsyncCommands, Script};
use service_kit::cache::LazyRedis;
use uuid::Uuid;

use crate::{
    error::BookingResult,
    settlements::{Settlement, Settlements},
};

/// Bumps the showtime's seat version and publishes the change with it, atomically, so the
/// versions subscribers see arrive in order; and applies the change to the showtime's statuses
/// hash (`seat_statuses_key`) when there is one, in the same step, so the hash is always the
/// statuses at its version. ARGV: the change; the seats' new value ('' when freed); for a
/// freeing, whose they were (a seat the hash gives to someone else since is left out, of the
/// hash and of the change: a late freeing never shows another's seat free); the seats.
const ANNOUNCE: &str = r#"
local kept = redis.call('EXISTS', KEYS[3]) == 1
local seats = {}
for i = 4, #ARGV do
  local now = kept and ARGV[3] ~= '' and redis.call('HGET', KEYS[3], ARGV[i])
  if not now or now == ARGV[3] then table.insert(seats, ARGV[i]) end
end
if #seats == 0 then return 0 end
local version = redis.call('INCR', KEYS[1])
local change = cjson.decode(ARGV[1])
change['version'] = version
change['seat_ids'] = seats
redis.call('PUBLISH', KEYS[2], cjson.encode(change))
if kept then
  for _, seat in ipairs(seats) do
    if ARGV[2] == '' then
      redis.call('HDEL', KEYS[3], seat)
    else
      redis.call('HSET', KEYS[3], seat, ARGV[2])
    end
  end
  redis.call('HSET', KEYS[3], 'version', version)
end
return version
"#;

/// Replaces the showtime's statuses hash with ARGV[3..] (field, value pairs) at version ARGV[1],
/// unless a change was announced since that version was read (then the statuses read may miss
/// it: the next reader builds the hash again). It lapses after ARGV[2] seconds, so a change that
/// was never announced (Redis unreachable just then) is not shown wrong for long.
const STORE_STATUSES: &str = r#"
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current ~= tonumber(ARGV[1]) then return 0 end
redis.call('DEL', KEYS[2])
redis.call('HSET', KEYS[2], 'version', ARGV[1])
for i = 3, #ARGV, 2 do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
redis.call('EXPIRE', KEYS[2], tonumber(ARGV[2]))
return 1
"#;

/// How long a built statuses hash is trusted before it is built again from the records.
const STATUSES_LIFETIME_SECS: u64 = 60;

/// A showtime's taken seats, read from the records after its feed was at `version`.
#[derive(Debug, Clone)]
pub struct KeptStatuses {
    pub showtime_id: Uuid,
    pub version: i64,
    pub seats: Vec<(Uuid, TakenStatus)>,
}

#[derive(Clone)]
pub struct SeatFeed {
    redis: LazyRedis,
    settlements: Settlements,
}

impl SeatFeed {
    pub fn new(redis: LazyRedis) -> Self {
        Self {
            settlements: Settlements::new(redis.client().clone()),
            redis,
        }
    }

    /// Tells every viewer of the showtime that `holder` now holds `seat_ids`.
    pub async fn announce_held(&self, showtime_id: Uuid, holder: Uuid, seat_ids: &[Uuid]) {
        let taken = TakenStatus::Held(holder);
        self.publish(showtime_id, SeatStatus::Held, Some(taken), None, seat_ids)
            .await;
    }

    /// Tells every viewer of the showtime that `booking_id` now has `seat_ids`.
    pub async fn announce_booked(&self, showtime_id: Uuid, booking_id: Uuid, seat_ids: &[Uuid]) {
        let taken = TakenStatus::Booked(booking_id);
        self.publish(showtime_id, SeatStatus::Booked, Some(taken), None, seat_ids)
            .await;
    }

    /// Tells every viewer of the showtime that `seat_ids`, which were `were` (a hold, a
    /// booking), are free; but for any that someone else has taken since.
    pub async fn announce_freed(&self, showtime_id: Uuid, were: TakenStatus, seat_ids: &[Uuid]) {
        self.publish(
            showtime_id,
            SeatStatus::Available,
            None,
            Some(were),
            seat_ids,
        )
        .await;
    }

    async fn publish(
        &self,
        showtime_id: Uuid,
        status: SeatStatus,
        now: Option<TakenStatus>,
        were: Option<TakenStatus>,
        seat_ids: &[Uuid],
    ) {
        if seat_ids.is_empty() {
            return;
        }
        let Ok(mut redis) = self.redis.connection().await else {
            tracing::warn!("seat change not announced: Redis unreachable");
            return;
        };
        let change = SeatChange {
            showtime_id,
            status,
            seat_ids: seat_ids.to_vec(),
            version: 0,
        };
        let Ok(change) = serde_json::to_string(&change) else {
            return;
        };
        let published: Result<i64, _> = Script::new(ANNOUNCE)
            .key(seat_version_key(showtime_id))
            .key(seat_channel(showtime_id))
            .key(seat_statuses_key(showtime_id))
            .arg(change)
            .arg(now.map(TakenStatus::field_value).unwrap_or_default())
            .arg(were.map(TakenStatus::field_value).unwrap_or_default())
            .arg(seat_ids.iter().map(Uuid::to_string).collect::<Vec<_>>())
            .invoke_async(&mut redis)
            .await;
        if let Err(error) = published {
            tracing::warn!(%error, "seat change not announced");
        }
    }

    /// Keeps each showtime's taken seats, read from the records after its `version` was, as its
    /// statuses hash, for seat maps and listings to read in one step. One round trip; best
    /// effort.
    pub async fn store_statuses(&self, showtimes: &[KeptStatuses]) {
        if showtimes.is_empty() {
            return;
        }
        let Ok(mut redis) = self.redis.connection().await else {
            return;
        };
        let script = Script::new(STORE_STATUSES);
        let mut stores = redis::pipe();
        stores.load_script(&script).ignore();
        for kept in showtimes {
            let pairs: Vec<String> = (kept.seats.iter())
                .flat_map(|(seat, status)| [seat.to_string(), status.field_value()])
                .collect();
            stores.invoke_script(
                script
                    .key(seat_version_key(kept.showtime_id))
                    .key(seat_statuses_key(kept.showtime_id))
                    .arg(kept.version)
                    .arg(STATUSES_LIFETIME_SECS)
                    .arg(pairs),
            );
        }
        let stored: Result<Vec<i64>, _> = stores.query_async(&mut redis).await;
        if let Err(error) = stored {
            tracing::warn!(%error, "seat statuses not kept for seat maps");
        }
    }

    /// Those of `seat_ids` the showtime's statuses hash shows booked: what every viewer's seat
    /// map shows. Read without asking PostgreSQL, so it only ever refuses early: a seat shown
    /// free is still checked against the bookings. Empty when there is no hash or no Redis.
    pub async fn shown_booked(&self, showtime_id: Uuid, seat_ids: &[Uuid]) -> Vec<Uuid> {
        let Ok(mut redis) = self.redis.connection().await else {
            return Vec::new();
        };
        let fields: Vec<String> = seat_ids.iter().map(Uuid::to_string).collect();
        let statuses: Vec<Option<String>> = match redis::cmd("HMGET")
            .arg(seat_statuses_key(showtime_id))
            .arg(fields)
            .query_async(&mut redis)
            .await
        {
            Ok(statuses) => statuses,
            Err(_) => return Vec::new(),
        };
        (seat_ids.iter().zip(statuses))
            .filter(|(_, status)| {
                let parsed = status.as_deref().and_then(TakenStatus::parse);
                matches!(parsed, Some(TakenStatus::Booked(_)))
            })
            .map(|(seat, _)| *seat)
            .collect()
    }

    /// Tells whoever waits on the booking (a box office taking its payment) that it is settled.
    pub async fn booking_settled(&self, booking_id: Uuid) {
        let Ok(mut redis) = self.redis.connection().await else {
            return;
        };
        let published: Result<i64, _> = redis.publish(booking_channel(booking_id), "settled").await;
        if let Err(error) = published {
            tracing::warn!(%error, "booking settlement not announced");
        }
    }

    /// Listening for the booking's settlement from now on, or `None` when Redis cannot be heard.
    pub async fn listen_for_settlement(&self, booking_id: Uuid) -> Option<Settlement> {
        self.settlements.listen(booking_id).await
    }

    /// The version of each showtime's last announced change (0 before the first), in order.
    pub async fn versions(&self, showtime_ids: &[Uuid]) -> BookingResult<Vec<i64>> {
        if showtime_ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut redis = self.redis.connection().await?;
        let keys: Vec<String> = showtime_ids
            .iter()
            .map(|id| seat_version_key(*id))
            .collect();
        let versions: Vec<Option<i64>> = redis.mget(keys).await?;
        Ok(versions
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect())
    }
}
