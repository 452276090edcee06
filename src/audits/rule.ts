/** The contract every rule file fulfils. */
import type { Finding, FindingInput, Severity } from './finding.js'
import type { Problem, Workflow } from '../workflow/model.js'
import type { ParsedYaml } from '../workflow/yaml.js'
import type { Scope } from '../workflow/scope.js'
import type { LocalFiles } from '../workflow/sites.js'
import type { Resolution } from '../resolve/graph.js'
import type { OnlineFacts } from '../resolve/online.js'
import type { AttestResult } from '../attest/index.js'
import type { LockFacts } from '../resolve/locks.js'
import type { IntegrityResult } from '../resolve/integrity.js'

/** A check the gate could not carry out; it blocks in enforcing mode. */
export interface CheckFailure {
  /** The check, e.g. "load workflow", "read config", "resolve actions". */
  check: string
  /** Why it could not run, in one sentence. */
  reason: string
  /** What the user can do about it. */
  fix: string
  file?: string
  line?: number
}

/** What GitHub's own parser refuses in a workflow file (empty when it accepts the file). */
export type GithubParser = (source: string, file: string, parsed?: ParsedYaml) => Problem[]

export interface AuditContext {
  workflow: Workflow
  scope: Scope
  /** GitHub's parser, when the caller supplies it (the CLI). */
  githubParser?: GithubParser
  /** The rule's own options from the config file (`rules.<id>.config`). */
  options: Record<string, unknown>
  /** Checks that could not run, gathered before the rules. */
  failures: CheckFailure[]
  /** Facts about the run, when the gate runs inside a job. */
  runtime?: RuntimeFacts
  /** Local composite actions and reusable workflows the scope uses, loaded by path. */
  local: LocalFiles
  /** Other workflows of the same repository (to read a `workflow_run` upstream). */
  related: Workflow[]
  /** The transitive graph and GitHub's answers; present only for online runs. */
  resolved?: Resolution
  online?: OnlineFacts
  /** Attestation results, when the job verifies artifacts. */
  attest?: AttestResult
  /** What the repository locks (actions.lock, gha.sum). */
  lock?: LockFacts
  /** The runner's downloads compared with the locked content. */
  integrity?: IntegrityResult[]
}

export interface RuntimeFacts {
  /** `RUNNER_ENVIRONMENT`: github-hosted or self-hosted. */
  runnerEnvironment?: string
  /** `GITHUB_ACTION_REPOSITORY` of the gate itself. */
  gateRepository?: string
  /** The triggering event (the caller's, inside a reusable workflow). */
  eventName?: string
  /** For `workflow_run`: the event that started the run it follows; absent when unknown. */
  upstreamEvent?: string
  /** The job's deployment environment, from the signed OIDC token when there is one. */
  environment?: string
}

export interface RuleContext extends AuditContext {
  /** Build a finding stamped with this rule's id, title, docs link and default severity. */
  finding(input: FindingInput): Finding
}

export interface Rule {
  /** kebab-case; the file name, the doc page, the ignore word and the config key. */
  id: string
  /** Lowercase noun phrase that reads after "found:". */
  title: string
  severity: Severity
  /**
   * `online`: needs the resolved graph and GitHub's answers; `attest`: needs attestation
   * results. "Not checked" when they are absent.
   */
  requires?: 'online' | 'attest' | 'lock' | 'integrity'
  /**
   * The keys `rules.<id>.config` may hold, each with what it means. A key not listed is an
   * error when the config is read: an option that is accepted and then ignored relaxes nothing
   * the user thinks it relaxes.
   */
  options?: Record<string, string>
  /** Checks the options' values; returns what is wrong, in one sentence. */
  validate?(options: Record<string, unknown>): string | undefined
  /** Pure: no I/O, no environment, no core.*. */
  check(ctx: RuleContext): Finding[]
}
