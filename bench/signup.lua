-- wrk script: every request is a new, valid sign-up for one activity, with
-- its own idempotency token and phone number, like residents arriving from
-- a shared SMS link. Usage: wrk -s bench/signup.lua ... http://host/a/SLUG -- STAMP
-- STAMP is the "time.signature" half of a form token from the form page
-- (bench/run.sh reads it); the server must run with TILMELD_FORM_MIN_AGE=0.
local counter = 0
local thread_id = 0

function setup(thread)
  thread:set("id", thread_id)
  thread_id = thread_id + 1
end

function init(args)
  stamp = args[1] or ""
  counter = 0
  math.randomseed(os.time() + id * 7919)
  prefix = string.format("%02d%04d", id, math.random(0, 9999))
  base = math.random(0, 9999999)
end

function request()
  counter = counter + 1
  -- 8-digit Danish numbers starting with 2..9: unique per thread and request.
  local phone = string.format("%d%07d", 2 + (id % 8), (base + counter) % 10000000)
  local body = "_idem=bench" .. prefix .. string.format("%012d", counter) .. "aaaaaaaaaaaa." .. stamp
    .. "&name=Bench+Person&phone=%2B" .. "45" .. phone
    .. "&department=fsb-01-29&children_count=1&children_ages=4&consent=yes"
  return wrk.format("POST", nil, {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
