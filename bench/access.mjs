// The access figures: what join tokens cost a join, and what the per-connection limits cost the
// relay. Run by `npm run bench` (BENCH_ACCESS_ROUNDS=0 skips them), or alone after
// `npm run build`: `node bench/access.mjs`.
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchJoinTokens, JOIN_TOKEN_TARGET } from './join-tokens.mjs';
import { benchRelayLimits, messageSizes, MESSAGES_PER_SECOND, RELAY_TARGET, STEADY_SHARE } from './relay-limits.mjs';
import { joinTokenLines, relayLines, relayRoundLine } from './report.mjs';

/** Relay rounds of each kind (limits on, off, unchecked), 2 s each. */
export const DEFAULT_ACCESS_ROUNDS = 9;
const load = () => loadavg()[0].toFixed(1);

/**
 * Runs both and prints their tables with `log`. Resolves to the summary lines; a relay that had
 * messages refused throws (its figure would be about a server past its limits).
 */
export async function benchAccess({ log, signal, relayRounds = DEFAULT_ACCESS_ROUNDS }) {
  log(`Join tokens: joins interleaved between a server with tokens and one without (load average ${load()})`);
  const joins = joinTokenLines(await benchJoinTokens({ signal }), JOIN_TOKEN_TARGET);
  log(`  load average ${load()} at the end`);
  joins.table.forEach((line) => log(line));

  log();
  log(`Relay: limits on, off and unchecked, ${relayRounds} rounds each after a warm-up, interleaved (load average ${load()})`);
  const relayed = await benchRelayLimits({
    rounds: relayRounds,
    signal,
    onRound: (kind, index, result) => log(relayRoundLine(kind, index, relayRounds, result)),
  });
  log(`  load average ${load()} at the end`);
  const relay = relayLines(relayed, { sizes: messageSizes(), messagesPerSecond: MESSAGES_PER_SECOND, target: RELAY_TARGET, steadyShare: STEADY_SHARE });
  log();
  relay.table.forEach((line) => log(line));
  return [joins.summary, relay.summary];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!existsSync(new URL('../build/server/index.js', import.meta.url))) {
    console.error('bench/access.mjs: build first (npm run build)');
    process.exit(1);
  }
  const log = (line = '') => console.log(line);
  log(`Machine: ${availableParallelism()} CPUs, load average ${load()}`);
  try {
    const summary = await benchAccess({ log, relayRounds: Number(process.env.BENCH_ACCESS_ROUNDS ?? DEFAULT_ACCESS_ROUNDS) });
    log();
    summary.forEach((line) => log(line));
    process.exit(0);
  } catch (error) {
    console.error(`bench: ${error.stack ?? error}`);
    process.exit(1);
  }
}
