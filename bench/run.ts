/**
 * `npm run bench` — restfit against raw node:http, undici, axios and ts-retrofit, in one run.
 * Options: --only=instant,own,loopback,redirect,create,memory   --quick (fewer, shorter repetitions)
 * Prints Markdown and writes it to bench/last-run.md (+ the raw samples to bench/last-run.json).
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { measureCreate, measureMemory } from './create-and-memory';
import { measureOwnCost } from './own-cost';
import { authProviderInUse, createInstantContenders } from './instant-contenders';
import { createLoopbackContenders, type Contender } from './loopback-contenders';
import { interleaved, pairedRatio, runFor, shuffled, timeSequential } from './measure';
import { isCreatedUser, isExpectedUser } from './payloads';
import { startServerProcess } from './server-process';
import { fmt, median, summarize, type Summary } from './stats';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
const enabled = (section: string) => !only || only.includes(section);

const settings = quick
  ? {
      instantRounds: 12,
      instantBatch: 300,
      ownCalls: 20_000,
      ownRounds: 5,
      loopRounds: 3,
      loopMs: 150,
      redirectReps: 3,
      createClasses: 20,
      memoryCount: 300,
    }
  : {
      instantRounds: 41,
      instantBatch: 400,
      ownCalls: 50_000,
      ownRounds: 9,
      loopRounds: 9,
      loopMs: 300,
      redirectReps: 5,
      createClasses: 40,
      memoryCount: 1_000,
    };
const MAX_CALLS_PER_CELL = 200_000;
const CONCURRENCY = [1, 64];

const out: string[] = [];
const raw: Record<string, unknown> = { settings };
function print(line = ''): void {
  out.push(line);
  console.log(line);
}

function machine(): void {
  const cpu = cpus();
  raw.machine = { node: process.version, cpu: cpu[0]?.model, cores: cpu.length };
  print(
    `Node ${process.version}, ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${process.platform} ${process.arch}`,
  );
  print(`Run: ${new Date().toISOString()}${quick ? ' (--quick)' : ''}`);
  print();
}

async function instant(): Promise<void> {
  print('## Client-side cost per call (instant adapter, no network)');
  print();
  print(
    `CPU µs per sequential call; ${settings.instantRounds} interleaved rounds × ${settings.instantBatch} calls per contender; ratios are medians of per-round ratios. Auth configured as: ${authProviderInUse().label}.`,
  );
  print();
  const contenders = createInstantContenders();
  for (const c of contenders) {
    const value = await c.call();
    if (!isExpectedUser(value)) throw new Error(`${c.name}: unexpected answer ${JSON.stringify(value)}`);
    await timeSequential(c.call, settings.instantBatch * 5); // warm-up
  }
  const samples = await interleaved(
    contenders.map((c) => c.call),
    settings.instantRounds,
    settings.instantBatch,
  );
  const index = new Map(contenders.map((c, i) => [c.name, i]));
  const results: Record<string, unknown> = {};
  print('| contender | µs/call (median) | spread (IQR) | ratio to baseline (median, IQR) | target |');
  print('|---|---:|---:|---|---|');
  contenders.forEach((c, i) => {
    const s = summarize(samples[i]);
    let versus = '';
    let target = '';
    if (c.baseline) {
      const ratios = summarize(pairedRatio(samples[i], samples[index.get(c.baseline)!]));
      versus = `**${fmt(ratios.median, 3)}**× ${c.baseline} (${fmt(ratios.p25, 3)}–${fmt(ratios.p75, 3)})`;
      if (c.target) target = `≤ ${fmt(c.target, 2)}×: ${ratios.median <= c.target ? 'met' : 'MISSED'}`;
      results[`${c.name} ÷ ${c.baseline}`] = ratios;
    }
    results[c.name] = s;
    print(`| ${c.name} | ${fmt(s.median, 2)} | ${fmt(s.p25, 1)}–${fmt(s.p75, 1)} | ${versus} | ${target} |`);
  });
  raw.instant = results;
  axiosInstantUs = summarize(samples[index.get('axios GET')!]).median;
  print();
}

/** The median µs of a direct axios GET with the instant adapter, from this run (for percentages). */
let axiosInstantUs: number | undefined;

