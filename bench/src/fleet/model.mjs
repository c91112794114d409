/**
 * A fleet of recording clients in virtual time through an ingest outage (issue 17, point 3).
 *
 * Each client follows the recorder's §23 send rules: a periodic tick every 10 s on its own phase
 * (the page loaded at a random moment) that sends when 10 s passed since the start of its last
 * successful send; no tick sends while a retry is pending; after a failure the retry waits
 * `retryDelay(failures)`, the recorder's own function; after a success the next request goes at
 * once only while more than the §10 threshold is still waiting. Every client records all along
 * (the worst case for load), at its own rate of chars per second; a request carries at most
 * 5,242,880 chars; the unacknowledged chars are capped by the 16,777,216-char memory bound.
 *
 * The clock advances in slots of `slotMs`; each client holds exactly one pending action (its next
 * request), kept in a calendar queue of slots, so 100,000 clients over 20 minutes take seconds.
 */

const CAP = 5_242_880;
const MEMORY_BOUND = 16_777_216;
const TICK_MS = 10_000;

/** Deterministic PRNG (mulberry32) so a run is reproducible from its seed. */
export function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Run the model. `schedule` is the recorder's module (`retryDelay`, `BATCH_RETRY_DELAYS_MS`).
 * Returns requests per second in 1 s bins, and the summary figures.
 */
export function runFleet({
  schedule,
  clients = 100_000,
  outageStartMs = 120_000,
  outageMs = 600_000,
  afterMs = 480_000,
  latencyMs = 200,
  slotMs = 50,
  jitter = schedule.RETRY_JITTER,
  busyShare = 0.1,
  busyCharsPerSec = 20_000,
  lightCharsPerSec = 1_000,
  seed = 17,
}) {
  const random = seeded(seed);
  const endMs = outageStartMs + outageMs + afterMs;
  const outageEndMs = outageStartMs + outageMs;
  const slots = Math.ceil(endMs / slotMs) + 1;
  const queue = Array.from({ length: slots }, () => []);
  const phase = new Float64Array(clients);
  const rate = new Float64Array(clients);
  const failures = new Int32Array(clients);
  const ackedUntil = new Float64Array(clients);
  // Exact time of each client's next request; the queue slot only orders them coarsely.
  const nextAt = new Float64Array(clients);
  const perSecond = new Float64Array(Math.ceil(endMs / 1000));
  const failedPerSecond = new Float64Array(perSecond.length);

  const at = (ms, id) => {
    nextAt[id] = ms;
    const slot = Math.floor(ms / slotMs);
    if (slot < slots) queue[slot].push(id);
  };
  /** The first tick of client `id` at or after `ms`. */
  const tickAtOrAfter = (id, ms) => phase[id] + Math.ceil((ms - phase[id]) / TICK_MS) * TICK_MS;

  for (let id = 0; id < clients; id++) {
    phase[id] = random() * TICK_MS;
    rate[id] = random() < busyShare ? busyCharsPerSec : lightCharsPerSec;
    ackedUntil[id] = 0;
    at(phase[id] + TICK_MS, id);
  }

  for (let slot = 0; slot < slots; slot++) {
    const due = queue[slot];
    queue[slot] = null;
    for (const id of due) {
      const now = nextAt[id];
      // The unacknowledged chars: everything since the last acknowledged moment, memory-bounded.
      let waiting = (rate[id] * (now - ackedUntil[id])) / 1000;
      if (waiting > MEMORY_BOUND) {
        // The memory bound dropped the oldest: what is left starts later.
        ackedUntil[id] = now - (MEMORY_BOUND / rate[id]) * 1000;
        waiting = MEMORY_BOUND;
      }
      const carried = Math.min(waiting, CAP);
      const second = Math.floor(now / 1000);
      perSecond[second]++;
      const answeredAt = now + latencyMs;
      if (now >= outageStartMs && now < outageEndMs) {
        failedPerSecond[second]++;
        failures[id]++;
        const delay = schedule.retryDelay(
          failures[id],
          schedule.BATCH_RETRY_DELAYS_MS,
          random,
          jitter,
        );
        at(answeredAt + delay, id);
        continue;
      }
      failures[id] = 0;
      ackedUntil[id] += (carried / rate[id]) * 1000;
      const left = waiting - carried;
      // Back to back only while over the threshold; else the first tick 10 s after this start.
      if (left >= CAP) at(answeredAt, id);
      else at(tickAtOrAfter(id, now + TICK_MS), id);
    }
  }
  return { perSecond, failedPerSecond, outageStartMs, outageEndMs, endMs, clients };
}

/** Mean of `bins` over [fromMs, toMs). */
function mean(bins, fromMs, toMs) {
  let sum = 0;
  const a = Math.floor(fromMs / 1000);
  const b = Math.floor(toMs / 1000);
  for (let i = a; i < b; i++) sum += bins[i];
  return sum / (b - a);
}

/** Largest bin in [fromMs, toMs), averaged over `windowS` seconds. */
function peak(bins, fromMs, toMs, windowS = 1) {
  let best = 0;
  const a = Math.floor(fromMs / 1000);
  const b = Math.floor(toMs / 1000);
  for (let i = a; i + windowS <= b; i++) {
    let sum = 0;
    for (let j = 0; j < windowS; j++) sum += bins[i + j];
    best = Math.max(best, sum / windowS);
  }
  return best;
}

/** The figures the issue asks for, each relative to the normal rate before the outage. */
export function summarize(run) {
  const { perSecond, outageStartMs, outageEndMs, endMs } = run;
  // Normal: a full minute of steady state before the outage (after the first ticks settled).
  const normal = mean(perSecond, outageStartMs - 60_000, outageStartMs);
  const during = mean(perSecond, outageStartMs, outageEndMs);
  const duringPeak = peak(perSecond, outageStartMs, outageEndMs);
  const duringPeak10 = peak(perSecond, outageStartMs, outageEndMs, 10);
  const duringLate = mean(perSecond, outageStartMs + 120_000, outageEndMs);
  const afterPeak = peak(perSecond, outageEndMs, endMs);
  const afterPeak10 = peak(perSecond, outageEndMs, endMs, 10);
  // When the rate is back within 10 % of normal for a whole minute.
  let settledS = null;
  for (let s = Math.floor(outageEndMs / 1000); s + 60 <= perSecond.length; s++) {
    let ok = true;
    for (let j = 0; j < 60 && ok; j++) ok = Math.abs(perSecond[s + j] - normal) <= normal * 0.1;
    if (ok) {
      settledS = s - outageEndMs / 1000;
      break;
    }
  }
  return {
    normalPerSecond: normal,
    duringMeanPerSecond: during,
    duringMeanRelative: during / normal,
    duringPeakRelative: duringPeak / normal,
    duringPeak10sRelative: duringPeak10 / normal,
    duringAfter2MinRelative: duringLate / normal,
    afterPeakRelative: afterPeak / normal,
    afterPeak10sRelative: afterPeak10 / normal,
    secondsToSteadyAfterRecovery: settledS,
  };
}
