-- wrk script: every request books the same slot (the hot slot: one 201, then 409s answered from the slot
-- grain's memory). Environment: SLOT (the slot's id), EXEMPT (RateLimit__ExemptKey, so the per-IP limit
-- does not answer 429s instead). Prints the answers by status at the end.
--   SLOT=<id> EXEMPT=<key> wrk -t1 -c64 -d10s -s tests/Booking.LoadTest/wrk/book.lua http://127.0.0.1:5080/api/appointments/book
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-RateLimit-Exempt"] = os.getenv("EXEMPT") or ""
wrk.body = string.format(
  '{"slot_id":"%s","patient_name":"Hot Patient","patient_email":"hot@example.org","patient_phone":"+15550002222"}',
  os.getenv("SLOT") or "")

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init()
  statuses = {}
end

function response(status)
  statuses[status] = (statuses[status] or 0) + 1
end

function done()
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + count
    end
  end
  for status, count in pairs(total) do
    io.write(string.format("status %d: %d\n", status, count))
  end
end
