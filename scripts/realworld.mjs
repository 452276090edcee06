// The real-world suite (test/realworld/): public repositories' workflow files, byte for byte,
// with the findings release-gate gives on each, reviewed by hand.
//
//   node scripts/realworld.mjs add <git-dir> <owner/repo>   copy a repository's workflows and
//        local actions (from a bare or normal git directory, at HEAD) into the data folder, and
//        list them, with the commit and each file's sha256, in test/realworld/manifest.json
//   node scripts/realworld.mjs restore <git-dir> <owner/repo>  bring back the files the manifest
//        lists for that repository, at its commit, into the data folder, each checked against its
//        sha256; the manifest is not changed. Fails, naming the file, if the commit is not in the
//        git directory or a file differs
//   node scripts/realworld.mjs snapshot [owner/repo…]        audit each repository (dist/cli.js,
//        offline) and write test/realworld/snapshots/<owner>__<repo>.json: changing a verdict
//        or a finding is done on purpose, with this command, and reviewed in the diff
//   node scripts/realworld.mjs summary                        the figures the README reports
//
// The files themselves are public repositories' content: they are not committed here. They are
// read from $RELEASE_GATE_REALWORLD, else test/realworld/files/, else
// ../shared/corpus/realworld/ (the steering repository's copy); each must match its sha256.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..')
const SUITE = join(ROOT, 'test', 'realworld')
const MANIFEST = join(SUITE, 'manifest.json')

export function dataDir() {
  const candidates = [process.env.RELEASE_GATE_REALWORLD, join(SUITE, 'files'), join(ROOT, '..', 'shared', 'corpus', 'realworld')].filter(Boolean)
  return candidates.find((d) => existsSync(d)) ?? candidates[1]
}

/** Where `add` writes: never the steering repository's shared copy, which is read-only to us. */
function writeDir() {
  return process.env.RELEASE_GATE_REALWORLD || join(SUITE, 'files')
}

export function readManifest() {
  return existsSync(MANIFEST) ? JSON.parse(readFileSync(MANIFEST, 'utf8')) : { repositories: [] }
}

const slug = (repo) => repo.replace('/', '__')
const sha256 = (buf) => createHash('sha256').update(buf).digest('hex')

/** Workflows and the action files a workflow can reach locally. */
function wanted(path) {
  return /^\.github\/workflows\/[^/]+\.ya?ml$/.test(path) || /(^|\/)action\.ya?ml$/.test(path)
}

function add(gitDir, repo) {
  if (!/^[\w.-]+\/[\w.-]+$/.test(repo ?? '')) throw new Error('usage: realworld.mjs add <git-dir> <owner/repo>')
  const git = (...a) => execFileSync('git', ['--git-dir', gitDir, ...a], { maxBuffer: 64 << 20 })
  const commit = git('rev-parse', 'HEAD').toString().trim()
  const paths = git('ls-tree', '-r', '--name-only', 'HEAD').toString().split('\n').filter(wanted)
  const out = join(writeDir(), slug(repo))
  const files = []
  for (const p of paths) {
    const buf = git('show', `HEAD:${p}`)
    if (buf.length > 1 << 20) continue
    mkdirSync(dirname(join(out, p)), { recursive: true })
    writeFileSync(join(out, p), buf)
    files.push({ path: p, sha256: sha256(buf) })
  }
  const m = readManifest()
  m.repositories = m.repositories.filter((r) => r.repo !== repo)
  m.repositories.push({ repo, commit, files, review: {} })
  m.repositories.sort((a, b) => (a.repo < b.repo ? -1 : 1))
  writeFileSync(MANIFEST, `${JSON.stringify(m, null, 1)}\n`)
  console.log(`${repo}@${commit.slice(0, 12)}: ${files.length} files into ${out}`)
}

/** The manifest's files of one repository, at its commit, byte for byte: all checked, then written. */
function restore(gitDir, repo) {
  if (!gitDir || !/^[\w.-]+\/[\w.-]+$/.test(repo ?? '')) throw new Error('usage: realworld.mjs restore <git-dir> <owner/repo>')
  const entry = readManifest().repositories.find((r) => r.repo === repo)
  if (!entry) throw new Error(`${repo} is not in test/realworld/manifest.json`)
  const git = (...a) => execFileSync('git', ['--git-dir', gitDir, ...a], { maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] })
  const at = `${repo}@${entry.commit.slice(0, 12)}`
  try {
    git('cat-file', '-e', `${entry.commit}^{commit}`)
  } catch {
    throw new Error(`${repo}: commit ${entry.commit} is not in ${gitDir}`)
  }
  const bufs = entry.files.map((f) => {
    let buf
    try {
      buf = git('show', `${entry.commit}:${f.path}`)
    } catch {
      throw new Error(`${at}: ${f.path} cannot be read from ${gitDir}`)
    }
    if (sha256(buf) !== f.sha256) throw new Error(`${at}: ${f.path} has sha256 ${sha256(buf)}, the manifest says ${f.sha256}`)
    return buf
  })
  const out = join(writeDir(), slug(repo))
  entry.files.forEach((f, i) => {
    mkdirSync(dirname(join(out, f.path)), { recursive: true })
    writeFileSync(join(out, f.path), bufs[i])
  })
  console.log(`${at}: ${entry.files.length} files into ${out}`)
}

