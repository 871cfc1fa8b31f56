-- wrk script for bench/gateway.sh's fixed-load phase: after each answer a connection waits about the number of
-- milliseconds given after `--` (uniformly between half and one and a half times it, so the connections do not
-- fall into step and arrive in bursts); the offered load is connections x 1000 / (pause + latency) per second.
local pause = 0

function init(args)
  pause = tonumber(args[1]) or 0
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function delay()
  return math.floor(pause * (0.5 + math.random()) + 0.5)
end
