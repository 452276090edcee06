/**
 * Reading inputs into {@link Settings}, once, with strict validation: a typo must fail
 * loudly rather than quietly relax the gate.
 */
import { RULE_IDS } from '../audits/index.js'
import { parseAllowLine } from './allow.js'
import { FAIL_ON_VALUES } from './settings.js'
import type { FailOn, Settings } from './settings.js'
import { SLSA_PROVENANCE_V1 } from '../attest/predicate.js'

/** Where raw input strings come from: the action's `INPUT_*` or the CLI's flags. */
export interface InputSource {
  /** The raw value, '' when unset. */
  get(name: string): string
}

export const INPUTS = {
  token: 'token',
  failOn: 'fail-on',
  config: 'config',
  disable: 'disable',
  allow: 'allow',
  offline: 'offline',
  subjectPath: 'subject-path',
  artifactName: 'artifact-name',
  artifactPath: 'artifact-path',
  artifactMaxSize: 'artifact-max-size',
  signerWorkflow: 'signer-workflow',
  predicateType: 'predicate-type',
  attestations: 'attestations',
  bundle: 'bundle',
  customTrustedRoot: 'custom-trusted-root',
  requireLock: 'require-lock',
  summary: 'summary',
} as const

export const DEFAULT_CONFIG_PATH = '.github/release-gate.yml'

/** YAML 1.2 core booleans, as the runner documents for boolean inputs. */
export function parseBoolean(name: string, value: string, dflt: boolean): boolean {
  const v = value.trim()
  if (v === '') return dflt
  if (['true', 'True', 'TRUE'].includes(v)) return true
  if (['false', 'False', 'FALSE'].includes(v)) return false
  throw new Error(`Input '${name}' is '${v}'; expected true or false`)
}

/** A size such as `2GiB`, `500 MB`, `1048576` (bytes); binary and decimal units. */
export function parseSize(name: string, value: string): number | undefined {
  const v = value.trim()
  if (v === '') return undefined
  const m = /^(\d+(?:\.\d+)?)\s*(B|KB|KiB|MB|MiB|GB|GiB|TB|TiB)?$/i.exec(v)
  const units: Record<string, number> = { b: 1, kb: 1e3, kib: 1024, mb: 1e6, mib: 1024 ** 2, gb: 1e9, gib: 1024 ** 3, tb: 1e12, tib: 1024 ** 4 }
  const n = m ? Math.floor(Number(m[1]) * units[(m[2] ?? 'b').toLowerCase()]) : NaN
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`Input '${name}' is '${v}'; expected a size such as 2GiB, 500MB or a number of bytes`)
  return n
}

export function parseList(value: string): string[] {
  return value
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '' && !s.startsWith('#'))
}

