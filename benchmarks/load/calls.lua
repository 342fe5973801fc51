-- wrk script for CtiPush: whole calls — newCall (1 to 3 user[]), answer, hangup — with callIds no other
-- thread or run uses. A tenth of the calls come in from blocked numbers (4919…), three tenths go out through
-- a caller id route (41…), so the rule engine and both writes are exercised.
-- wrk -s calls.lua http://host:port -- /api/v1/cti/<token> <run id>

local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  path = args[1]
  run = args[2] or "run"
  seq = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

function request()
  local call = math.floor(seq / 3)
  local step = seq % 3
  seq = seq + 1
  local id = run .. "-" .. tid .. "-" .. call
  local body
  if step == 0 then
    local kind = call % 10
    local direction, from, to
    if kind == 0 then
      direction, from, to = "in", string.format("4919%08d", call % 100000000), "4930555000"
    elseif kind <= 3 then
      direction, from, to = "out", "4930555000", string.format("41%09d", call % 1000000000)
    else
      direction, from, to = "in", string.format("4930%08d", call % 100000000), "4930555000"
    end
    local users = "&user[]=agent-" .. (call % 40)
    for u = 2, (call % 3) + 1 do
      users = users .. "&user[]=agent-" .. ((call + u) % 40)
    end
    body = "event=newCall&callId=" .. id .. "&direction=" .. direction .. "&from=" .. from .. "&to=" .. to .. users
  elseif step == 1 then
    body = "event=answer&callId=" .. id .. "&user=agent-" .. (call % 40)
  else
    body = "event=hangup&callId=" .. id .. "&cause=normalClearing"
  end
  return wrk.format(nil, path, nil, body)
end