/** One repository's findings, as the snapshot keeps them: stable fields, stable order. */
export function auditRepo(entry, cli = join(ROOT, 'dist', 'cli.js')) {
  const dir = join(dataDir(), slug(entry.repo))
  const workflows = entry.files.filter((f) => f.path.startsWith('.github/workflows/'))
  if (workflows.length === 0) return { verdict: 'pass', files: [], findings: [] }
  let out
  try {
    out = execFileSync(process.execPath, [cli, 'audit', '.github/workflows', '--format', 'json', '--offline'], { cwd: dir, env: { ...process.env, NO_COLOR: '1', GH_TOKEN: '', GITHUB_TOKEN: '' }, maxBuffer: 256 << 20 })
  } catch (e) {
    if (e.status !== 1) throw e
    out = e.stdout
  }
  const r = JSON.parse(out.toString())
  return {
    verdict: r.verdict,
    files: r.files.map((f) => ({ file: f.file, scope: f.scope })).sort((a, b) => (a.file < b.file ? -1 : 1)),
    findings: r.findings
      .filter((f) => f.severity !== 'note')
      .map((f) => ({ file: f.file, line: f.line, column: f.column, rule: f.rule, severity: f.severity, blocking: f.blocking, message: f.message }))
      .sort((a, b) => (a.file !== b.file ? (a.file < b.file ? -1 : 1) : a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : a.message < b.message ? -1 : 1))),
  }
}

/** Are the repository's files present and unchanged? Returns what is wrong, or undefined. */
export function checkData(entry) {
  const dir = join(dataDir(), slug(entry.repo))
  for (const f of entry.files) {
    const p = join(dir, f.path)
    if (!existsSync(p)) return `missing ${f.path}`
    if (sha256(readFileSync(p)) !== f.sha256) return `${f.path} is not the file of ${entry.repo}@${entry.commit.slice(0, 12)}`
  }
  return undefined
}

function snapshot(only) {
  const m = readManifest()
  mkdirSync(join(SUITE, 'snapshots'), { recursive: true })
  for (const e of m.repositories) {
    if (only.length && !only.includes(e.repo)) continue
    const bad = checkData(e)
    if (bad) {
      console.error(`${e.repo}: ${bad}; not snapshotted`)
      continue
    }
    writeFileSync(join(SUITE, 'snapshots', `${slug(e.repo)}.json`), `${JSON.stringify(auditRepo(e), null, 1)}\n`)
  }
}

function summary() {
  const m = readManifest()
  let files = 0
  let publishing = 0
  let blocked = 0
  const byRule = new Map()
  for (const e of m.repositories) {
    const p = join(SUITE, 'snapshots', `${slug(e.repo)}.json`)
    if (!existsSync(p)) continue
    const s = JSON.parse(readFileSync(p, 'utf8'))
    files += e.files.filter((f) => f.path.startsWith('.github/workflows/')).length
    for (const f of s.files) {
      if (!/^publishing job/.test(f.scope)) continue
      publishing++
      const fs = s.findings.filter((x) => x.file === f.file && x.blocking)
      if (fs.length) blocked++
      for (const r of new Set(fs.map((x) => x.rule))) byRule.set(r, (byRule.get(r) ?? 0) + 1)
    }
  }
  console.log(`${m.repositories.length} repositories, ${files} workflow files; ${publishing} publishing workflows, ${blocked} blocked`)
  for (const [r, n] of [...byRule].sort((a, b) => b[1] - a[1])) console.log(`  ${r}: ${n}`)
}

const [cmd, ...args] = process.argv.slice(2)
if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    if (cmd === 'add') add(args[0], args[1])
    else if (cmd === 'restore') restore(args[0], args[1])
    else if (cmd === 'snapshot') snapshot(args)
    else if (cmd === 'summary') summary()
    else {
      console.error('usage: node scripts/realworld.mjs add <git-dir> <owner/repo> | restore <git-dir> <owner/repo> | snapshot [owner/repo…] | summary')
      process.exit(2)
    }
  } catch (e) {
    console.error(`realworld.mjs ${cmd}: ${e.message}`)
    process.exit(1)
  }
}