export function readSettings(src: InputSource): Settings {
  const failOn = (src.get(INPUTS.failOn).trim() || 'error') as FailOn
  if (!FAIL_ON_VALUES.includes(failOn)) {
    throw new Error(`Input 'fail-on' is '${failOn}'; expected one of ${FAIL_ON_VALUES.join(', ')}`)
  }
  const disabled = parseList(src.get(INPUTS.disable))
  for (const id of disabled) {
    if (!RULE_IDS.includes(id)) throw new Error(`Input 'disable' names '${id}', which is not a rule; known rules: ${RULE_IDS.join(', ')}`)
  }
  const allow = src
    .get(INPUTS.allow)
    .split('\n')
    .map((s) => s.trim())
    .filter((s) => s !== '' && !s.startsWith('#'))
    .map((line) => parseAllowLine(line, 'input'))
  const subjectPath = src
    .get(INPUTS.subjectPath)
    .split('\n')
    .map((s) => s.trim())
    .filter((s) => s !== '' && !s.startsWith('#'))
  const artifactName = src.get(INPUTS.artifactName).trim()
  const att = src.get(INPUTS.attestations).trim()
  if (att !== '' && att !== 'required' && att !== 'off') throw new Error(`Input 'attestations' is '${att}'; expected required or off`)
  const mode = att === 'off' ? 'off' : att === 'required' || subjectPath.length || artifactName ? 'required' : 'off'
  if (att === 'required' && !subjectPath.length && !artifactName) {
    throw new Error("Input 'attestations' is 'required' but neither 'subject-path' nor 'artifact-name' names what to verify")
  }
  const signer = src.get(INPUTS.signerWorkflow).trim()
  if (signer && !/^([\w.-]+\/)?[\w.-]+\/[\w.-]+\/.+\.ya?ml(@.+)?$/.test(signer)) {
    throw new Error(`Input 'signer-workflow' is '${signer}'; expected owner/repo/.github/workflows/release.yml`)
  }
  const summary = src.get(INPUTS.summary).trim() || 'full'
  if (summary !== 'full' && summary !== 'failures' && summary !== 'off') throw new Error(`Input 'summary' is '${summary}'; expected full, failures or off`)
  const opt = (k: string) => src.get(k).trim() || undefined
  return {
    attest: {
      mode,
      subjectPath,
      ...(artifactName ? { artifactName } : {}),
      artifactPath: workspacePath(INPUTS.artifactPath, opt(INPUTS.artifactPath) ?? 'dist'),
      ...(parseSize(INPUTS.artifactMaxSize, src.get(INPUTS.artifactMaxSize)) ? { artifactMaxBytes: parseSize(INPUTS.artifactMaxSize, src.get(INPUTS.artifactMaxSize)) } : {}),
      ...(signer ? { signerWorkflow: signer } : {}),
      predicateType: opt(INPUTS.predicateType) ?? SLSA_PROVENANCE_V1,
      ...(opt(INPUTS.bundle) ? { bundle: opt(INPUTS.bundle) } : {}),
      ...(opt(INPUTS.customTrustedRoot) ? { customTrustedRoot: opt(INPUTS.customTrustedRoot) } : {}),
    },
    token: src.get(INPUTS.token).trim(),
    failOn,
    configPath: repoPath(INPUTS.config, src.get(INPUTS.config).trim() || DEFAULT_CONFIG_PATH),
    disabled,
    allow,
    offline: parseBoolean(INPUTS.offline, src.get(INPUTS.offline), false),
    requireLock: parseBoolean(INPUTS.requireLock, src.get(INPUTS.requireLock), false),
    summary,
  }
}

/**
 * A path inside the repository, as an input gives it: relative, `/`-separated, with no `..`
 * segment (it must never reach another API endpoint, another repository, or outside the
 * checkout). `.` and empty segments are dropped. Throws with what is wrong.
 */
export function repoPath(name: string, value: string): string {
  const v = value.trim()
  const bad = (why: string) => new Error(`Input '${name}' is '${v}'; ${why}: give a path relative to the repository root, like .github/release-gate.yml`)
  if (v.startsWith('/') || /^[A-Za-z]:/.test(v) || v.startsWith('~')) throw bad('it is absolute')
  if (v.includes('\\')) throw bad('it contains a backslash')
  if (/[\u0000-\u001f\u007f?#]/.test(v)) throw bad('it contains a control character, `?` or `#`')
  const segs = v.split('/').filter((s) => s !== '' && s !== '.')
  if (segs.some((s) => s === '..' || /^(?:%2e|\.){2}$/i.test(s) || /%2f|%5c/i.test(s))) throw bad('it leaves the repository (`..`)')
  if (segs.length === 0) throw bad('it is empty')
  return segs.join('/')
}

/** A path inside the workspace for files the gate writes: a repository path that does not name the runner's `_actions`. */
export function workspacePath(name: string, value: string): string {
  const p = repoPath(name, value)
  if (p.split('/').some((s) => s === '_actions' || s === '.git')) throw new Error(`Input '${name}' is '${value}'; it must not write into \`_actions\` or \`.git\``)
  return p
}
