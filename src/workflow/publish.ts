/**
 * What publishes. Used to choose the jobs to audit when no job is named (CLI), and by rules
 * that judge "the publishing job". The facts are the catalogue's (`catalogue.ts`).
 */
import type { Job, Step, Workflow } from './model.js'
import { commandSegments, factsOf, holds, input, isDryRun, logicalLines, runText, stepCommands, unquoted } from './actions.js'
import { REGISTRY_SECRETS, RELEASE_FILE_NAMES } from './catalogue.js'
import type { CommandFacts, Registry } from './catalogue.js'
import { npmAuthIn, packagesOf, registryTokenIn, scriptPublishes } from './scripts.js'
import type { PackageFiles, ScriptPublish } from './scripts.js'
import { homeOf } from './model.js'
import type { YNode } from './yaml.js'

export type { Registry } from './catalogue.js'

export interface PublishSignal {
  registry: Registry
  /** What was seen: an action name or a command. */
  evidence: string
  step?: Step
  /**
   * Through a package script (`npm run release`), a file of the repository's, or an action the
   * gate cannot read given a registry credential: how it publishes, in words, for messages.
   * `assumed` when what runs could not be read and the step is read as publishing.
   */
  script?: { evidence: string; assumed?: boolean }
}

const publishes = new WeakMap<Step, { files: PackageFiles | undefined; v: PublishSignal | null }>()

/**
 * What a step publishes (memoised per step: several rules ask; anew when other package.json
 * files are attached to its workflow).
 */
export function stepPublishes(step: Step): PublishSignal | undefined {
  const files = packagesOf(step)
  let m = publishes.get(step)
  if (m === undefined || m.files !== files) {
    m = { files, v: detectPublish(step) ?? null }
    publishes.set(step, m)
  }
  return m.v ?? undefined
}

/**
 * The commands of a script that a catalogue command matches, each cut at `&&`, `;`, `|`: a
 * rehearsal flag counts only on the command it is given to.
 */
function matchingCommands(run: string, c: CommandFacts): string[] {
  return logicalLines(run)
    .flatMap((l) => commandSegments(l))
    .filter((l) => c.re.test(l) || c.re.test(unquoted(l)))
}

/** Every command of the script that this catalogue command matches is a rehearsal (none: false). */
function allRehearsals(run: string, c: CommandFacts, unseen: boolean): boolean {
  const cmds = matchingCommands(run, c)
  return cmds.length > 0 && cmds.every((l) => isDryRun(l) || !!c.rehearsal?.test(l) || (unseen && !!c.unseen?.test(l)))
}

function detectPublish(step: Step): PublishSignal | undefined {
  const f = factsOf(step)
  if (!f && step.uses) return unreadActionPublishes(step)
  if (f?.publishes) {
    if (!holds(f.publishes.when, step)) return undefined
    if (holds({ set: 'dry-run' }, step, false)) return undefined
    return { registry: f.publishes.registry, evidence: step.uses!.value, step }
  }
  const run = runText(step)
  if (!run) return undefined
  for (const c of stepCommands(step)) {
    if (!c.publishes) continue
    // a dry run of this very command publishes nothing
    if (allRehearsals(run, c, false)) continue
    return { registry: c.publishes, evidence: c.label, step }
  }
  const sp = scriptPublishes(step) ?? repoScriptPublishes(step, run)
  if (sp) return { registry: sp.registry, evidence: sp.command, step, script: { evidence: sp.evidence, ...(sp.assumed ? { assumed: true } : {}) } }
  return undefined
}

/** An input or secret named for a credential (`docker_hub_password`, `PYPI_API_TOKEN`). */
const CREDENTIAL_WORD = /token|password|passwd|pass|pwd|key|secret|auth/i

/**
 * An action the catalogue does not know (or a `docker://` image) given a registry credential
 * from a secret, in `with:` or `env:` (`docker_hub_password: ${{ secrets.docker_hub_password }}`,
 * `npm_token: ${{ secrets.NPM }}`): it may publish with it. The registry is the one the input is
 * named for (a secret's name alone says less: `app-id: ${{ secrets.POETRY_APP_ID }}`). Read as
 * publishing (fail closed); use-trusted-publishing warns that the action could not be read.
 */
function unreadActionPublishes(step: Step): PublishSignal | undefined {
  const c = unreadActionCredentials(step)[0]
  if (!c) return undefined
  const evidence = `${code(step.uses!.value)}, which the gate cannot read, given ${code(c.input)} (${code(`secrets.${c.secret}`)}): read as publishing`
  return { registry: c.registry, evidence: step.uses!.value, step, script: { evidence, assumed: true } }
}

