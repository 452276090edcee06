/**
 * Artifact verification with a fake `gh` on PATH that checks its arguments and answers as gh
 * does; the artifact download against a loopback fake of the REST artifacts API.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, writeFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { runAttest, SLSA_PROVENANCE_V1 } from '../../src/attest/index.js'
import type { AttestSettings } from '../../src/attest/index.js'
import { exec } from '../../src/attest/gh.js'
import { readZip } from '../../src/attest/zip.js'
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
  beforeAll(async () => {
    api = new FakeGitHub()
    const zip = makeZip([
      { name: 'demo-1.2.0-py3-none-any.whl', data: WHEEL },
      { name: 'demo-1.2.0.tar.gz', data: SDIST },
    ])
    api.use((_req, res, url) => {
      if (url.pathname === '/repos/octo/demo/actions/runs/4242/artifacts') {
        api.json(res, 200, { total_count: 1, artifacts: [{ id: 99, node_id: 'MDg6QXJ0aWZhY3Q5OQ==', name: url.searchParams.get('name'), size_in_bytes: zip.length, archive_download_url: `${api.url}/repos/octo/demo/actions/artifacts/99/zip`, expired: false, workflow_run: { id: 4242 } }] })
        return true
      }
      if (url.pathname === '/repos/octo/demo/actions/artifacts/99/zip') {
        // GitHub answers with a redirect to a signed blob-storage URL on another host
        res.writeHead(302, { location: `http://127.0.0.1:${(blob.address() as AddressInfo).port}/blob/artifact.zip?sig=signed` })
        res.end()
        return true
      }
      return false
    })
    blob = http.createServer((req, res) => {
      blobSaw.push(req.headers.authorization)
      res.writeHead(200, { 'content-type': 'application/zip', 'content-length': String(zip.length) })
      res.end(zip)
    })
    await new Promise<void>((r) => blob.listen(0, '127.0.0.1', r))
    await api.start()
  })
  afterAll(async () => {
    await api.stop()
    blob.closeAllConnections()
    await new Promise<void>((r) => blob.close(() => r()))
  })

  it('downloads the artifact of this run, unpacks it, and verifies what it contains', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'rg-ws-'))
    const r = await runAttest(settings({ subjectPath: [], artifactName: 'dist', artifactPath: 'dist' }), { ...ctx(), workspace: empty, runId: '4242' }, { ...deps(), api: new GitHubApi({ baseUrl: api.url, token: 'ghs_x' }) })
    expect(readFileSync(join(empty, 'dist', 'demo-1.2.0.tar.gz'), 'utf8')).toBe(SDIST)
    expect(r.files.map((f) => [f.file, f.verdict])).toEqual([
      ['dist/demo-1.2.0-py3-none-any.whl', 'verified'],
      ['dist/demo-1.2.0.tar.gz', 'verified'],
    ])
    expect(blobSaw).toEqual([undefined]) // the signed URL on another host gets no token
  })

  it('reports an artifact this run does not have', async () => {
    api.use((_req, res, url) => (url.pathname === '/repos/octo/demo/actions/runs/5/artifacts' ? (api.json(res, 200, { total_count: 0, artifacts: [] }), true) : false))
    const r = await runAttest(settings({ subjectPath: [], artifactName: 'dist' }), { ...ctx(), runId: '5' }, { ...deps(), api: new GitHubApi({ baseUrl: api.url, token: 'ghs_x' }) })
    expect(r.failures[0]).toMatchObject({ check: "download artifact 'dist'", reason: "this run has no artifact named 'dist'" })
  })

  it('refuses archive entries that would leave the destination', () => {
    expect(() => readZip(makeZip([{ name: '../../etc/cron.d/x', data: 'evil' }]))).toThrow(/would leave the destination/)
  })
})
