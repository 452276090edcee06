/**
 * Artifact verification with a fake `gh` on PATH that checks its arguments and answers as gh
 * does; the artifact download against a loopback fake of the REST artifacts API.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, writeFileSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { runAttest, SLSA_PROVENANCE_V1 } from '../../src/attest/index.js'
import type { AttestSettings } from '../../src/attest/index.js'
import { STOPPED, exec, execWith } from '../../src/attest/gh.js'
import { extractZip } from '../../src/attest/zip.js'
import { GitHubApi } from '../../src/resolve/github.js'
import { fakeGh } from '../helpers/fake-gh.js'
import type { FakeGh, StoredAttestation } from '../helpers/fake-gh.js'
import { FakeGitHub } from '../helpers/fake-github.js'
import { makeZip } from '../helpers/zip.js'
import http from 'node:http'
import type { AddressInfo } from 'node:net'

const SHA = '0123456789abcdef0123456789abcdef01234567'
const WF = 'octo/demo/.github/workflows/release.yml'
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')
const WHEEL = 'wheel bytes'
const SDIST = 'sdist bytes'
const good = (content: string, over: Partial<StoredAttestation> = {}): StoredAttestation => ({ digest: sha256(content), signerWorkflow: WF, sourceRef: 'refs/tags/v1.2.0', sourceDigest: SHA, runner: 'github-hosted', ...over })

let ws: string
let gh: FakeGh
beforeEach(() => {
  ws = mkdtempSync(join(tmpdir(), 'rg-ws-'))
  mkdirSync(join(ws, 'dist'))
  writeFileSync(join(ws, 'dist', 'demo-1.2.0-py3-none-any.whl'), WHEEL)
  writeFileSync(join(ws, 'dist', 'demo-1.2.0.tar.gz'), SDIST)
  gh = fakeGh({ version: '2.74.0', attestations: [good(WHEEL), good(SDIST)] })
})

const settings = (over: Partial<AttestSettings> = {}): AttestSettings => ({ mode: 'required', subjectPath: ['dist/*'], artifactPath: 'dist', predicateType: SLSA_PROVENANCE_V1, ...over })
const ctx = () => ({ workspace: ws, repository: 'octo/demo', workflow: WF, ref: 'refs/tags/v1.2.0', sha: SHA, token: 'ghs_attest_token' })
const deps = () => ({ exec: ((cmd: string, args: string[], env: NodeJS.ProcessEnv) => exec(cmd, args, { ...env, PATH: gh.path, ...gh.env })) as typeof exec })

/** Whether a process is still there (signal 0 only checks). */
const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('running gh through @actions/exec, bounded', () => {
  const bounded = (limits: { timeoutMs: number; maxOutput: number }) => ({
    exec: ((cmd: string, args: string[], env: NodeJS.ProcessEnv) => execWith(limits)(cmd, args, { ...env, PATH: gh.path, ...gh.env })) as typeof exec,
  })

  it('passes arguments, environment, output and exit code through', async () => {
    const r = await exec('gh', ['attestation', 'verify', '--repo', 'octo/demo', join(ws, 'missing.whl')], { PATH: gh.path, ...gh.env, GH_TOKEN: 't' })
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(`failed to digest artifact: open ${join(ws, 'missing.whl')}: no such file or directory\n`)
    expect(gh.calls().at(-1)).toMatchObject({ argv: ['attestation', 'verify', '--repo', 'octo/demo', join(ws, 'missing.whl')], token: 'set' })
  })

  it('ends a gh that hangs, with a clear error, and the process is gone', async () => {
    gh.set({ version: '2.74.0', attestations: [good(WHEEL)], misbehave: { when: 'attestation', how: 'hang' } })
    const r = await runAttest(settings({ subjectPath: ['dist/*.whl'] }), ctx(), bounded({ timeoutMs: 400, maxOutput: 1024 * 1024 }))
    expect(r.files.map((f) => [f.file, f.verdict, f.reason])).toEqual([['dist/demo-1.2.0-py3-none-any.whl', 'failed', `gh exited ${STOPPED}: Error: gh was stopped: it did not finish within 400 ms`]])
    expect(alive(gh.calls().at(-1)!.pid)).toBe(false)
  })

  it('ends a gh --version that hangs, and says what could not run', async () => {
    gh.set({ version: '2.74.0', attestations: [], misbehave: { when: '--version', how: 'hang' } })
    const r = await runAttest(settings(), ctx(), bounded({ timeoutMs: 400, maxOutput: 1024 * 1024 }))
    expect(r.failures[0]).toMatchObject({ check: 'verify attestations', reason: `gh --version exited ${STOPPED}: Error: gh was stopped: it did not finish within 400 ms` })
    expect(r.files).toEqual([])
    expect(alive(gh.calls().at(-1)!.pid)).toBe(false)
  })

  it('ends a gh whose output has no end, at the output cap', async () => {
    gh.set({ version: '2.74.0', attestations: [good(WHEEL)], misbehave: { when: 'attestation', how: 'flood' } })
    const r = await runAttest(settings({ subjectPath: ['dist/*.whl'] }), ctx(), bounded({ timeoutMs: 60_000, maxOutput: 256 * 1024 }))
    expect(r.files[0]).toMatchObject({ verdict: 'failed', reason: `gh exited ${STOPPED}: Error: gh was stopped: its output passed 262144 bytes` })
    expect(alive(gh.calls().at(-1)!.pid)).toBe(false)
  })
})

