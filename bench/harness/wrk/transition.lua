-- Pause and resume this connection's own trajectories in turn (`data.sets[index + 1]`, as
-- the account that leads them), each with If-Match carrying the version its last answer
-- returned.

function init(args)
  load_data(args)
  mine = data.sets[index + 1].items
  token = data.sets[index + 1].token
  turn = 0
  current = nil
end

function request()
  current = mine[(turn % #mine) + 1]
  local body
  if current.paused then
    body = '{"toStatus":"' .. current.status .. '"}'
  else
    body = '{"toStatus":"PAUSED","reason":"Benchmark: a planned holiday."}'
  end
  return wrk.format("POST", "/v1/trajectories/" .. current.id .. "/transitions", {
    ["Authorization"] = bearer(token),
    ["Content-Type"] = "application/json",
    ["Accept"] = "application/json",
    ["If-Match"] = '"' .. current.version .. '"',
  }, body)
end

function response(status, headers, body)
  if status == 200 then
    local etag = headers["etag"] or headers["ETag"]
    current.version = tonumber(string.match(etag, '"(%d+)"'))
    current.paused = not current.paused
    turn = turn + 1
  end
end