async function ownCost(): Promise<void> {
  print("## restfit's own work per call (axios taken out)");
  print();
  const own = await measureOwnCost(settings.ownCalls, settings.ownRounds);
  raw.ownCost = own;
  const plain = (own.plainNs - own.baselineNs) / 1000;
  const configured = (own.configuredNs - own.baselineNs) / 1000;
  const withHeaders = (own.withHeadersNs - own.baselineNs) / 1000;
  const pct = (us: number) =>
    axiosInstantUs
      ? ` = ${fmt((us / axiosInstantUs) * 100)}% of a direct axios GET (${fmt(axiosInstantUs, 1)} µs above)`
      : '';
  print(
    `A stand-in axios instance whose request() resolves at once; best of ${settings.ownRounds} interleaved rounds × ${settings.ownCalls} sequential calls, minus a loop that only parses the same JSON (${fmt(own.baselineNs / 1000, 2)} µs).`,
  );
  print();
  print(`- nothing configured: **${fmt(plain, 2)} µs** per call${pct(plain)}`);
  print(
    `- retry + rate limit + auth configured, not triggered: **${fmt(configured, 2)} µs** per call${pct(configured)}`,
  );
  print(`- the same with a default header (\`headers\` option): **${fmt(withHeaders, 2)} µs** per call`);
  print();
}

async function withServer(body: (url: string) => Promise<void>): Promise<void> {
  const server = await startServerProcess();
  try {
    await body(server.url);
  } finally {
    await server.stop();
  }
}

async function checkContender(c: Contender): Promise<void> {
  const got = await c.get();
  if (!isExpectedUser(got)) throw new Error(`${c.name}: GET answered ${JSON.stringify(got)}`);
  const created = await c.post();
  if (!isCreatedUser(created)) throw new Error(`${c.name}: POST answered ${JSON.stringify(created)}`);
}

/** Paired ratios over loopback: numerator ÷ denominator, with the issue-16 target on req/s where there is one. */
const LOOPBACK_PAIRS: { a: string; b: string; target?: (concurrency: number) => number }[] = [
  { a: 'restfit + undiciAdapter', b: 'axios', target: (c) => (c > 1 ? 2 : 1.5) },
  { a: 'restfit', b: 'axios maxRedirects:0', target: () => 1 },
  { a: 'restfit', b: 'axios' },
  { a: 'restfit + undiciAdapter', b: 'restfit' },
  { a: 'restfit + undiciAdapter', b: 'undici' },
  { a: 'restfit', b: 'ts-retrofit' },
];

/** The issue's bound on a ratio's spread, as half its IQR in % of its median. */
const MAX_SPREAD_PERCENT = 5;

/** Half the IQR of a set of ratios, in % of their median. */
function iqrHalfPercent(values: number[]): number {
  const s = summarize(values);
  return ((s.p75 - s.p25) / 2 / s.median) * 100;
}

/** "1.234 (±5.6%, IQR ±2.1%)": median, half the min–max range and half the IQR, in % of the median. */
function ratioCell(values: number[]): string {
  const s = summarize(values);
  const half = (hi: number, lo: number) => fmt(((hi - lo) / 2 / s.median) * 100);
  return `${fmt(s.median, 3)} (±${half(s.max, s.min)}%, IQR ±${half(s.p75, s.p25)}%)`;
}

