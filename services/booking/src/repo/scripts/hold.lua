-- Holds for ARGV[1] the seats of the first candidate that is free for them, all or none, or
-- says why not. A hold names one candidate (its seats); best available names several, best
-- first, so that two customers asking at once get different seats.
--
-- KEYS: every seat key the candidates name (each once), then the showtime's index.
-- ARGV: 1 holder, 2 lifetime (ms), 3 'hold' or 'extend', 4 now (ms), 5 the most seats the holder
-- may have in the showtime (0: no limit), 6 the rest after a release (ms; 0: none, and not
-- checked), 7 the showtime, 8 n, 9..8+n the seat ids of KEYS[1..n]; then the number of
-- candidates, and for each its size and its seats' positions in KEYS; then the seats of the
-- holder's pending bookings there.
--
-- Answers {lifetime, candidate} when held. When no candidate could be, what stopped the last one
-- tried: {0, i...} seats someone else holds; {-2, wait ms, i...} seats the holder let go of too
-- recently (i: positions in KEYS); {-1, already} the holder is over the limit.
local holder, mode, now = ARGV[1], ARGV[3], tonumber(ARGV[4])
local limit, rest, showtime = tonumber(ARGV[5]), tonumber(ARGV[6]), ARGV[7]
local n = tonumber(ARGV[8])
local index = KEYS[#KEYS]
local function seat_id(i) return ARGV[8 + i] end
local function rest_key(seat) return 'seat:rest:' .. showtime .. ':' .. seat .. ':' .. holder end

local at = 9 + n
local candidates = {}
for c = 1, tonumber(ARGV[at]) do
  at = at + 1
  local size, seats = tonumber(ARGV[at]), {}
  for s = 1, size do seats[s] = tonumber(ARGV[at + s]) end
  at = at + size
  candidates[c] = seats
end
local pending_from = at + 1

-- The holder's seats in the showtime once `seats` are added, and before.
local function counted_with(seats)
  local count, counted = 0, {}
  local function count_seat(seat)
    if not counted[seat] then counted[seat] = true; count = count + 1 end
  end
  for i = pending_from, #ARGV do count_seat(ARGV[i]) end
  for _, seat in ipairs(redis.call('ZRANGEBYSCORE', index, now, '+inf')) do
    if redis.call('GET', 'seat:' .. showtime .. ':' .. seat) == holder then count_seat(seat) end
  end
  local already = count
  for _, i in ipairs(seats) do count_seat(seat_id(i)) end
  return count, already
end

local failure = {0}
for c, seats in ipairs(candidates) do
  local lifetime = tonumber(ARGV[2])
  local taken, resting, wait = {}, {}, 0
  for _, i in ipairs(seats) do
    local current = redis.call('GET', KEYS[i])
    if current and current ~= holder then
      table.insert(taken, i)
    elseif current and mode ~= 'extend' then
      local left = redis.call('PTTL', KEYS[i])
      if left > 0 and left < lifetime then lifetime = left end
    elseif not current and rest > 0 then
      local left = redis.call('PTTL', rest_key(seat_id(i)))
      if left > 0 then
        table.insert(resting, i)
        if left > wait then wait = left end
      end
    end
  end
  if #taken > 0 then
    table.insert(taken, 1, 0)
    failure = taken
  elseif #resting > 0 then
    table.insert(resting, 1, wait)
    table.insert(resting, 1, -2)
    failure = resting
  else
    if limit > 0 then
      local count, already = counted_with(seats)
      if count > limit then return {-1, already} end
    end
    for _, i in ipairs(seats) do
      redis.call('SET', KEYS[i], holder, 'PX', lifetime)
      redis.call('ZADD', index, now + lifetime, seat_id(i))
      if rest > 0 then redis.call('SET', rest_key(seat_id(i)), '1', 'PX', lifetime + rest) end
    end
    redis.call('ZREMRANGEBYSCORE', index, '-inf', now)
    local last = redis.call('ZRANGE', index, -1, -1, 'WITHSCORES')
    redis.call('PEXPIREAT', index, last[2])
    return {lifetime, c}
  end
end
return failure
