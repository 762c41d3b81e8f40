-- Sign in as one of `data.emails` in turn: a full argon2id verification each time.

function init(args)
  load_data(args)
  turn = index
  headers = { ["Content-Type"] = "application/json", ["Accept"] = "application/json" }
end

function request()
  turn = turn + 1
  local email = data.emails[(turn % #data.emails) + 1]
  local body = '{"email":"' .. email .. '","password":"' .. data.password .. '"}'
  return wrk.format("POST", "/v1/sessions", headers, body)
end
