// Build dist/ with ncc: dist/index.js (the action) and dist/cli.js (the CLI), one file each,
// plus the chunks each loads on demand (see below).
// Deterministic, so CI can check that the committed dist/ is what the sources build to.
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, rmSync, mkdirSync, writeFileSync, readFileSync, chmodSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { eagerFactories } from './eager.mjs'

const ncc = join('node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')
const out = 'dist'
// build everything into a fresh folder first; dist/ is replaced only when both bundles built
const next = mkdtempSync(join(tmpdir(), 'rg-dist-'))

for (const [entry, name] of [['src/index.ts', 'index.js'], ['src/cli-entry.ts', 'cli.js']]) {
  const tmp = mkdtempSync(join(tmpdir(), 'rg-build-'))
  execFileSync(process.execPath, [ncc, 'build', entry, '-o', tmp, '--license', 'licenses.txt', '--quiet', '--minify'], { stdio: 'inherit' })
  const files = readdirSync(tmp)
  // Besides the bundle, only the chunks of lazily imported modules (the REST client, which an
  // offline run never loads): `<id>.index.js`, renamed `<id>.cli.js` for the CLI so both
  // bundles can sit in dist/ side by side.
  const chunks = files.filter((f) => /^\d+\.index\.js$/.test(f))
  const extra = files.filter((f) => !['index.js', 'package.json', 'licenses.txt', ...chunks].includes(f))
  if (extra.length) throw new Error(`ncc emitted unexpected files for ${entry}: ${extra.join(', ')}`)
  const base = name.replace(/\.js$/, '')
  let code = readFileSync(join(tmp, 'index.js'), 'utf8')
  if (chunks.length) {
    const loader = '+".index.js"'
    if (code.split(loader).length !== 2) throw new Error(`cannot find ncc's chunk loader in ${entry}`)
    code = code.replace(loader, `+".${base}.js"`)
  }
  for (const c of chunks) writeFileSync(join(next, c.replace('.index.js', `.${base}.js`)), readFileSync(join(tmp, c)))
  // the factories of the modules a run starts with are compiled in V8's first pass (eager.mjs)
  code = eagerFactories(code).code
  if (name === 'cli.js' && !code.startsWith('#!')) code = `#!/usr/bin/env node\n${code}`
  writeFileSync(join(next, name), code)
  if (name === 'cli.js') chmodSync(join(next, name), 0o755)
  if (name === 'index.js') cpSync(join(tmp, 'licenses.txt'), join(next, 'licenses.txt'))
  rmSync(tmp, { recursive: true, force: true })
}
writeFileSync(join(next, 'package.json'), '{\n  "type": "module"\n}\n')
// The sub-actions (audit/action.yml, verify/action.yml) run the same bundle: their entries set
// the mode in code, where nothing in the job's environment can reach it, and import it.
for (const mode of ['audit', 'verify']) {
  writeFileSync(join(next, `${mode}.js`), `// release-gate/${mode}: the same bundle as the root action, ${mode === 'audit' ? 'the workflow audit only' : 'attestations only'}.\nglobalThis.RELEASE_GATE_MODE = '${mode}'\nawait import('./index.js')\n`)
}
rmSync(out, { recursive: true, force: true })
mkdirSync(out)
for (const f of readdirSync(next)) cpSync(join(next, f), join(out, f))
chmodSync(join(out, 'cli.js'), 0o755)
rmSync(next, { recursive: true, force: true })
