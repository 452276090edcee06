/**
 * What publishes. Used to choose the jobs to audit when no job is named (CLI), and by rules
 * that judge "the publishing job".
 */
import type { Job, Step, Workflow } from './model.js'
import { str } from './yaml.js'
import { isSigningStep } from './actions.js'

export type Registry = 'pypi' | 'npm' | 'crates' | 'rubygems' | 'container' | 'github-release' | 'nuget' | 'maven' | 'other'

export interface PublishSignal {
  registry: Registry
  /** What was seen: an action name, a command, or `id-token: write`. */
  evidence: string
  step?: Step
}

/** Actions whose job is to publish, by `owner/repo[/path]` (lower case). */
export const PUBLISHER_ACTIONS: Record<string, Registry> = {
  'pypa/gh-action-pypi-publish': 'pypi',
  'softprops/action-gh-release': 'github-release',
  'ncipollo/release-action': 'github-release',
  'actions/create-release': 'github-release',
  'actions/upload-release-asset': 'github-release',
  'svenstaro/upload-release-action': 'github-release',
  'goreleaser/goreleaser-action': 'github-release',
  'rubygems/release-gem': 'rubygems',
  'rubygems/configure-rubygems-credentials': 'rubygems',
  'js-devtools/npm-publish': 'npm',
  'changesets/action': 'npm',
  'release-plz/action': 'crates',
  'katyo/publish-crates': 'crates',
  'rust-lang/crates-io-auth-action': 'crates',
  'cargo-bins/release-pr': 'crates',
  'googleapis/release-please-action': 'github-release',
  'docker/build-push-action': 'container',
  'redhat-actions/push-to-registry': 'container',
  'sigstore/gh-action-sigstore-python': 'other',
}

/** Shell commands that publish, matched against `run:` text. */
export const PUBLISH_COMMANDS: Array<{ re: RegExp; registry: Registry; label: string }> = [
  { re: /\b(?:npm|pnpm)\s+(?:[\w=-]+\s+)*publish\b/, registry: 'npm', label: 'npm publish' },
  { re: /\byarn\s+(?:npm\s+)?publish\b/, registry: 'npm', label: 'yarn publish' },
  { re: /\btwine\s+upload\b/, registry: 'pypi', label: 'twine upload' },
  { re: /\buv\s+publish\b/, registry: 'pypi', label: 'uv publish' },
  { re: /\b(?:poetry|flit|hatch|pdm)\s+publish\b/, registry: 'pypi', label: 'python publish' },
  { re: /\bcargo\s+(?:[\w=-]+\s+)*publish\b/, registry: 'crates', label: 'cargo publish' },
  { re: /\bgem\s+push\b/, registry: 'rubygems', label: 'gem push' },
  { re: /\b(?:bundle\s+exec\s+)?rake\s+release\b/, registry: 'rubygems', label: 'rake release' },
  { re: /\bgh\s+release\s+(?:create|upload|edit)\b/, registry: 'github-release', label: 'gh release' },
  { re: /\b(?:docker|podman)\s+(?:image\s+)?push\b/, registry: 'container', label: 'docker push' },
  { re: /\bdocker\s+buildx\s+(?:build|bake)\b[^\n]*--push\b/, registry: 'container', label: 'docker buildx --push' },
  { re: /\bdotnet\s+nuget\s+push\b/, registry: 'nuget', label: 'dotnet nuget push' },
  { re: /\bmvn\b[^\n]*\bdeploy\b/, registry: 'maven', label: 'mvn deploy' },
  { re: /\bgoreleaser\s+release\b/, registry: 'github-release', label: 'goreleaser release' },
  { re: /\banaconda\b[^\n]*\bupload\b/, registry: 'other', label: 'anaconda upload' },
]

function actionName(step: Step): string | undefined {
  const u = step.uses?.parsed
  if (!u || u.kind !== 'repo') return undefined
  return (u.path ? `${u.owner}/${u.repo}/${u.path}` : `${u.owner}/${u.repo}`).toLowerCase()
}

function truthy(v: string | undefined): boolean {
  return v !== undefined && !/^(false|0|)$/i.test(v.trim())
}

const publishes = new WeakMap<Step, PublishSignal | null>()

/** What a step publishes (memoised per step: several rules ask). */
export function stepPublishes(step: Step): PublishSignal | undefined {
  let v = publishes.get(step)
  if (v === undefined) {
    v = detectPublish(step) ?? null
    publishes.set(step, v)
  }
  return v ?? undefined
}

function detectPublish(step: Step): PublishSignal | undefined {
  const name = actionName(step)
  if (name) {
    const base = name.split('/').slice(0, 2).join('/')
    const reg = PUBLISHER_ACTIONS[name] ?? PUBLISHER_ACTIONS[base]
    if (reg) {
      // build-push-action pushes only with `push: true`; changesets only with `publish:`.
      if (base === 'docker/build-push-action' && !truthy(str(step.with.get('push')))) return undefined
      if (base === 'changesets/action' && !step.with.has('publish')) return undefined
      return { registry: reg, evidence: step.uses!.value, step }
    }
  }
  if (step.run && typeof step.run.value === 'string') {
    for (const line of logicalLines(step.run.value)) {
      if (/(^|\s)(--dry-run|-n)(\s|$)/.test(line) && /\b(publish|upload|push)\b/.test(line)) continue
      for (const c of PUBLISH_COMMANDS) {
        if (c.re.test(line)) return { registry: c.registry, evidence: c.label, step }
      }
    }
  }
  return undefined
}

/** Shell lines with `\`-continuations joined and comments dropped. */
export function logicalLines(script: string): string[] {
  return script
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.replace(/(^|\s)#.*$/, '').trim())
    .filter(Boolean)
}

/** A publish to a test index (TestPyPI): a rehearsal, not a release. */
export function isTestPublish(step: Step): boolean {
  const url = str(step.with.get('repository-url')) ?? str(step.with.get('repository_url')) ?? ''
  if (/test\.pypi\.org/.test(url)) return true
  const run = step.run && typeof step.run.value === 'string' ? step.run.value : ''
  return /\b(twine\s+upload|uv\s+publish|poetry\s+publish|hatch\s+publish)\b[^\n]*(test\.pypi\.org|(-r|--repository|--index|--repo)[ =]testpypi)/.test(run)
}

/** The effective `id-token` permission of a job: its own block, else the workflow's. */
export function hasIdTokenWrite(wf: Workflow, job: Job): boolean {
  const p = job.permissions ?? wf.permissions
  if (!p) return false
  if (p.kind === 'write-all') return true
  return p.scopes.get('id-token')?.value === 'write'
}

export function publishSignals(wf: Workflow, job: Job): PublishSignal[] {
  const out: PublishSignal[] = []
  for (const s of job.steps) {
    const sig = stepPublishes(s)
    if (sig) out.push(sig)
  }
  // `id-token: write` with nothing to explain it may be a publisher we do not know; with an
  // attestation or signing step it is a build job that signs what it built.
  if (out.length === 0 && job.permissions && hasIdTokenWrite(wf, job) && !job.steps.some(isSigningStep)) {
    out.push({ registry: 'other', evidence: 'id-token: write' })
  }
  return out
}

export function isPublishingJob(wf: Workflow, job: Job): boolean {
  return publishSignals(wf, job).length > 0
}
