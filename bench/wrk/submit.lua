-- POST /api/ratings/submissions with a fresh idempotency key on every request (a new filled
-- form each time, never a retry), spread over the counters and over many user agents (devices),
-- as citizens at several counters would send them. bench/lib/wrk.ts prepends BENCH_* globals:
-- BENCH_TEMPLATES[i] = { id, version, publicCodes = {...}, answers = '[...]' }.
local random = math.random
local hex = "0123456789abcdef"

local function uuid4()
  local out = {}
  for i = 1, 36 do
    if i == 9 or i == 14 or i == 19 or i == 24 then
      out[i] = "-"
    elseif i == 15 then
      out[i] = "4"
    elseif i == 20 then
      local v = random(8, 11)
      out[i] = hex:sub(v + 1, v + 1)
    else
      local v = random(0, 15)
      out[i] = hex:sub(v + 1, v + 1)
    end
  end
  return table.concat(out)
end

local counter = 0

function init(args)
  math.randomseed(os.time() * 1000 + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0) % 100000)
end

function request()
  counter = counter + 1
  local t = BENCH_TEMPLATES[(counter % #BENCH_TEMPLATES) + 1]
  local code = t.publicCodes[(counter % #t.publicCodes) + 1]
  local body = string.format(
    '{"idempotencyKey":"%s","templateId":"%s","templateVersion":%d,' ..
    '"source":{"kind":"counter","publicCode":"%s"},"answers":%s%s}',
    uuid4(), t.id, t.version, code, t.answers, t.extra)
  local headers = {
    ["content-type"] = "application/json",
    ["user-agent"] = "Mozilla/5.0 (Linux; Android 14) bench-device-" .. random(1, 1000000),
    ["cf-connecting-ip"] = "127.0." .. random(0, 255) .. "." .. random(1, 254),
  }
  return wrk.format("POST", "/api/ratings/submissions", headers, body)
end