async function loopback(url: string): Promise<void> {
  print('## Throughput over loopback (server in a separate process, keep-alive)');
  print();
  const start = loadavg();
  print(
    `${settings.loopRounds} interleaved rounds: each round runs every contender for ${settings.loopMs} ms in every cell, in an order shuffled each round. **Client CPU µs per request** (user + system CPU of the client process ÷ requests) is the primary figure: it is what a contender costs, and it moves less than req/s when other processes share the cores. Ratios are **paired**: computed within each round, then the median over rounds, with the spread as half the min–max range and half the IQR, in % of the median. Load average at the start: ${start.map((l) => fmt(l, 2)).join(' / ')}.`,
  );
  print();
  const setup = createLoopbackContenders(url, Math.max(...CONCURRENCY));
  try {
    const { contenders } = setup;
    for (const c of contenders) await checkContender(c);
    const cells: { workload: 'get' | 'post'; concurrency: number }[] = [];
    for (const workload of ['get', 'post'] as const)
      for (const concurrency of CONCURRENCY) cells.push({ workload, concurrency });
    const key = (cell: (typeof cells)[number], name: string) =>
      `${cell.workload} c=${cell.concurrency} ${name}`;
    const rps = new Map<string, number[]>();
    const cpu = new Map<string, number[]>();
    for (const cell of cells) {
      for (const c of contenders) await runFor(c[cell.workload], cell.concurrency, 150, MAX_CALLS_PER_CELL); // warm-up
    }
    for (let round = 0; round < settings.loopRounds; round++) {
      for (const cell of cells) {
        for (const c of shuffled(contenders, round)) {
          const run = await runFor(c[cell.workload], cell.concurrency, settings.loopMs, MAX_CALLS_PER_CELL);
          const k = key(cell, c.name);
          (rps.get(k) ?? rps.set(k, []).get(k)!).push(run.rps);
          (cpu.get(k) ?? cpu.set(k, []).get(k)!).push(run.cpuUs);
        }
      }
    }
    const ratios: Record<string, unknown> = {};
    // The issue's targets, cell by cell, for the summary at the end of the section.
    const verdicts: string[] = [];
    raw.loopback = { rps: Object.fromEntries(rps), cpuUs: Object.fromEntries(cpu), ratios };
    for (const cell of cells) {
      const name = `${cell.workload === 'get' ? 'GET /users/{id}?q=…' : 'POST /users (small JSON)'}, concurrency ${cell.concurrency}`;
      print(`### ${name}`);
      print();
      print('| contender | client CPU µs/req (median) | CPU spread | req/s (median) | req/s spread |');
      print('|---|---:|---:|---:|---:|');
      for (const c of contenders) {
        const r = summarize(rps.get(key(cell, c.name))!);
        const u = summarize(cpu.get(key(cell, c.name))!);
        print(
          `| ${c.name} | ${fmt(u.median, 1)} | ±${fmt(u.spread / 2)}% | ${fmt(r.median, 0)} | ±${fmt(r.spread / 2)}% |`,
        );
      }
      print();
      print('| paired ratio | req/s ratio | CPU/req ratio (lower is cheaper) | target (req/s) |');
      print('|---|---|---|---|');
      for (const pair of LOOPBACK_PAIRS) {
        const rpsRatio = pairedRatio(rps.get(key(cell, pair.a))!, rps.get(key(cell, pair.b))!);
        const cpuRatio = pairedRatio(cpu.get(key(cell, pair.a))!, cpu.get(key(cell, pair.b))!);
        ratios[`${key(cell, pair.a)} ÷ ${pair.b}`] = { rps: summarize(rpsRatio), cpu: summarize(cpuRatio) };
        const target = pair.target?.(cell.concurrency);
        const spread = iqrHalfPercent(rpsRatio);
        const noisy =
          spread > MAX_SPREAD_PERCENT
            ? `; spread ±${fmt(spread)}% > ±${MAX_SPREAD_PERCENT}%: NOT CONCLUSIVE`
            : '';
        const verdict =
          target === undefined
            ? ''
            : `≥ ${fmt(target, 1)}: ${median(rpsRatio) >= target ? 'met' : 'MISSED'}${noisy}`;
        if (target !== undefined)
          verdicts.push(
            `| ${pair.a} ÷ ${pair.b} | ${cell.workload.toUpperCase()} c=${cell.concurrency} | ${fmt(median(rpsRatio), 3)} | ${verdict} |`,
          );
        print(`| ${pair.a} ÷ ${pair.b} | ${ratioCell(rpsRatio)} | ${ratioCell(cpuRatio)} | ${verdict} |`);
      }
      print();
    }
    const end = loadavg();
    print(`Load average at the end: ${end.map((l) => fmt(l, 2)).join(' / ')}.`);
    print();
    print(`### Issue 16's targets (req/s ratios; spread = half the IQR of the per-round ratios)`);
    print();
    print('| ratio | cell | median | verdict |');
    print('|---|---|---:|---|');
    for (const line of verdicts) print(line);
    print();
    const inconclusive = verdicts.filter((line) => line.includes('NOT CONCLUSIVE')).length;
    if (inconclusive > 0) {
      const cores = cpus().length;
      const busy = Math.max(start[0], end[0]) > cores * 0.5;
      print(
        `${inconclusive} of ${verdicts.length} target ratios have a spread above ±${MAX_SPREAD_PERCENT}%: ${
          busy
            ? `the machine was busy (load average ${fmt(start[0], 2)} at the start, ${fmt(end[0], 2)} at the end, on ${cores} cores), so rounds got different shares of the cores`
            : `the load average stayed low (${fmt(start[0], 2)} → ${fmt(end[0], 2)} on ${cores} cores): more or longer rounds (not --quick) should narrow it`
        }. Repeat the run on a quiet machine before judging those cells.`,
      );
      print();
    }
  } finally {
    await setup.close();
  }
}

