/** The one typed settings object, read once from action inputs or CLI flags. */
import type { Severity } from '../audits/finding.js'
import type { AttestSettings } from '../attest/index.js'

export type FailOn = 'error' | 'warning' | 'never'

export interface AllowEntry {
  /** `owner/repo`, `owner/repo/path`, `owner/*`, … optionally `@ref`; `*` matches anything. */
  pattern: string
  /** Why the dependency may stay unpinned; required. */
  reason: string
  /** Where the entry came from: `input` or the config file. */
  source: 'input' | 'config'
}

export interface RuleConfig {
  disable?: boolean
  severity?: Severity
  /** `path` or `path:line`; path matches the file or its trailing path components. */
  ignore?: string[]
  config?: Record<string, unknown>
}

export interface Config {
  rules: Record<string, RuleConfig>
  allow: AllowEntry[]
}

export interface Settings {
  /** Token for the REST API; registered as a secret as soon as it is read. */
  token: string
  /** Lowest severity that blocks; `never` only reports. */
  failOn: FailOn
  /** Path of the config file in the repository. */
  configPath: string
  /** Rule ids turned off by input. */
  disabled: string[]
  /** Unpinned dependencies allowed by input, each with a reason. */
  allow: AllowEntry[]
  /** Skip every network check; read files from the workspace. */
  offline: boolean
  /** Artifact attestation verification. */
  attest: AttestSettings
  /** Require the workflow to be locked (actions.lock or gha.sum). */
  requireLock: boolean
  /** What the job summary shows: `full`, `failures` (only what blocks), `off`. */
  summary: 'full' | 'failures' | 'off'
}

export const FAIL_ON_VALUES: readonly FailOn[] = ['error', 'warning', 'never']