/** The registry credentials an action the gate cannot read is given (see `unreadActionPublishes`). */
export function unreadActionCredentials(step: Step): Array<{ input: string; secret: string; registry: Registry; node: YNode }> {
  const u = step.uses?.parsed
  if (!u || (u.kind !== 'repo' && u.kind !== 'docker') || factsOf(step)) return []
  const out: Array<{ input: string; secret: string; registry: Registry; node: YNode }> = []
  for (const [k, v] of [...step.with, ...step.env]) {
    const text = v.kind === 'scalar' && v.value !== null ? String(v.value) : ''
    for (const m of text.matchAll(/\bsecrets\s*(?:\.\s*([A-Za-z_][\w-]*)|\[\s*['"]([A-Za-z_][\w-]*)['"]\s*\])/gi)) {
      const secret = m[1] ?? m[2]
      if (/^github_token$/i.test(secret)) continue
      // named by the input (`pypi_password`), not by the secret alone: `app-id: secrets.POETRY_APP_ID` is no PyPI credential
      const registry = CREDENTIAL_WORD.test(k) ? REGISTRY_SECRETS.find((r) => r.secret.test(k))?.registry : undefined
      if (registry) {
        out.push({ input: k, secret, registry, node: v })
        break
      }
    }
  }
  return out
}

/** Interpreters a file of the repository's is run with (`bash .github/scripts/x.sh`). */
const INTERPRETERS = new Set(['bash', 'sh', 'zsh', 'node', 'python', 'python3', 'ruby', 'pwsh', 'perl', 'deno', 'bun', 'tsx', 'ts-node', 'sudo', 'env', 'exec', 'time', 'then', 'do', 'else', '!'])

/** A path to a file of the repository's, as a command's first word. */
const REPO_FILE = /^(?:\.{1,2}\/|(?:scripts?|tools|bin|ci|\.github)\/)/

/**
 * A file of the repository's named for publishing (`./scripts/ui_release.sh --publish`, `bash
 * .github/scripts/publish-if-needed.sh pkg --provenance`), run where it can publish: a registry
 * token in its environment, or npm set up for publishing (`registry-url`, or `id-token: write`
 * with `--provenance` given). The gate does not read the file: read as publishing (fail closed).
 */
function repoScriptPublishes(step: Step, run: string): ScriptPublish | undefined {
  for (const line of logicalLines(run)) {
    for (const cmd of commandSegments(line)) {
      const ws = unquoted(cmd).split(/\s+/).filter(Boolean)
      let i = 0
      while (i < ws.length && (/^[A-Za-z_]\w*=/.test(ws[i]) || INTERPRETERS.has(ws[i]) || (i > 0 && ws[i].startsWith('-')))) i++
      const file = ws[i]
      if (!file || !REPO_FILE.test(file) || !RELEASE_FILE_NAMES.test(file)) continue
      if (isDryRun(cmd)) continue
      const command = cmd.length > 100 ? `${cmd.slice(0, 97)}...` : cmd
      const shown = code(command)
      const token = registryTokenIn(step)
      if (token) return { registry: token.registry, command, evidence: `${shown} with ${code(token.name)} in its environment (a file of the repository's, which the gate does not read: read as publishing)`, assumed: true }
      const auth = npmAuthIn(step)
      const provenance = /--provenance\b/.test(cmd) || envProvenance(step)
      if (auth && (auth.by === 'registry-url' || provenance)) return { registry: 'npm', command, evidence: `${shown} in a job that ${auth.words}${auth.by === 'id-token' ? ', with `--provenance`' : ''} (a file of the repository's, which the gate does not read: read as publishing)`, assumed: true }
    }
  }
  return undefined
}

/** `--provenance` in a variable of the step's, its job's or its workflow's `env:` (`PUBLISH_FLAGS`). */
function envProvenance(step: Step): boolean {
  const home = homeOf(step)
  for (const env of [step.env, ...(home ? [home.job.env, home.wf.env] : [])]) for (const v of env.values()) if (v.kind === 'scalar' && /--provenance\b/.test(String(v.value ?? ''))) return true
  return false
}

const code = (s: string) => `\`${s.replace(/`/g, "'")}\``


/** A publish to a test index (TestPyPI): a rehearsal, not a release. */
export function isTestPublish(step: Step): boolean {
  const f = factsOf(step)
  if (f?.testIndex) return holds(f.testIndex, step, false)
  const url = input(step, 'repository-url') ?? input(step, 'repository_url') ?? ''
  if (/test\.pypi\.org/i.test(url)) return true
  const run = runText(step) ?? ''
  return /\b(twine\s+upload|uv\s+publish|poetry\s+publish|hatch\s+publish)\b(?:(?!\b(?:twine|uv|poetry|hatch)\s)[^\n])*(test\.pypi\.org|(-r|--repository|--index|--repo)[ =]testpypi)/i.test(run)
}

/**
 * A publish nobody outside the project sees: a test index, or a command whose every
 * publishing line is a rehearsal or unseen by the catalogue (`gh release create --draft`).
 */
export function isRehearsal(step: Step): boolean {
  if (isTestPublish(step)) return true
  const run = runText(step)
  if (!run) return false
  if (stepPublishes(step)?.script) return false
  const cmds = stepCommands(step).filter((c) => c.publishes)
  if (!cmds.length) return false
  return cmds.every((c) => allRehearsals(run, c, true))
}

/** The effective `id-token` permission of a job: its own block, else the workflow's. */
export function hasIdTokenWrite(wf: Workflow, job: Job): boolean {
  const p = job.permissions ?? wf.permissions
  if (!p) return false
  if (p.kind === 'write-all') return true
  return p.scopes.get('id-token')?.value === 'write'
}

/**
 * What a job publishes, from its steps. `id-token: write` alone does not make a job a
 * publishing one: scorecard, cloud deploys and bots hold it too.
 */
export function publishSignals(_wf: Workflow, job: Job): PublishSignal[] {
  const out: PublishSignal[] = []
  for (const s of job.steps) {
    const sig = stepPublishes(s)
    if (sig) out.push(sig)
  }
  return out
}

export function isPublishingJob(wf: Workflow, job: Job): boolean {
  return publishSignals(wf, job).length > 0
}
