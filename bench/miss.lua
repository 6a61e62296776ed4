-- wrk: every request a new URL, so that no answer cache holds it (the API list "uncached"):
-- the path plus a start= a random number of seconds (up to a year) before the run began.
-- Reports as bench/report.lua does.
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "report.lua")

local began = os.time()

init = function(args)
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end

request = function()
  local start = os.date("!%Y-%m-%dT%H:%M:%SZ", began - math.random(0, 31536000))
  local sep = wrk.path:find("?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. sep .. "start=" .. start)
end