describe('gh attestation verify', () => {
  it('verifies every matching file with the flags that make it mean something', async () => {
    const r = await runAttest(settings(), ctx(), deps())
    expect(r.failures).toEqual([])
    expect(r.files.map((f) => [f.file, f.verdict, f.sourceRef, f.runner])).toEqual([
      ['dist/demo-1.2.0-py3-none-any.whl', 'verified', 'refs/tags/v1.2.0', 'github-hosted'],
      ['dist/demo-1.2.0.tar.gz', 'verified', 'refs/tags/v1.2.0', 'github-hosted'],
    ])
    expect(r.files[0].signer).toBe(`https://github.com/${WF}@refs/tags/v1.2.0`)
    expect(r.files[0].builder).toBe(`https://github.com/${WF}@refs/tags/v1.2.0`)
    const calls = gh.calls()
    expect(calls[0].argv).toEqual(['--version'])
    expect(calls[1].argv).toEqual([
      'attestation', 'verify', join(ws, 'dist', 'demo-1.2.0-py3-none-any.whl'),
      '--repo', 'octo/demo',
      '--signer-workflow', WF,
      '--source-ref', 'refs/tags/v1.2.0',
      '--source-digest', SHA,
      '--deny-self-hosted-runners',
      '--predicate-type', 'https://slsa.dev/provenance/v1',
      '--format', 'json',
    ])
    expect(calls.every((c) => c.token === 'set')).toBe(true)
  })

  it('passes --bundle and --custom-trusted-root for offline verification', async () => {
    await runAttest(settings({ bundle: 'att.jsonl', customTrustedRoot: 'root.jsonl' }), ctx(), deps())
    expect(gh.calls()[1].argv).toEqual(expect.arrayContaining(['--bundle', 'att.jsonl', '--custom-trusted-root', 'root.jsonl']))
  })

  it('fails a file with no attestation, quoting gh', async () => {
    gh.set({ version: '2.74.0', attestations: [good(WHEEL)] })
    const r = await runAttest(settings(), ctx(), deps())
    expect(r.files[1]).toMatchObject({ verdict: 'failed', reason: `gh exited 1: ✗ No attestations found for subject sha256:${sha256(SDIST)}` })
  })

  it('fails a file attested by another workflow (the --repo-only trap)', async () => {
    gh.set({ version: '2.74.0', attestations: [good(WHEEL, { signerWorkflow: 'octo/demo/.github/workflows/anything.yml' }), good(SDIST)] })
    const r = await runAttest(settings(), ctx(), deps())
    expect(r.files[0].verdict).toBe('failed')
    expect(r.files[0].reason).toMatch(/^gh exited 1: ✗ Verification failed — Error: verifying with issuer "sigstore.dev": failed to verify certificate identity/)
  })

  it('fails a file attested on another ref, or on a self-hosted runner', async () => {
    gh.set({ version: '2.74.0', attestations: [good(WHEEL, { sourceRef: 'refs/heads/feature' }), good(SDIST, { runner: 'self-hosted' })] })
    const r = await runAttest(settings(), ctx(), deps())
    expect(r.files[0].reason).toMatch(/expected SourceRepositoryRef to be refs\/tags\/v1\.2\.0, got refs\/heads\/feature/)
    expect(r.files[1].reason).toMatch(/expected RunnerEnvironment to be github-hosted/)
  })

  it('checks the attested digest against the file itself', async () => {
    gh.set({ version: '2.74.0', attestations: [good(WHEEL, { claimDigest: sha256('something else') }), good(SDIST)] })
    const r = await runAttest(settings(), ctx(), deps())
    expect(r.files[0].reason).toMatch(/^the verified statement is for sha256:[0-9a-f]{12}, not this file \(sha256:/)
  })

  it('refuses gh older than 2.67.0, which exits 0 when nothing matches', async () => {
    gh.set({ version: '2.62.0', attestations: [] })
    const r = await runAttest(settings(), ctx(), deps())
    expect(r.failures[0].reason).toBe('gh 2.62.0 is older than 2.67.0; earlier versions exit 0 when no attestation matches (GO-2025-3467)')
    expect(r.files).toEqual([])
  })

  it('says so when gh is not installed', async () => {
    const r = await runAttest(settings(), ctx(), { exec: (cmd, args, env) => exec(cmd, args, { ...env, PATH: mkdtempSync(join(tmpdir(), 'empty-')) }) })
    expect(r.failures[0]).toMatchObject({ check: 'verify attestations', reason: 'the GitHub CLI (gh) is not installed on this runner' })
  })

  it('verifies every file a brace glob names', async () => {
    const r = await runAttest(settings({ subjectPath: ['dist/*.{whl,tar.gz}'] }), ctx(), deps())
    expect(r.failures).toEqual([])
    expect(r.files.map((f) => [f.file, f.verdict])).toEqual([
      ['dist/demo-1.2.0-py3-none-any.whl', 'verified'],
      ['dist/demo-1.2.0.tar.gz', 'verified'],
    ])
  })

  it('never passes an empty match', async () => {
    const r = await runAttest(settings({ subjectPath: ['wheelhouse/*.whl'] }), ctx(), deps())
    expect(r.noMatch).toBe(true)
    expect(r.files).toEqual([])
  })

  it('is off without subject-path or artifact-name', async () => {
    const r = await runAttest(settings({ mode: 'off', subjectPath: [] }), ctx(), deps())
    expect(r.mode).toBe('off')
    expect(gh.calls()).toEqual([])
  })
})

describe('artifact download', () => {
  let api: FakeGitHub
  let blob: http.Server
  const blobSaw: Array<string | undefined> = []
  /** artifact id -> its ZIP, served by the blob host */
  const zips = new Map<number, Buffer>()
  /** the run's artifacts, listed page by page as GitHub does */
  let artifacts: Array<{ id: number; name: string; expired?: boolean }> = []
  // a wheel of 20 MiB that does not compress: over the 16 MiB a JSON answer may have
  const BIG = randomBytes(20 * 1024 * 1024)
  const BIG_SHA = createHash('sha256').update(BIG).digest('hex')
  beforeAll(async () => {
    api = new FakeGitHub()
    zips.set(99, makeZip([
      { name: 'demo-1.2.0-py3-none-any.whl', data: WHEEL },
      { name: 'demo-1.2.0.tar.gz', data: SDIST },
    ]))
    zips.set(7, makeZip([{ name: 'big-1.0-cp312-manylinux_2_28_x86_64.whl', data: BIG }]))
    api.use((_req, res, url) => {
      const list = /^\/repos\/octo\/demo\/actions\/runs\/(\d+)\/artifacts$/.exec(url.pathname)
      if (list && list[1] === '4242') {
        const named = artifacts.filter((a) => !url.searchParams.get('name') || a.name === url.searchParams.get('name'))
        api.paged(res, url, named.map((a) => ({ id: a.id, node_id: `MDg6QXJ0aWZhY3Q${a.id}`, name: a.name, size_in_bytes: zips.get(a.id)?.length ?? 1, url: `${api.url}/repos/octo/demo/actions/artifacts/${a.id}`, archive_download_url: `${api.url}/repos/octo/demo/actions/artifacts/${a.id}/zip`, expired: a.expired ?? false, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z', expires_at: '2026-04-01T00:00:00Z', workflow_run: { id: 4242, repository_id: 1, head_repository_id: 1, head_branch: 'main', head_sha: SHA } })), 'artifacts')
        return true
      }
      const dl = /^\/repos\/octo\/demo\/actions\/artifacts\/(\d+)\/zip$/.exec(url.pathname)
      if (dl && zips.has(Number(dl[1]))) {
        // GitHub answers with a redirect to a signed blob-storage URL on another host
        res.writeHead(302, { location: `http://127.0.0.1:${(blob.address() as AddressInfo).port}/blob/${dl[1]}.zip?sig=signed` })
        res.end()
        return true
      }
      return false
    })
    blob = http.createServer((req, res) => {
      blobSaw.push(req.headers.authorization)
      const zip = zips.get(Number(/\/blob\/(\d+)\.zip/.exec(req.url ?? '')?.[1]))
      if (!zip) return void res.writeHead(404).end()
      res.writeHead(200, { 'content-type': 'application/zip', 'content-length': String(zip.length) })
      res.end(zip)
    })
    await new Promise<void>((r) => blob.listen(0, '127.0.0.1', r))
    await api.start()
  })
  beforeEach(() => {
    artifacts = [{ id: 99, name: 'dist' }, { id: 7, name: 'wheels' }]
    blobSaw.length = 0
  })
  afterAll(async () => {
    await api.stop()
    blob.closeAllConnections()
    await new Promise<void>((r) => blob.close(() => r()))
  })
  const client = () => new GitHubApi({ baseUrl: api.url, token: 'ghs_x' })

  it('downloads the artifact of this run, unpacks it, and verifies what it contains', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'rg-ws-'))
    const r = await runAttest(settings({ subjectPath: [], artifactName: 'dist', artifactPath: 'dist' }), { ...ctx(), workspace: empty, runId: '4242' }, { ...deps(), api: client() })
    expect(readFileSync(join(empty, 'dist', 'demo-1.2.0.tar.gz'), 'utf8')).toBe(SDIST)
    expect(r.files.map((f) => [f.file, f.verdict])).toEqual([
      ['dist/demo-1.2.0-py3-none-any.whl', 'verified'],
      ['dist/demo-1.2.0.tar.gz', 'verified'],
    ])
    expect(blobSaw).toEqual([undefined]) // the signed URL on another host gets no token
  })

  it('verifies a 20 MiB artifact, streamed to disk', async () => {
    gh = fakeGh({ version: '2.74.0', attestations: [{ ...good(''), digest: BIG_SHA }] })
    const empty = mkdtempSync(join(tmpdir(), 'rg-ws-'))
    const tmp = mkdtempSync(join(tmpdir(), 'rg-runner-temp-'))
    const saved = process.env.RUNNER_TEMP
    process.env.RUNNER_TEMP = tmp
    try {
      const r = await runAttest(settings({ subjectPath: ['wheelhouse/*.whl'], artifactName: 'wheels', artifactPath: 'wheelhouse' }), { ...ctx(), workspace: empty, runId: '4242' }, { ...deps(), api: client() })
      expect(r.failures).toEqual([])
      expect(r.files.map((f) => [f.file, f.verdict, f.sha256])).toEqual([['wheelhouse/big-1.0-cp312-manylinux_2_28_x86_64.whl', 'verified', BIG_SHA]])
      expect(readdirSync(tmp)).toEqual([]) // the downloaded ZIP is removed
    } finally {
      if (saved === undefined) delete process.env.RUNNER_TEMP
      else process.env.RUNNER_TEMP = saved
    }
  })

  it('refuses an artifact over its own limit, with the limit in the reason', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'rg-ws-'))
    const r = await runAttest(settings({ subjectPath: [], artifactName: 'wheels', artifactPath: 'wheelhouse', artifactMaxBytes: 1024 * 1024 }), { ...ctx(), workspace: empty, runId: '4242' }, { ...deps(), api: client() })
    expect(r.failures[0]).toMatchObject({ check: "download artifact 'wheels'", reason: expect.stringMatching(/over the 1048576-byte limit/) })
    expect(existsSync(join(empty, 'wheelhouse'))).toBe(false)
  })

  it('finds an artifact on the second page of the list', async () => {
    artifacts = [...Array.from({ length: 120 }, (_, i) => ({ id: 1000 + i, name: 'dist', expired: true })), { id: 99, name: 'dist' }]
    const empty = mkdtempSync(join(tmpdir(), 'rg-ws-'))
    const r = await runAttest(settings({ subjectPath: [], artifactName: 'dist', artifactPath: 'dist' }), { ...ctx(), workspace: empty, runId: '4242' }, { ...deps(), api: client() })
    expect(r.failures).toEqual([])
    expect(r.files.map((f) => f.verdict)).toEqual(['verified', 'verified'])
    expect(api.requests.some((q) => q.path.includes('/actions/runs/4242/artifacts') && /[?&]page=2\b/.test(q.path))).toBe(true)
  })

  it('reports an artifact this run does not have', async () => {
    api.use((_req, res, url) => (url.pathname === '/repos/octo/demo/actions/runs/5/artifacts' ? (api.json(res, 200, { total_count: 0, artifacts: [] }), true) : false))
    const r = await runAttest(settings({ subjectPath: [], artifactName: 'dist' }), { ...ctx(), runId: '5' }, { ...deps(), api: client() })
    expect(r.failures[0]).toMatchObject({ check: "download artifact 'dist'", reason: "this run has no artifact named 'dist'" })
  })
})

