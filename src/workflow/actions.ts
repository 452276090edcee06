/**
 * What is known about actions and commands that matter to a release: names, inputs,
 * defaults. Policy tables live here, each with the reason; rules read them.
 */
import type { Step, Workflow } from './model.js'
import type { YNode } from './yaml.js'
import { trailingComment } from './yaml.js'
import { COMMANDS, GITHUB_SCRIPT_WRITES, HOSTED_RUNNERS, RUNNER_SERVICES, actionFacts } from './catalogue.js'
import type { ActionFacts, CommandFacts, Scope, When } from './catalogue.js'

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

/**
 * A `with:` input's node. The runner matches `with:` keys to an action's inputs
 * case-insensitively (`PASSWORD:` sets `password`), and so does this.
 */
export function withNode(step: Step, name: string): YNode | undefined {
  const exact = step.with.get(name)
  if (exact) return exact
  const lower = name.toLowerCase()
  for (const [k, v] of step.with) if (k.toLowerCase() === lower) return v
  // a key written as an expression may be this input: its value counts as unknown
  for (const [k, v] of step.with) if (k.includes('${{')) return { ...v, kind: 'scalar', value: `\${{ ${k} }}`, style: 'plain' } as YNode
  return undefined
}

/** A `with:` input as text (undefined when absent). */
export function input(step: Step, name: string): string | undefined {
  const n = withNode(step, name)
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

/**
 * The version a step's action is at, as numbers (`v3.1.0` -> [3, 1, 0], `v3` -> [3]): its tag,
 * or the `# vX.Y.Z` comment beside a SHA pin. A floating tag (`v3`) stands for its newest release.
 */
export function versionParts(step: Step, wf: Workflow): number[] | undefined {
  const u = step.uses?.parsed
  if (!u || u.kind !== 'repo') return undefined
  let v: string | undefined = u.refKind === 'tag' ? u.ref.replace(/^refs\/tags\//, '') : undefined
  if (!v) v = trailingComment(wf.source, wf.yaml.lineCounter.lineStarts, step.uses!.pos.line)
  const m = v ? /^\s*(?:#\s*)?(?:[\w-]+@)?v?(\d+(?:\.\d+)*)/.exec(v) ?? /\bv?(\d+(?:\.\d+)*)/.exec(v) : null
  return m ? m[1].split('.').map(Number) : undefined
}

/**
 * Is a version within [from, to]? Bounds are a major (`3`) or `major.minor` (`'3.0'`); a
 * version missing parts (a floating `v3`) counts as its newest release.
 */
export function versionIn(ver: number[], from?: number | string, to?: number | string): boolean {
  const parts = (b: number | string) => String(b).split('.').map(Number)
  const cmp = (bound: number[], missingIsMax: boolean): number => {
    for (let i = 0; i < bound.length; i++) {
      const x = ver[i] ?? (missingIsMax ? Infinity : 0)
      if (x !== bound[i]) return x < bound[i] ? -1 : 1
    }
    return 0
  }
  if (from !== undefined && cmp(parts(from), true) < 0) return false
  if (to !== undefined && cmp(parts(to), true) > 0) return false
  return true
}

export function runText(step: Step): string | undefined {
  return step.run && step.run.value !== null ? String(step.run.value) : undefined
}

/** The catalogue's facts of a step's action (undefined for run steps and local actions). */
export function factsOf(step: Step): ActionFacts | undefined {
  return actionFacts(actionOf(step))
}

/**
 * Does a catalogue condition hold for this step? An input written as an expression may hold
 * either way: `maybe` decides what such a value counts as (true where an unknown value must
 * not hide a publish or a permission use).
 */
export function holds(when: When | true | undefined, step: Step, maybe = true): boolean {
  if (when === undefined || when === true) return true
  if ('all' in when) return when.all.every((w) => holds(w, step, maybe))
  if ('any' in when) return when.any.some((w) => holds(w, step, maybe))
  if ('set' in when) {
    const v = input(step, when.set)
    if (v === undefined || v.trim() === '') return false
    return v.includes('${{') ? maybe : !isFalse(v)
  }
  if ('unset' in when) {
    const v = input(step, when.unset)
    if (v !== undefined && v.includes('${{')) return maybe
    return v === undefined || v.trim() === ''
  }
  if ('notFalse' in when) {
    const v = input(step, when.notFalse)
    if (v !== undefined && v.includes('${{')) return maybe
    return !isFalse(v)
  }
  const v = input(step, when.input)
  if (v === undefined) return false
  return when.matches.test(v) || (!when.literal && v.includes('${{') && maybe)
}

/** The catalogue's commands a `run:` script runs, each once, in order. */
export function stepCommands(step: Step): CommandFacts[] {
  let c = commandsMemo.get(step)
  if (c) return c
  c = []
  const run = runText(step)
  if (run) {
    const lines = logicalLines(run).map(withoutEchoedText)
    // the shell reads `tw\ine`, `tw''ine` and `"twine"` as `twine`: match both spellings
    const plains = lines.map(unquoted)
    // a command whose words are in no line is not tried on each (see `commandWords`)
    const text = `${lines.join('\n')}\n${plains.join('\n')}`
    const candidates = COMMANDS.filter((cmd) => {
      const words = WORDS.get(cmd)
      return !words || words.some((w) => text.includes(w))
    })
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]
      const plain = plains[i]
      for (const cmd of candidates) if (!c.includes(cmd) && (cmd.re.test(line) || (plain !== line && cmd.re.test(plain)))) c.push(cmd)
    }
  }
  commandsMemo.set(step, c)
  return c
}
const commandsMemo = new WeakMap<Step, CommandFacts[]>()

/**
 * Words one of which every match of a pattern contains, read off its source: each of its
 * top-level alternatives must start with `\b` and a literal word (`\bgem\s+push`) or a group of
 * literal words (`\b(?:poetry|flit)\s+publish`); a letter made optional (`mvnw?`) ends the word.
 * Undefined when the pattern is not of that form (or ignores case): it is tried on every line.
 * Finding none of the words in a script is one fast substring search each, where trying the
 * pattern on the script is a regular-expression scan of it: ~60 commands per step.
 */
export function commandWords(re: RegExp): string[] | undefined {
  if (re.ignoreCase) return undefined
  const words: string[] = []
  for (const alt of topLevelAlternatives(re.source)) {
    const m = /^\\b(?:\(\?:([A-Za-z0-9_|-]+)\)(?![?*{])|([A-Za-z0-9_-]+))/.exec(alt)
    if (!m) return undefined
    if (m[1] !== undefined) words.push(...m[1].split('|'))
    else {
      // a word followed by `?`, `*` or `{` may end one letter early
      const rest = alt.slice(m[0].length)
      const w = /^[?*{]/.test(rest) ? m[2].slice(0, -1) : m[2]
      words.push(w)
    }
  }
  return words.length && words.every((w) => w.length > 0) ? words : undefined
}

/** A pattern's source cut at its top-level `|` (outside groups and character classes). */
function topLevelAlternatives(src: string): string[] {
  const out: string[] = []
  let depth = 0
  let inClass = false
  let start = 0
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]
    if (ch === '\\') i++
    else if (inClass) inClass = ch !== ']'
    else if (ch === '[') inClass = true
    else if (ch === '(') depth++
    else if (ch === ')') depth--
    else if (ch === '|' && depth === 0) {
      out.push(src.slice(start, i))
      start = i + 1
    }
  }
  out.push(src.slice(start))
  return out
}
const WORDS = new Map(COMMANDS.map((c) => [c, commandWords(c.re)]))

/**
 * `echo "…"` / `printf '…'` whose text only reaches the log or the job summary: the text is
 * not a command (`echo "gh release create v1 --draft" >> $GITHUB_STEP_SUMMARY`). Only a
 * single quoted argument with no command substitution in it, at the start of a command, whose
 * output is not piped or written anywhere but `$GITHUB_STEP_SUMMARY` (a file or a pipe may be
 * run later: `echo "npm publish" | sh`). Linear.
 */
const ECHOED = /((?:^|[;&]\s*|\b(?:then|do|else)\s+)(?:echo|printf)(?:\s+-[neE]+)*\s+)("(?:[^"\\`$]|\\[\s\S]|\$(?!\())*"|'[^']*')(?=\s*(?:$|;|&&|\|\||>>?\s*"?\$\{?GITHUB_STEP_SUMMARY\}?"?\s*(?:$|;|&&|\|\|)))/g

export function withoutEchoedText(line: string): string {
  return /\b(?:echo|printf)\b/.test(line) ? line.replace(ECHOED, '$1""') : line
}

/**
 * A shell line as the shell reads its words: backslash escapes resolved and quotes removed
 * (`tw\ine`, `tw''ine`, `"tw"ine` are all `twine`). Linear; used only to find commands.
 */
export function unquoted(line: string): string {
  if (!/[\\'"]/.test(line)) return line
  let out = ''
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]
    if (ch === '\\' && i + 1 < line.length) out += line[++i]
    else if (ch !== "'" && ch !== '"') out += ch
  }
  return out
}

/**
 * A shell line cut into its commands at `&&`, `||`, `;`, `|` and `&`, outside quotes (`npm
 * publish --dry-run && npm publish` is two commands, and the second publishes). With
 * `subshells`, also around subshells and substitutions (`(cd x; npm run a)`, `$(npm run b)`,
 * backticks) and at line breaks. Linear.
 */
export function commandSegments(line: string, subshells = false): string[] {
  const out: string[] = []
  let cur = ''
  let quote = ''
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]
    if (quote) {
      cur += ch
      if (ch === quote) quote = ''
      else if (ch === '\\' && quote === '"' && i + 1 < line.length) cur += line[++i]
      continue
    }
    if (ch === '\\' && i + 1 < line.length) {
      cur += ch + line[++i]
      continue
    }
    if (ch === '"' || ch === "'") quote = ch
    if (ch === ';' || ch === '|' || ch === '&' || (subshells && (ch === '\n' || ch === '(' || ch === ')' || ch === '`'))) {
      if (cur.trim()) out.push(cur.trim())
      cur = ''
      continue
    }
    cur += ch
  }
  if (cur.trim()) out.push(cur.trim())
  return out
}

