#!/usr/bin/env node
// `npm run bench`: measures the committed dist/ bundles (it builds nothing) and prints a table,
// and the same figures as JSON in bench/results.json. Everything runs on this machine; the
// GitHub API is a loopback fake that adds 50 ms to every response.
//
//   1. cold start of dist/index.js (offline, a typical release workflow) and dist/cli.js audit,
//      against bare `node -e 0`: medians of several runs, as ratios;
//   2. transitive resolution of a generated workflow (30 direct actions, composites nesting 3
//      deep, 80 distinct action@sha): wall time against the critical path, and requests;
//   3. hashing a runner `_actions` tree of 200 MB / 20,000 files (dirhash h1): MB/s;
//   4. the CLI over 1,000 workflows generated from the corpus by mutation: workflows/s and
//      peak memory.
import { spawnSync, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import http from 'node:http'
import { cpus, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..')
const NODE = process.execPath
const RUNS = Number(process.env.BENCH_RUNS ?? 15)
const INDEX = join(ROOT, 'dist', 'index.js')
const CLI = join(ROOT, 'dist', 'cli.js')
for (const f of [INDEX, CLI]) if (!existsSync(f)) throw new Error(`${f} is missing: the bench measures the committed bundles`)

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6

function timeSync(args, opts = {}) {
  const t0 = process.hrtime.bigint()
  const r = spawnSync(NODE, args, { stdio: ['ignore', 'ignore', 'pipe'], ...opts })
  const t = ms(t0)
  if (r.status !== 0 && !opts.allowFail) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`)
  return t
}

function sample(args, opts) {
  for (let i = 0; i < 3; i++) timeSync(args, opts) // warm the disk cache
  return median(Array.from({ length: RUNS }, () => timeSync(args, opts)))
}

// ---------------------------------------------------------------------------------------------
// 1. cold start
function coldStart() {
  const ws = mkdtempSync(join(tmpdir(), 'bench-ws-'))
  mkdirSync(join(ws, '.github', 'workflows'), { recursive: true })
  writeFileSync(join(ws, '.github', 'workflows', 'release.yml'), readFileSync(join(ROOT, 'examples', 'pypi.yml')))
  const summary = join(ws, 'summary.md')
  const out = join(ws, 'output.txt')
  const env = {
    PATH: process.env.PATH,
    GITHUB_WORKSPACE: ws,
    RUNNER_TEMP: ws,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: out,
    GITHUB_WORKFLOW_REF: 'octo/demo/.github/workflows/release.yml@refs/tags/v1.0.0',
    GITHUB_WORKFLOW_SHA: '0'.repeat(40),
    GITHUB_JOB: 'publish',
    GITHUB_REPOSITORY: 'octo/demo',
    'INPUT_FAIL-ON': 'error',
    INPUT_CONFIG: '.github/release-gate.yml',
    INPUT_OFFLINE: 'true',
  }
  const resetFiles = () => {
    writeFileSync(summary, '')
    writeFileSync(out, '')
  }
  resetFiles()
  // bare node in the same environment as the bundles: only PATH. The machine's own variables
  // can cost node more than the bundles do (NODE_EXTRA_CA_CERTS loads a CA file at every start,
  // 30–50 ms here), which would flatter the ratio; a runner sets none of them.
  const bare = sample(['-e', '0'], { env: { PATH: process.env.PATH } })
  const action = sample([INDEX], { env, allowFail: false })
  const cli = sample([CLI, 'audit', join(ROOT, 'examples', 'pypi.yml'), '--offline'], { env: { PATH: process.env.PATH } })
  rmSync(ws, { recursive: true, force: true })
  return { bareMs: bare, actionMs: action, cliMs: cli, actionRatio: action / bare, cliRatio: cli / bare }
}

// ---------------------------------------------------------------------------------------------
// 2. transitive resolution against a loopback fake API with 50 ms per response
const LATENCY = 50
const sha = (s) => createHash('sha1').update(s).digest('hex')

/** 30 direct (20 node + 10 composites C); C -> 2 of 20 composites D; D -> 2 of 15 composites E; E -> 2 of 15 leaves. */
function world() {
  const actions = new Map() // "owner/repo@sha" -> action.yml
  const node = 'name: n\ndescription: node\nruns:\n  using: node24\n  main: dist/index.js\n'
  const composite = (uses) => `name: c\ndescription: composite\nruns:\n  using: composite\n  steps:\n${uses.map((u) => `    - uses: ${u}\n`).join('')}`
  const ref = (name) => `bench/${name}@${sha(name)}`
  const L2 = Array.from({ length: 15 }, (_, i) => `leaf${i}`)
  const E = Array.from({ length: 15 }, (_, i) => `e${i}`)
  const D = Array.from({ length: 20 }, (_, i) => `d${i}`)
  const C = Array.from({ length: 10 }, (_, i) => `c${i}`)
  const L1 = Array.from({ length: 20 }, (_, i) => `direct${i}`)
  for (const n of [...L1, ...L2]) actions.set(ref(n), node)
  E.forEach((n, i) => actions.set(ref(n), composite([ref(L2[i]), ref(L2[(i + 1) % 15])])))
  D.forEach((n, i) => actions.set(ref(n), composite([ref(E[i % 15]), ref(E[(i + 7) % 15])])))
  C.forEach((n, i) => actions.set(ref(n), composite([ref(D[i]), ref(D[i + 10])])))
  const steps = [...L1, ...C].map((n) => `      - uses: ${ref(n)}`)
  const wf = `name: Release\non:\n  release:\n    types: [published]\npermissions: {}\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    environment: pypi\n    permissions:\n      id-token: write\n    steps:\n${steps.join('\n')}\n      - run: uv publish\n`
  return { actions, wf, depth: 4 }
}

async function resolution() {
  const { actions, wf, depth } = world()
  let requests = 0
  let content = 0
  const server = http.createServer((req, res) => {
    requests++
    const url = new URL(req.url, 'http://x')
    setTimeout(() => {
      const m = /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/.exec(url.pathname)
      const key = m && `${m[1]}/${m[2]}@${url.searchParams.get('ref')}`
      const text = m && m[3] === 'action.yml' ? actions.get(key) : undefined
      if (m) content++
      if (!text) {
        res.writeHead(404, { 'content-type': 'application/json' })
        res.end('{"message":"Not Found","documentation_url":"https://docs.github.com/rest","status":"404"}')
        return
      }
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ type: 'file', encoding: 'base64', path: m[3], name: 'action.yml', content: Buffer.from(text).toString('base64') }))
    }, LATENCY)
  })
  await new Promise((r) => server.listen(0, '127.0.0.1', r))
  const dir = mkdtempSync(join(tmpdir(), 'bench-wf-'))
  writeFileSync(join(dir, 'release.yml'), wf)
  const runs = []
  for (let i = 0; i < 5; i++) {
    requests = 0
    content = 0
    const out = await new Promise((resolveP, reject) => {
      const p = spawn(NODE, [CLI, 'tree', join(dir, 'release.yml'), '--format', 'json'], { env: { PATH: process.env.PATH, GH_TOKEN: 'bench', GITHUB_API_URL: `http://127.0.0.1:${server.address().port}` } })
      let s = ''
      p.stdout.on('data', (d) => (s += d))
      p.on('close', (code) => (code === 0 ? resolveP(JSON.parse(s)) : reject(new Error(`tree exited ${code}`))))
    })
    runs.push({ ...out, serverRequests: requests, serverContent: content })
  }
  server.close()
  rmSync(dir, { recursive: true, force: true })
  const wall = median(runs.map((r) => r.resolveMs))
  const critical = depth * LATENCY
  return { distinctActions: actions.size, depth, latencyMs: LATENCY, wallMs: wall, criticalPathMs: critical, ratio: wall / critical, requests: runs[0].serverRequests, contentRequests: runs[0].serverContent, resolvedActions: runs[0].actions }
}

