import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The tests import src/, which loads wasm/tokenize.wasm: rebuild it first when assembly/ changed
// since (a stale module would fail its load-time check, or worse, agree on every number but one).
export default function buildWasmIfStale(): void {
  const root = dirname(fileURLToPath(import.meta.url));
  const wasm = join(root, 'wasm/tokenize.wasm');
  const built = existsSync(wasm) ? statSync(wasm).mtimeMs : 0;
  const sources = readdirSync(join(root, 'assembly')).filter((f) => f.endsWith('.ts'));
  if (sources.some((f) => statSync(join(root, 'assembly', f)).mtimeMs > built)) {
    execFileSync('npm', ['run', 'build:wasm'], { cwd: root, stdio: 'inherit' });
  }
}
