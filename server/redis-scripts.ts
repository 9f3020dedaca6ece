// The decisions several nodes must take one at a time, as Lua scripts Redis runs atomically: a
// place in a full room, one live instance per participant, a knock at a bounded waiting room,
// and the sweep of places held too long. A member is live while its socket is connected
// (`heldSince` null) on a node whose heartbeat key still exists.

const LIVE = `
local function live(m, nodePrefix)
  return (m.heldSince == nil or m.heldSince == cjson.null) and redis.call('EXISTS', nodePrefix .. m.node) == 1
end
`;

/**
 * KEYS: members hash, join counter, rooms set. ARGV: participantId, instanceId, socketId,
 * resumeToken ('' for none), claims JSON ('' for none), name, node, now, heldPlaceMs,
 * maxParticipants, leaveToken, new resumeToken, room, nodePrefix.
 * Returns { 'returning', member } | { 'admitted', member, reclaimed or '' } | { code }.
 */
export const ADMIT = `${LIVE}
local pid, instanceId, socketId, resumeToken, claims, name, node = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local now, heldPlaceMs, max = tonumber(ARGV[8]), tonumber(ARGV[9]), tonumber(ARGV[10])
local nodePrefix = ARGV[14]
local raw = redis.call('HGET', KEYS[1], pid)
local existing = raw and cjson.decode(raw)
if existing and existing.instanceId == instanceId and (existing.socketId == socketId or (resumeToken ~= '' and existing.resumeToken == resumeToken)) then
  existing.socketId = socketId
  existing.node = node
  existing.heldSince = cjson.null
  existing.heldUntil = cjson.null
  if claims ~= '' then
    existing.claims = cjson.decode(claims)
    existing.name = name
  end
  local encoded = cjson.encode(existing)
  redis.call('HSET', KEYS[1], pid, encoded)
  return { 'returning', encoded }
end
if existing and existing.socketId ~= socketId and live(existing, nodePrefix) then
  return { 'already_in_room' }
end
local count = redis.call('HLEN', KEYS[1])
local others = count - (existing and 1 or 0)
local reclaimed = ''
if others >= max then
  local due = now - heldPlaceMs
  local oldest, oldestId = nil, nil
  local all = redis.call('HGETALL', KEYS[1])
  for i = 1, #all, 2 do
    if all[i] ~= pid then
      local m = cjson.decode(all[i + 1])
      if m.heldSince ~= nil and m.heldSince ~= cjson.null and m.heldSince <= due and (oldest == nil or m.heldSince < oldest.heldSince) then
        oldest, oldestId = m, all[i]
      end
    end
  end
  if oldest == nil then return { 'room_full' } end
  redis.call('HDEL', KEYS[1], oldestId)
  reclaimed = cjson.encode(oldest)
end
local seq = redis.call('INCR', KEYS[2])
local member = {
  room = ARGV[13], participantId = pid, instanceId = instanceId, name = name,
  claims = (claims ~= '' and cjson.decode(claims)) or cjson.null,
  socketId = socketId, node = node, joinSeq = seq, leaveToken = ARGV[11], resumeToken = ARGV[12],
  heldSince = cjson.null, heldUntil = cjson.null,
}
local encoded = cjson.encode(member)
redis.call('HSET', KEYS[1], pid, encoded)
redis.call('SADD', KEYS[3], ARGV[13])
return { 'admitted', encoded, reclaimed }
`;

/** KEYS: members hash. ARGV: participantId, instanceId, joinSeq, then field/value JSON pairs to set. Returns 1 when it was that member. */
export const UPDATE = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local m = cjson.decode(raw)
if m.instanceId ~= ARGV[2] or m.joinSeq ~= tonumber(ARGV[3]) then return 0 end
for i = 4, #ARGV, 2 do m[ARGV[i]] = cjson.decode(ARGV[i + 1]) end
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(m))
return 1
`;

/** KEYS: members hash, join counter, rooms set, knocks hash. ARGV: participantId, instanceId, joinSeq, room. Returns 1 when it removed that member. */
export const REMOVE = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local m = cjson.decode(raw)
if m.instanceId ~= ARGV[2] or m.joinSeq ~= tonumber(ARGV[3]) then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
if redis.call('HLEN', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[2])
  if redis.call('HLEN', KEYS[4]) == 0 then redis.call('SREM', KEYS[3], ARGV[4]) end
end
return 1
`;

/**
 * KEYS: members hash, join counter, rooms set, knocks hash. ARGV: now, recovery window, room, nodePrefix.
 * Marks the members of a dead node as held from now; removes those held past their time, and
 * knocks whose node is dead. Returns the removed members' JSON.
 */
export const SWEEP = `
local now, window, nodePrefix = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[4]
local expired = {}
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local m = cjson.decode(all[i + 1])
  local held = m.heldSince ~= nil and m.heldSince ~= cjson.null
  if not held and redis.call('EXISTS', nodePrefix .. m.node) == 0 then
    m.heldSince = now
    m.heldUntil = now + window
    redis.call('HSET', KEYS[1], all[i], cjson.encode(m))
  elseif held and m.heldUntil ~= nil and m.heldUntil ~= cjson.null and m.heldUntil <= now then
    redis.call('HDEL', KEYS[1], all[i])
    table.insert(expired, all[i + 1])
  end
end
local knocks = redis.call('HGETALL', KEYS[4])
for i = 1, #knocks, 2 do
  local k = cjson.decode(knocks[i + 1])
  if redis.call('EXISTS', nodePrefix .. k.node) == 0 then redis.call('HDEL', KEYS[4], knocks[i]) end
end
if redis.call('HLEN', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[2])
  if redis.call('HLEN', KEYS[4]) == 0 then redis.call('SREM', KEYS[3], ARGV[3]) end
end
return expired
`;

/**
 * KEYS: knocks hash, rooms set. ARGV: participantId, knock JSON, socketId, maxWaiting, room, nodePrefix.
 * Returns 'ok', 'already_in_room' or 'room_full'.
 */
export const KNOCK = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if raw then
  local k = cjson.decode(raw)
  if k.socketId ~= ARGV[3] and redis.call('EXISTS', ARGV[6] .. k.node) == 1 then return 'already_in_room' end
elseif redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[4]) then
  return 'room_full'
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('SADD', KEYS[2], ARGV[5])
return 'ok'
`;

/** KEYS: knocks hash. ARGV: participantId, socketId ('' for any). Returns the knock taken, or false. */
export const TAKE_KNOCK = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return false end
if ARGV[2] ~= '' and cjson.decode(raw).socketId ~= ARGV[2] then return false end
redis.call('HDEL', KEYS[1], ARGV[1])
return raw
`;

/**
 * KEYS: members hash, the room's start. ARGV: the participant ids leaving with the caller.
 * Takes (and returns) the start of the room's run when no member but those is left, else false:
 * of every node whose member leaves an emptying room, exactly one ends it.
 */
export const END_ROOM = `
for _, id in ipairs(redis.call('HKEYS', KEYS[1])) do
  local leaving = false
  for i = 1, #ARGV do if ARGV[i] == id then leaving = true end end
  if not leaving then return false end
end
local started = redis.call('GET', KEYS[2])
if started then redis.call('DEL', KEYS[2]) end
return started
`;

/** KEYS: members hash, knocks hash, access hash. Forgets the room's lock once nobody is in it or waiting. */
export const PRUNE = `
if redis.call('HLEN', KEYS[1]) == 0 and redis.call('HLEN', KEYS[2]) == 0 then redis.call('DEL', KEYS[3]) end
return 1
`;