async function redirects(url: string): Promise<void> {
  print('## Following a redirect (GET /moved/users/{id} → 302 → /users/{id})');
  print();
  const setup = createLoopbackContenders(url, Math.max(...CONCURRENCY));
  try {
    const movers = setup.contenders.filter((c) => c.getMoved);
    const usable: Contender[] = [];
    for (const c of movers) {
      try {
        const got = await c.getMoved!();
        if (isExpectedUser(got)) usable.push(c);
        else print(`- ${c.name}: did not follow the redirect (answered ${JSON.stringify(got).slice(0, 80)})`);
      } catch (error) {
        print(
          `- ${c.name}: did not follow the redirect (${(error as Error).name}: ${(error as Error).message.slice(0, 100)})`,
        );
      }
    }
    if (usable.length === 0) {
      print();
      return;
    }
    print('| contender | concurrency | req/s (median) | spread | client CPU µs/req |');
    print('|---|---:|---:|---:|---:|');
    const results: Record<string, Summary> = {};
    for (const concurrency of CONCURRENCY) {
      const rps = new Map<string, number[]>(usable.map((c) => [c.name, []]));
      const cpu = new Map<string, number[]>(usable.map((c) => [c.name, []]));
      for (const c of usable) await runFor(c.getMoved!, concurrency, 150, MAX_CALLS_PER_CELL);
      for (let rep = 0; rep < settings.redirectReps; rep++) {
        for (const c of shuffled(usable, rep)) {
          const run = await runFor(c.getMoved!, concurrency, settings.loopMs, MAX_CALLS_PER_CELL);
          rps.get(c.name)!.push(run.rps);
          cpu.get(c.name)!.push(run.cpuUs);
        }
      }
      for (const c of usable) {
        const s = summarize(rps.get(c.name)!);
        results[`c=${concurrency} ${c.name}`] = s;
        print(
          `| ${c.name} | ${concurrency} | ${fmt(s.median, 0)} | ±${fmt(s.spread / 2)}% | ${fmt(median(cpu.get(c.name)!), 1)} |`,
        );
      }
    }
    raw.redirects = results;
    print();
  } finally {
    await setup.close();
  }
}

function create(): void {
  print('## createClient and memory');
  print();
  const times = measureCreate(50, settings.createClasses, 200);
  const cold = median(times.coldMs);
  const warm = median(times.warmMs);
  raw.create = times;
  print(
    `createClient for a 50-method service: **${fmt(cold, 2)} ms** the first time for a class (parse + validate + resolve; median of ${times.coldMs.length} fresh classes, max ${fmt(Math.max(...times.coldMs), 2)} ms), ${fmt(warm, 3)} ms for another client of an already parsed class. Target < 5 ms: ${cold < 5 ? 'met' : 'MISSED'}.`,
  );
  print();
}

async function memory(): Promise<void> {
  const rows = await measureMemory(settings.memoryCount);
  raw.memory = rows;
  print(`Retained heap per item (${settings.memoryCount} items kept alive, after GC, median of 3 rounds):`);
  print();
  print('| item | bytes each | ≤ 1 KiB |');
  print('|---|---:|---|');
  for (const row of rows) {
    print(
      `| ${row.name} | ${fmt(row.bytesPerItem, 0)} | ${row.name.startsWith('restfit') ? (row.bytesPerItem <= 1024 ? 'met' : 'MISSED') : ''} |`,
    );
  }
  print();
}

async function main(): Promise<void> {
  const t0 = Date.now();
  machine();
  if (enabled('instant')) await instant();
  if (enabled('own')) await ownCost();
  if (enabled('loopback') || enabled('redirect')) {
    await withServer(async (url) => {
      if (enabled('loopback')) await loopback(url);
      if (enabled('redirect')) await redirects(url);
    });
  }
  if (enabled('create')) create();
  if (enabled('memory')) await memory();
  print(`Total bench time: ${fmt((Date.now() - t0) / 1000, 0)} s`);
  const suffix = only ? `-${only.join('-')}` : '';
  writeFileSync(join(__dirname, `last-run${suffix}.md`), `${out.join('\n')}\n`);
  writeFileSync(join(__dirname, `last-run${suffix}.json`), `${JSON.stringify(raw, null, 1)}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