// ---------------------------------------------------------------------------------------------
// 3. hashing a runner _actions tree
function hashing() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-actions-'))
  const files = 20_000
  const size = 10 * 1024 // 200 MB in all
  const block = Buffer.alloc(size)
  for (let i = 0; i < size; i++) block[i] = (i * 31 + 7) & 0xff
  for (let d = 0; d < 100; d++) {
    const sub = join(dir, `owner${d % 10}`, `repo${d}`, 'v1', 'dist')
    mkdirSync(sub, { recursive: true })
    for (let f = 0; f < files / 100; f++) {
      block.writeUInt32LE(d * 1000 + f, 0) // every file differs
      writeFileSync(join(sub, `f${f}.js`), block)
    }
  }
  const startup = sample([CLI, '--version'])
  const runs = Array.from({ length: 3 }, () => timeSync([CLI, 'hash', dir]))
  rmSync(dir, { recursive: true, force: true })
  const t = median(runs) - startup
  const mb = (files * size) / (1024 * 1024)
  return { files, megabytes: mb, seconds: t / 1000, mbPerSecond: mb / (t / 1000), note: 'files in the page cache (written just before), as the runner leaves them' }
}

// ---------------------------------------------------------------------------------------------
// 4. the CLI over 1,000 workflows
function corpus(workers) {
  const src = join(ROOT, 'test', 'fixtures', 'corpus', 'workflows')
  const base = readdirSync(src).map((f) => readFileSync(join(src, f), 'utf8'))
  const dir = mkdtempSync(join(tmpdir(), 'bench-corpus-'))
  for (let i = 0; i < 1000; i++) {
    let t = base[i % base.length]
    // mutations that keep the YAML valid: refs, names, an extra env var
    t = t.replace(/@v(\d+)/g, (_m, n) => `@v${Number(n) + (i % 3)}`).replace(/^name: (.*)$/m, `name: $1 ${i}`)
    t = t.replace(/^jobs:\n/m, `# generated ${i}\njobs:\n`)
    writeFileSync(join(dir, `w${String(i).padStart(4, '0')}.yml`), t)
  }
  const script = `
    const t0 = performance.now()
    process.argv = [process.argv[0], ${JSON.stringify(CLI)}, 'audit', ${JSON.stringify(dir)}, '--format', 'json', '--offline']
    const write = process.stdout.write.bind(process.stdout)
    let bytes = 0
    process.stdout.write = (c, ...r) => { bytes += c.length; return true }
    await import(${JSON.stringify(CLI)})
    process.stdout.write = write
    const t = performance.now() - t0
    process.stderr.write(JSON.stringify({ ms: t, maxRssKb: process.resourceUsage().maxRSS, bytes }) + '\\n')
    process.exitCode = 0
  `
  const runs = []
  for (let i = 0; i < 3; i++) {
    const r = spawnSync(NODE, ['--input-type=module', '-e', script], { env: { PATH: process.env.PATH, ...(workers ? { RELEASE_GATE_WORKERS: String(workers) } : {}) }, stdio: ['ignore', 'ignore', 'pipe'] })
    runs.push(JSON.parse(r.stderr.toString().trim().split('\n').pop()))
  }
  rmSync(dir, { recursive: true, force: true })
  const t = median(runs.map((r) => r.ms))
  return { workflows: 1000, seconds: t / 1000, workflowsPerSecond: 1000 / (t / 1000), peakMemoryMb: Math.max(...runs.map((r) => r.maxRssKb)) / 1024, reportBytes: runs[0].bytes }
}