/** Values that turn a flag off. */
const OFF = /^(?:false|0|no|off)$/i

/**
 * Does a command carry a dry-run flag that is on? A bare `--dry-run` (`--dryRun`, cargo's `-n`) is,
 * and so is one followed by `true`, a path or another flag; `--dry-run=true` is. A flag given
 * a value that is not literally true is not a rehearsal: `--dry-run false`, `--dry-run=false`,
 * and a value decided at run time (`--dry-run "$DRY_RUN"`, `--dry-run=${{ inputs.dry }}`), which
 * renovate sets to false for its real releases. Takes shell words (quotes removed).
 */
export function dryRunWords(words: string[]): boolean {
  // `-n` is `--dry-run` for cargo only: `poetry publish -n` is --no-interaction, `gh release
  // create -n` is --notes, `hatch publish -n` is --no-prompt
  const cargo = words.includes('cargo')
  for (let i = 0; i < words.length; i++) {
    const m = /^(?:--dry-run|--dryRun|-n)(?:=([\s\S]*))?$/.exec(words[i])
    if (!m || (words[i].startsWith('-n') && !cargo)) continue
    if (m[1] !== undefined) {
      if (/^(?:true|1|yes|on)$/i.test(m[1])) return true
      continue
    }
    const next = words[i + 1]
    if (next === undefined || next.startsWith('-') || /^(?:&&|\|\||[;|&()]|>>?|<)$/.test(next)) return true
    // `--dry-run false`, `--dry-run "$X"`, `--dry-run ${{ inputs.dry }}`, `--dry-run $(cat f)`: may be off
    if (OFF.test(next) || /[$`]/.test(next)) continue
    return true
  }
  return false
}

/** `dryRunWords` over one command of a shell line. */
export function isDryRun(command: string): boolean {
  return dryRunWords(unquoted(command).replace(/([;&|()])/g, ' $1 ').split(/\s+/).filter(Boolean))
}

/** Shell lines with `\`-continuations joined and comments dropped. */
export function logicalLines(script: string): string[] {
  return script
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => stripComment(l).trim())
    .filter(Boolean)
}

/** A shell line without its `# comment` (a `#` that starts a word). Linear. */
function stripComment(line: string): string {
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) return line.slice(0, i)
  }
  return line
}

/** Steps that sign or attest what was built: consumers of `id-token: write` in a build job. */
export function isSigningStep(step: Step): boolean {
  const f = factsOf(step)
  if (f?.signs !== undefined) return holds(f.signs, step)
  return stepCommands(step).some((c) => c.signs)
}

/** Steps that attest through GitHub's attestations API (need `attestations: write`). */
export function isAttestStep(step: Step): boolean {
  return stepNeeds(step).scopes.has('attestations')
}

/** True, or an expression that may be true at run time. */
export function mayBeTrue(v: string | undefined): boolean {
  return isTrue(v) || (v !== undefined && v.includes('${{'))
}

/** The release bot a step runs (it opens release pull requests), if any. */
export function releaseBot(step: Step): string | undefined {
  return factsOf(step)?.bot ?? stepCommands(step).find((c) => c.bot)?.bot
}

/** Is a runner label one of GitHub's hosted runners (standard or larger)? */
export function isHostedLabel(label: string): boolean {
  return HOSTED_RUNNERS.some((re) => re.test(label))
}

/** A third-party runner service a label names (self-hosted as far as GitHub is concerned). */
export function runnerService(label: string): string | undefined {
  return RUNNER_SERVICES.find((s) => s.re.test(label))?.service
}

/** What one step needs of the token, computed once per step (several rules ask). */
export interface StepNeeds {
  /** Each write scope the step uses, with what was seen (an action or a command). */
  scopes: Map<Scope, string>
  bot?: string
  /**
   * Set when the gate cannot tell what the step needs: an action the catalogue does not know,
   * a Docker action, or a script that runs a build the gate does not read. Its value names
   * the step's action or command.
   */
  opaque?: string
}

const needsMemo = new WeakMap<Step, StepNeeds>()

/** Does a step's `env:` or `with:` hand it the job's token (`github.token`, `secrets.GITHUB_TOKEN`)? */
function handsToken(step: Step): boolean {
  const TOKEN = /\b(?:github\.token|secrets\.github_token)\b/i
  for (const m of [step.env, step.with]) for (const v of m.values()) if (v.kind === 'scalar' && typeof v.value === 'string' && TOKEN.test(v.value)) return true
  return false
}

function githubScriptScopes(step: Step, scopes: Map<Scope, string>): void {
  const script = input(step, 'script') ?? ''
  for (const w of GITHUB_SCRIPT_WRITES) if (w.re.test(script) && !scopes.has(w.scope)) scopes.set(w.scope, `${step.uses!.value} (${w.re.exec(script)![0]})`)
}

export function stepNeeds(step: Step): StepNeeds {
  let n = needsMemo.get(step)
  if (n) return n
  const scopes = new Map<Scope, string>()
  n = { scopes }
  const u = step.uses?.parsed
  if (u && u.kind === 'repo') {
    const f = factsOf(step)
    const name = step.uses!.value
    if (!f) n.opaque = name
    else {
      for (const p of f.permissions ?? []) if (!scopes.has(p.scope) && holds(p.when, step)) scopes.set(p.scope, name)
      if (f.bot) n.bot = f.bot
      if (f.sinks?.includes('script')) githubScriptScopes(step, scopes)
    }
  } else if (u && u.kind === 'docker') {
    n.opaque = step.uses!.value
  } else if (!u) {
    const run = runText(step) ?? ''
    // a script handed the job's token may call the API with it: which scope it uses is in the
    // script's requests, which the gate does not model
    if (handsToken(step) && /\b(?:curl|wget|gh|octokit|http)\b|Invoke-RestMethod|requests\./i.test(run)) n.opaque = 'a script given the job token'
    for (const c of stepCommands(step)) {
      if (c.scriptAlso && !c.scriptAlso.test(run)) continue
      for (const s of c.permissions ?? []) if (!scopes.has(s)) scopes.set(s, c.label)
      if (c.bot) n.bot = c.bot
      if (c.opaque && !n.opaque) {
        const m = logicalLines(run).map((l) => c.re.exec(l)).find(Boolean)
        n.opaque = m ? m[0] : c.label
      }
    }
  }
  // local actions are expanded by stepSites; a local action that could not be read is opaque
  needsMemo.set(step, n)
  return n
}
