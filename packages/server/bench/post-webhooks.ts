/**
 * The load generator of the ingest benchmark, in a process of its own so that the client's work
 * does not share the server's event loop: posts pre-signed WhatsApp webhooks with autocannon and
 * sends autocannon's result to the parent.
 *
 *   (forked by ingest.bench.ts) argv: <url> <connections> <bodies.json>
 *
 * Messages: sends 'ready' once it has loaded (Node, tsx, autocannon and the bodies take about half
 * a second, which must not count as Sigilo's time); posts on 'go'; then sends its result, with the
 * CPU it used from 'go' on.
 */
import { readFileSync } from 'node:fs';
// autocannon ships no types; the bench is run by tsx and not type-checked.
import autocannon from 'autocannon';

const [url, connections, file] = process.argv.slice(2);
const bodies = JSON.parse(readFileSync(file!, 'utf8')) as Array<{ body: string; signature: string }>;
let next = 0;
await new Promise<void>((resolve) => {
  process.on('message', (m: { type?: string }) => m?.type === 'go' && resolve());
  process.send!({ type: 'ready' });
});
const cpuAtGo = process.cpuUsage();
const result: any = await autocannon({
  url: url!,
  connections: Number(connections),
  amount: bodies.length,
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  requests: [
    {
      setupRequest: (req: any) => {
        const b = bodies[next++ % bodies.length]!;
        return { ...req, body: b.body, headers: { ...req.headers, 'content-type': 'application/json', 'x-hub-signature-256': b.signature } };
      },
    },
  ],
});
const cpu = process.cpuUsage(cpuAtGo);
process.send!({ type: 'result', cpuSeconds: (cpu.user + cpu.system) / 1e6, total: result.requests.total, ok: result['2xx'], non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts, p50: result.latency.p50, p99: result.latency.p99 }, () => process.exit(0));