describe('artifact ZIPs', () => {
  const zipFile = (buf: Buffer) => {
    const f = join(mkdtempSync(join(tmpdir(), 'rg-zip-')), 'a.zip')
    writeFileSync(f, buf)
    return f
  }

  it('refuses archive entries that would leave the destination, before writing anything', async () => {
    const dest = mkdtempSync(join(tmpdir(), 'rg-dest-'))
    await expect(extractZip(zipFile(makeZip([{ name: 'ok.txt', data: 'fine' }, { name: '../../etc/cron.d/x', data: 'evil' }])), dest)).rejects.toThrow(/would leave the destination/)
    expect(readdirSync(dest)).toEqual([])
  })

  it('refuses an entry that inflates past the size it claims', async () => {
    const zip = makeZip([{ name: 'a.whl', data: Buffer.alloc(4096, 1) }])
    // the central directory (after the local header, name and data) claims 100 bytes
    const cd = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]))
    zip.writeUInt32LE(100, cd + 24)
    await expect(extractZip(zipFile(zip), mkdtempSync(join(tmpdir(), 'rg-dest-')))).rejects.toThrow(/larger than it claims|expands more than/)
  })

  it('unpacks nested folders and an empty file', async () => {
    const dest = mkdtempSync(join(tmpdir(), 'rg-dest-'))
    expect(await extractZip(zipFile(makeZip([{ name: 'a/b/c.txt', data: 'c' }, { name: 'empty', data: '' }])), dest)).toEqual(['a/b/c.txt', 'empty'])
    expect(readFileSync(join(dest, 'a', 'b', 'c.txt'), 'utf8')).toBe('c')
    expect(readFileSync(join(dest, 'empty'), 'utf8')).toBe('')
  })
})
