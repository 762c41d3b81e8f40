-- Register a client, then open an IPS trajectory for it: two requests per round, the second
-- naming the id the first returned. A failed registration is retried, not chained.

function init(args)
  load_data(args)
  headers = {
    ["Authorization"] = bearer(data.token),
    ["Content-Type"] = "application/json",
    ["Accept"] = "application/json",
  }
  registered = nil
  waiting_for = nil
  round = 0
end

function request()
  if registered then
    local body = '{"clientId":"' .. registered .. '","type":"IPS","wishToWorkDate":"'
      .. data.today .. '"}'
    registered = nil
    waiting_for = "trajectory"
    return wrk.format("POST", "/v1/trajectories", headers, body)
  end
  round = round + 1
  waiting_for = "client"
  local body = string.format(
    '{"givenNames":"Bench","familyName":"Load %d-%d","birthDate":"1990-04-12",'
      .. '"municipalityCode":"%s"}',
    index, round, data.municipality)
  return wrk.format("POST", "/v1/clients", headers, body)
end

function response(status, headers, body)
  if waiting_for == "client" and status == 201 then
    registered = string.match(body, '"id"%s*:%s*"([0-9a-f-]+)"')
  end
end
