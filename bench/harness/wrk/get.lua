-- GET this connection's paths in turn (`data.sets`, one per connection, shared round-robin
-- when there are fewer), with its bearer token if it has one.

function init(args)
  load_data(args)
  mine = data.sets[(index % #data.sets) + 1]
  turn = index
  headers = { ["Accept"] = "application/json" }
  if mine.token then
    headers["Authorization"] = bearer(mine.token)
  end
end

function request()
  turn = turn + 1
  return wrk.format("GET", mine.paths[(turn % #mine.paths) + 1], headers)
end