// ---------------------------------------------------------------------------------------------
const results = { date: new Date().toISOString(), node: process.version, cpus: cpus().length, runs: RUNS }
results.coldStart = coldStart()
results.resolution = await resolution()
results.hashing = hashing()
results.corpus = corpus()
results.corpusSingleThread = corpus(1)
const targets = {
  coldStart: results.coldStart.actionRatio <= 2.5 && results.coldStart.cliRatio <= 2.5,
  resolution: results.resolution.ratio <= 1.3 && results.resolution.contentRequests <= results.resolution.distinctActions,
  hashing: results.hashing.mbPerSecond >= 150,
  corpus: results.corpus.workflowsPerSecond >= 500,
}
results.targets = targets
mkdirSync(join(ROOT, 'bench'), { recursive: true })
writeFileSync(join(ROOT, 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n')

const f = (n, d = 1) => n.toFixed(d)
const ok = (b) => (b ? 'met' : 'MISSED')
const rows = [
  ['cold start: node -e 0', `${f(results.coldStart.bareMs)} ms`, '', ''],
  ['cold start: dist/index.js (offline)', `${f(results.coldStart.actionMs)} ms`, `${f(results.coldStart.actionRatio, 2)}x bare node`, '<= 2.5x'],
  ['cold start: dist/cli.js audit', `${f(results.coldStart.cliMs)} ms`, `${f(results.coldStart.cliRatio, 2)}x bare node`, '<= 2.5x'],
  ['resolution: 80 actions, depth 4, +50 ms/response', `${f(results.resolution.wallMs)} ms`, `${f(results.resolution.ratio, 2)}x critical path (${results.resolution.criticalPathMs} ms)`, '<= 1.3x'],
  ['resolution: requests', `${results.resolution.requests}`, `${results.resolution.contentRequests} content for ${results.resolution.distinctActions} distinct action@sha`, '<= 1 each'],
  ['hashing: 200 MB / 20,000 files (h1)', `${f(results.hashing.seconds, 2)} s`, `${f(results.hashing.mbPerSecond)} MB/s`, '>= 150 MB/s'],
  ['corpus: 1,000 workflows', `${f(results.corpus.seconds, 2)} s`, `${f(results.corpus.workflowsPerSecond)} workflows/s, peak ${f(results.corpus.peakMemoryMb)} MB`, '>= 500/s'],
  ['corpus: the same, one thread', `${f(results.corpusSingleThread.seconds, 2)} s`, `${f(results.corpusSingleThread.workflowsPerSecond)} workflows/s, peak ${f(results.corpusSingleThread.peakMemoryMb)} MB`, ''],
]
const w = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length), ['measure', 'time', 'figure', 'target'][i].length))
const line = (r) => `| ${r.map((c, i) => c.padEnd(w[i])).join(' | ')} |`
console.log(`release-gate bench: node ${process.version}, ${results.cpus} cpus, medians of ${RUNS} runs (cold start)`)
console.log(line(['measure', 'time', 'figure', 'target']))
console.log(`|${w.map((x) => '-'.repeat(x + 2)).join('|')}|`)
for (const r of rows) console.log(line(r))
console.log(`targets: cold start ${ok(targets.coldStart)}, resolution ${ok(targets.resolution)}, hashing ${ok(targets.hashing)}, corpus ${ok(targets.corpus)}`)
console.log('written: bench/results.json')
