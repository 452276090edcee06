/**
 * Verifying what is about to be published: each file matching `subject-path` (optionally
 * downloaded from an artifact of this run first) must carry an attestation signed by this
 * repository's release workflow, for this ref and commit, built on a GitHub-hosted runner, and
 * the attested digest must be the file's own.
 */
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdtemp, realpath, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, sep } from 'node:path'
import type { CheckFailure } from '../audits/rule.js'
import type { GitHubApi } from '../resolve/github.js'
import { expandGlobs } from './glob.js'
import { MIN_GH, exec as realExec, ghError, parseGhVersion, verifyArgs, versionAtLeast } from './gh.js'
import type { Exec } from './gh.js'
import { ZIP_LIMITS, extractZip } from './zip.js'

export { SLSA_PROVENANCE_V1 } from './predicate.js'

/** Default limit of an artifact download: 2 GiB. */
export const ARTIFACT_MAX_BYTES = 2 * 1024 * 1024 * 1024

export interface AttestSettings {
  mode: 'required' | 'off'
  /** Glob patterns, relative to the workspace. */
  subjectPath: string[]
  /** Download this artifact of the current run first. */
  artifactName?: string
  /** Where the artifact is unpacked, relative to the workspace. */
  artifactPath: string
  /** Largest artifact download (its ZIP); it may unpack to twice that. Default ARTIFACT_MAX_BYTES. */
  artifactMaxBytes?: number
  /** `owner/repo/path/to/workflow.yml`; default: the running workflow. */
  signerWorkflow?: string
  predicateType: string
  bundle?: string
  customTrustedRoot?: string
}

export interface ArtifactResult {
  file: string
  sha256: string
  verdict: 'verified' | 'failed'
  reason?: string
  signer?: string
  sourceRef?: string
  runner?: string
  builder?: string
}

export interface AttestResult {
  mode: 'required' | 'off'
  patterns: string[]
  files: ArtifactResult[]
  /** No file matched the patterns: an empty match must not pass. */
  noMatch: boolean
  ghVersion?: string
  failures: CheckFailure[]
}

export interface AttestContext {
  workspace: string
  /** owner/repo of the running workflow */
  repository: string
  /** the workflow file that signs, `owner/repo/.github/workflows/x.yml` */
  workflow: string
  ref?: string
  sha?: string
  token?: string
  runId?: string
  hostname?: string
}

async function sha256(file: string): Promise<string> {
  const h = createHash('sha256')
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer)
  return h.digest('hex')
}

interface GhVerification {
  verificationResult?: {
    statement?: { subject?: Array<{ name?: string; digest?: Record<string, string> }>; predicateType?: string; predicate?: { runDetails?: { builder?: { id?: string } } } }
    signature?: { certificate?: { subjectAlternativeName?: string; buildSignerURI?: string; sourceRepositoryRef?: string; runnerEnvironment?: string } }
  }
}

/**
 * Download an artifact of this run through the REST API and unpack it under `dest`. The list
 * is read page by page; the ZIP streams to a temporary file (never into memory) with its own
 * size limit, and is unpacked from there.
 */
