/**
 * What is known about actions and commands that matter to a release: names, inputs,
 * defaults. Policy tables live here, each with the reason; rules read them.
 */
import type { Step, Workflow } from './model.js'
import { trailingComment } from './yaml.js'

const names = new WeakMap<Step, { action?: string; repo?: string }>()

function nameOf(step: Step): { action?: string; repo?: string } {
  let n = names.get(step)
  if (!n) {
    const u = step.uses?.parsed
    n = u && u.kind === 'repo' ? { action: (u.path ? `${u.owner}/${u.repo}/${u.path}` : `${u.owner}/${u.repo}`).toLowerCase(), repo: `${u.owner}/${u.repo}`.toLowerCase() } : {}
    names.set(step, n)
  }
  return n
}

/** `owner/repo[/path]` of a step's action, lower case; undefined for run steps and local actions. */
export function actionOf(step: Step): string | undefined {
  return nameOf(step).action
}

/** True when the step uses exactly one of `names` (`owner/repo`, or `owner/repo/path`). */
export function isAction(step: Step, ...candidates: string[]): boolean {
  const a = nameOf(step).action
  return a !== undefined && candidates.includes(a)
}

/** The repository part only: `actions/cache/restore` -> `actions/cache`. */
export function actionRepo(step: Step): string | undefined {
  return nameOf(step).repo
}

/** A `with:` input as text (undefined when absent). */
export function input(step: Step, name: string): string | undefined {
  const n = step.with.get(name)
  if (!n) return undefined
  if (n.kind !== 'scalar') return ''
  return n.value === null ? '' : String(n.value)
}

export function isFalse(v: string | undefined): boolean {
  return v !== undefined && /^(false|0|no|off)$/i.test(v.trim())
}

export function isTrue(v: string | undefined): boolean {
  return v !== undefined && /^(true|1|yes|on)$/i.test(v.trim())
}