export async function downloadArtifact(api: GitHubApi, repository: string, runId: string, name: string, dest: string, maxBytes = ARTIFACT_MAX_BYTES, tmp = process.env.RUNNER_TEMP || tmpdir()): Promise<string[]> {
  const list = await api.getPaged<{ id: number; name: string; expired?: boolean; size_in_bytes?: number; created_at?: string }>(`/repos/${repository}/actions/runs/${runId}/artifacts?name=${encodeURIComponent(name)}&per_page=100`, { key: 'artifacts' })
  const found = (list?.items ?? []).filter((a) => a.name === name && !a.expired).sort((a, b) => String(b.created_at ?? '').localeCompare(String(a.created_at ?? '')) || b.id - a.id)
  const art = found[0]
  if (!art) throw new Error(`this run has no artifact named '${name}'${list && !list.complete ? ` among the first ${list.items.length} artifacts listed` : ''}`)
  if (typeof art.size_in_bytes === 'number' && art.size_in_bytes > maxBytes) throw new Error(`artifact '${name}' is ${art.size_in_bytes} bytes, over the ${maxBytes}-byte limit (raise artifact-max-size)`)
  const dir = await mkdtemp(join(tmp, 'release-gate-artifact-'))
  try {
    const zip = join(dir, 'artifact.zip')
    await api.download(`/repos/${repository}/actions/artifacts/${art.id}/zip`, zip, maxBytes)
    return await extractZip(zip, dest, { ...ZIP_LIMITS, totalBytes: Math.max(ZIP_LIMITS.totalBytes, 2 * maxBytes) })
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** Does `target` (or, when it does not exist yet, its nearest existing parent) resolve inside the workspace? */
async function insideWorkspace(workspace: string, target: string): Promise<boolean> {
  const root = await realpath(workspace).catch(() => workspace)
  let p = target
  for (;;) {
    const real = await realpath(p).catch(() => undefined)
    if (real !== undefined) return real === root || real.startsWith(root.endsWith(sep) ? root : root + sep)
    const up = dirname(p)
    if (up === p) return false
    p = up
  }
}

export async function runAttest(s: AttestSettings, ctx: AttestContext, deps: { exec?: Exec; api?: GitHubApi } = {}): Promise<AttestResult> {
  const exec = deps.exec ?? realExec
  const r: AttestResult = { mode: s.mode, patterns: s.subjectPath, files: [], noMatch: false, failures: [] }
  if (s.mode === 'off') return r
  const fail = (check: string, reason: string, fix: string) => r.failures.push({ check, reason, fix })

  if (s.artifactName) {
    if (!deps.api || !ctx.runId) {
      fail(`download artifact '${s.artifactName}'`, deps.api ? 'GITHUB_RUN_ID is not set' : 'offline: the artifact cannot be downloaded', 'Run inside the workflow that uploaded the artifact, with `offline: false`.')
      return r
    }
    try {
      const target = join(ctx.workspace, s.artifactPath)
      if (!(await insideWorkspace(ctx.workspace, target))) throw new Error(`'${s.artifactPath}' leads outside the workspace through a symbolic link; the gate writes only inside it`)
      await downloadArtifact(deps.api, ctx.repository, ctx.runId, s.artifactName, target, s.artifactMaxBytes ?? ARTIFACT_MAX_BYTES)
    } catch (e) {
      fail(`download artifact '${s.artifactName}'`, e instanceof Error ? e.message : String(e), 'Upload the artifact in a job this one `needs:`, and give this job `actions: read`.')
      return r
    }
  }

  const env: NodeJS.ProcessEnv = { ...process.env, ...(ctx.token ? { GH_TOKEN: ctx.token } : {}), GH_PROMPT_DISABLED: '1', NO_COLOR: '1' }
  const v = await exec('gh', ['--version'], env)
  if (v.code === 'missing') {
    fail('verify attestations', 'the GitHub CLI (gh) is not installed on this runner', `Use a GitHub-hosted runner (they ship gh), or install gh ${MIN_GH} or later before release-gate.`)
    return r
  }
  if (v.code !== 0) {
    fail('verify attestations', `gh --version exited ${v.code}: ${ghError(v.stderr)}`, `Install gh ${MIN_GH} or later before release-gate, and check that it runs (gh --version).`)
    return r
  }
  const version = parseGhVersion(v.stdout)
  r.ghVersion = version
  if (!version || !versionAtLeast(version, MIN_GH)) {
    fail('verify attestations', `gh ${version ?? '(unknown version)'} is older than ${MIN_GH}; earlier versions exit 0 when no attestation matches (GO-2025-3467)`, `Install gh ${MIN_GH} or later before release-gate (GitHub-hosted runners ship a recent one).`)
    return r
  }

  const patterns = s.artifactName && s.subjectPath.length === 0 ? [`${s.artifactPath.replace(/\/+$/, '')}/**`] : s.subjectPath
  r.patterns = patterns
  let files: string[]
  try {
    const g = await expandGlobs(ctx.workspace, patterns)
    files = g.files
    if (g.truncated) fail('match subject-path', `more than the workspace entries release-gate scans; the match may be incomplete`, 'Narrow `subject-path` to the folder the artifacts are in.')
  } catch (e) {
    fail('match subject-path', e instanceof Error ? e.message : String(e), 'Write `subject-path` relative to the workspace.')
    return r
  }
  if (files.length === 0) {
    r.noMatch = true
    return r
  }
  for (const file of files) {
    const abs = join(ctx.workspace, file)
    const digest = await sha256(abs)
    const res: ArtifactResult = { file, sha256: digest, verdict: 'failed' }
    r.files.push(res)
    const out = await exec(
      'gh',
      verifyArgs({
        file: abs,
        repo: ctx.repository,
        signerWorkflow: s.signerWorkflow ?? ctx.workflow,
        ...(ctx.ref ? { sourceRef: ctx.ref } : {}),
        ...(ctx.sha ? { sourceDigest: ctx.sha } : {}),
        predicateType: s.predicateType,
        ...(s.bundle ? { bundle: s.bundle } : {}),
        ...(s.customTrustedRoot ? { customTrustedRoot: s.customTrustedRoot } : {}),
        ...(ctx.hostname ? { hostname: ctx.hostname } : {}),
      }),
      env,
    )
    if (out.code !== 0) {
      res.reason = out.code === 'missing' ? 'gh disappeared' : `gh exited ${out.code}: ${ghError(out.stderr)}`
      continue
    }
    let parsed: GhVerification[]
    try {
      parsed = JSON.parse(out.stdout)
      if (!Array.isArray(parsed)) throw new Error('not an array')
    } catch {
      res.reason = 'gh printed no JSON verification result'
      continue
    }
    const ok = parsed.find((x) => x.verificationResult?.statement?.subject?.some((sub) => sub.digest?.sha256?.toLowerCase() === digest))
    if (!parsed.some((x) => x.verificationResult)) {
      res.reason = 'gh returned no verification result'
      continue
    }
    if (!ok) {
      const got = parsed.flatMap((x) => x.verificationResult?.statement?.subject?.map((sub) => sub.digest?.sha256) ?? []).filter(Boolean)
      res.reason = `the verified statement is for ${got.map((g) => `sha256:${String(g).slice(0, 12)}`).join(', ') || 'no digest'}, not this file (sha256:${digest.slice(0, 12)})`
      continue
    }
    const cert = ok.verificationResult!.signature?.certificate
    res.verdict = 'verified'
    res.signer = cert?.buildSignerURI ?? cert?.subjectAlternativeName
    res.sourceRef = cert?.sourceRepositoryRef
    res.runner = cert?.runnerEnvironment
    res.builder = ok.verificationResult!.statement?.predicate?.runDetails?.builder?.id
  }
  return r
}