/** The version a step's action is at: its tag, or the `# vX` comment beside a SHA pin. */
export function versionOf(step: Step, wf: Workflow): number | undefined {
  const u = step.uses?.parsed
  if (!u || u.kind !== 'repo') return undefined
  let v: string | undefined = u.refKind === 'tag' ? u.ref : undefined
  if (!v) {
    const c = trailingComment(wf.source, wf.yaml.lineCounter.lineStarts, step.uses!.pos.line)
    v = c ? /\bv?(\d+)(?:\.\d+)*/.exec(c)?.[0] : undefined
  }
  const m = v ? /^v?(\d+)/.exec(v.replace(/^refs\/tags\//, '')) : null
  return m ? Number(m[1]) : undefined
}

export function runText(step: Step): string | undefined {
  return step.run && step.run.value !== null ? String(step.run.value) : undefined
}

/** Steps that sign or attest what was built: consumers of `id-token: write` in a build job. */
export function isSigningStep(step: Step): boolean {
  if (isAction(step, 'actions/attest-build-provenance', 'actions/attest', 'actions/attest-sbom', 'sigstore/gh-action-sigstore-python', 'sigstore/cosign-installer')) return true
  if (isAction(step, 'hynek/build-and-inspect-python-package') && mayBeTrue(input(step, 'attest-build-provenance-github'))) return true
  const run = runText(step)
  return !!run && /\b(cosign\s+(sign|attest)|sigstore\s+sign|gh\s+attestation\s+|slsa-verifier)/.test(run)
}

/** Steps that attest through GitHub's attestations API (need `attestations: write`). */
export function isAttestStep(step: Step): boolean {
  if (isAction(step, 'actions/attest-build-provenance', 'actions/attest', 'actions/attest-sbom')) return true
  return isAction(step, 'hynek/build-and-inspect-python-package') && mayBeTrue(input(step, 'attest-build-provenance-github'))
}

/** True, or an expression that may be true at run time. */
export function mayBeTrue(v: string | undefined): boolean {
  return isTrue(v) || (v !== undefined && v.includes('${{'))
}

/** Actions that exchange the job's OIDC token with a cloud (they need `id-token: write`). */
export const OIDC_CLOUD_ACTIONS = [
  'aws-actions/configure-aws-credentials',
  'google-github-actions/auth',
  'azure/login',
  'hashicorp/vault-action',
  'rust-lang/crates-io-auth-action',
  'octo-sts/action',
]

/** Release bots that open release pull requests from the publishing job. */
export const RELEASE_BOTS: Record<string, string> = {
  'changesets/action': 'changesets',
  'release-plz/action': 'release-plz',
  'googleapis/release-please-action': 'release-please',
  'google-github-actions/release-please-action': 'release-please',
}

export function releaseBot(step: Step): string | undefined {
  const r = actionRepo(step)
  if (r && RELEASE_BOTS[r]) return RELEASE_BOTS[r]
  const run = runText(step)
  if (run && /\bsemantic-release\b/.test(run)) return 'semantic-release'
  return undefined
}

/** Steps that create or change a GitHub release or push to the repository (need `contents: write`). */
export function writesContents(step: Step): string | undefined {
  if (isAction(step, 'softprops/action-gh-release', 'ncipollo/release-action', 'actions/create-release', 'actions/upload-release-asset', 'svenstaro/upload-release-action', 'goreleaser/goreleaser-action', 'marvinpinto/action-automatic-releases', 'mislav/bump-homebrew-formula-action', 'stefanzweifel/git-auto-commit-action', 'ad-m/github-push-action', 'yyx990803/release-tag')) {
    return step.uses!.value
  }
  const run = runText(step)
  if (!run) return undefined
  const m = /\bgh\s+release\s+(create|upload|edit|delete)\b|\bgit\s+push\b|\bgit\s+tag\b[^\n]*&&[^\n]*push|\brake\s+release\b|\bgoreleaser\s+release\b|\bgh\s+api\b[^\n]*(-X|--method)\s*(POST|PATCH|PUT|DELETE)\b[^\n]*\/(releases|git\/refs)/.exec(run)
  return m ? m[0] : undefined
}

/** Steps that push to GitHub's registries (need `packages: write`). */
export function writesPackages(step: Step): string | undefined {
  const run = runText(step) ?? ''
  const reg = /\b(ghcr\.io|docker\.pkg\.github\.com|npm\.pkg\.github\.com|rubygems\.pkg\.github\.com|nuget\.pkg\.github\.com|maven\.pkg\.github\.com)\b/
  if (isAction(step, 'docker/build-push-action') && isTrue(input(step, 'push'))) {
    const tags = input(step, 'tags') ?? ''
    // tags from an expression (metadata-action) may be ghcr.io: cannot say otherwise
    return reg.test(tags) || tags.includes('${{') || tags === '' ? step.uses!.value : undefined
  }
  if (isAction(step, 'docker/login-action') && reg.test(input(step, 'registry') ?? '')) return step.uses!.value
  if (isAction(step, 'redhat-actions/push-to-registry') && reg.test(input(step, 'registry') ?? '')) return step.uses!.value
  if (isAction(step, 'actions/setup-node') && reg.test(input(step, 'registry-url') ?? '')) return step.uses!.value
  if (/\b(docker|podman)\s+(push|login)\b/.test(run) && (reg.test(run) || /\$\{?\{?\s*env\.REGISTRY|\$REGISTRY\b/.test(run))) return 'docker push'
  if (/\b(npm|gem|dotnet nuget|mvn)\b[^\n]*(publish|push|deploy)/.test(run) && reg.test(run)) return 'publish to GitHub Packages'
  return undefined
}

/** Steps that use the job's OIDC token (need `id-token: write`). */
export function usesIdToken(step: Step): string | undefined {
  if (isAction(step, 'pypa/gh-action-pypi-publish') && input(step, 'password') === undefined) return step.uses!.value
  if (isAction(step, ...OIDC_CLOUD_ACTIONS, 'release-plz/action', 'js-devtools/npm-publish', 'changesets/action', 'goreleaser/goreleaser-action')) return step.uses!.value
  if (isAction(step, 'rubygems/release-gem') && !isFalse(input(step, 'setup-trusted-publisher'))) return step.uses!.value
  if (isAction(step, 'rubygems/configure-rubygems-credentials') && input(step, 'api-token') === undefined) return step.uses!.value
  if (isSigningStep(step)) return step.uses?.value ?? 'signing'
  const run = runText(step)
  if (!run) return undefined
  const m = /\b(npm|pnpm|yarn|bun)\s+(?:[\w=:-]+\s+)*publish\b|\buv\s+publish\b|\bnx\s+release\b|\blerna\s+publish\b|\bcargo\s+publish\b|\b(npm|pnpm|yarn)\s+(run\s+)?[\w:-]*(publish|release)[\w:-]*\b|\bgh\s+attestation\b|ACTIONS_ID_TOKEN_REQUEST/.exec(run)
  return m ? m[0] : undefined
}

/** GitHub-hosted runner image labels (docs.github.com, "GitHub-hosted runners"). */
export const HOSTED_LABEL = /^(ubuntu-(latest|slim|\d{2}\.\d{2})(-arm)?|windows-(latest|\d{4}|11-arm)(-vs\d{4})?|macos-(latest|\d+)(-(large|xlarge|intel|arm64))?)$/i

/** What one step needs of the token, computed once per step (several rules ask). */
export interface StepNeeds {
  idToken?: string
  attestations?: string
  contents?: string
  packages?: string
  bot?: string
  pages?: boolean
}

const needsMemo = new WeakMap<Step, StepNeeds>()

export function stepNeeds(step: Step): StepNeeds {
  let n = needsMemo.get(step)
  if (n) return n
  n = {}
  const id = usesIdToken(step)
  if (id) n.idToken = id
  if (isAttestStep(step)) n.attestations = step.uses?.value ?? 'attestation'
  const c = writesContents(step)
  if (c) n.contents = c
  const p = writesPackages(step)
  if (p) n.packages = p
  const b = releaseBot(step)
  if (b) n.bot = b
  if (actionRepo(step) === 'actions/deploy-pages') n.pages = true
  needsMemo.set(step, n)
  return n
}
