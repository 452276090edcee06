/**
 * The order findings are read in: what a release risks most first. A secret on its way out
 * or code that is already not what it claims comes before a dangerous trigger, injection,
 * long-lived tokens and runners; hygiene and pins come last. Checks that could not run are not
 * ranked here: renderers keep them apart from findings.
 */
import type { Finding } from '../audits/finding.js'
import { SEVERITY_RANK } from '../audits/finding.js'

export const RISK_ORDER: readonly string[] = [
  // a secret or the environment leaving the runner
  'secret-exfiltration',
  // code that is not what the workflow names, or is known to be bad
  'integrity-mismatch',
  'impostor-commit',
  'known-vulnerable-actions',
  // the gate's verdict bypassed: loaded code, an ignored failure, a job that does not wait
  'poisoned-environment',
  'ungated-publishing',
  // attacker-controlled events and text reaching the publishing job
  'dangerous-triggers',
  'template-injection',
  // long-lived credentials and secrets handed out wholesale
  'overprovisioned-secrets',
  'use-trusted-publishing',
  'secrets-inherit',
  // what is published, and where it is built
  'unverified-artifact',
  'self-hosted-runner',
  'cache-poisoning',
  // privileges and protections
  'excessive-permissions',
  'artipacked',
  'missing-environment',
  'unprotected-environment',
  'unintentional-trigger',
  // pins and locks
  'unlocked-dependency',
  'unpinned-transitive-uses',
  'unpinned-uses',
  'unpinned-images',
  'ref-version-mismatch',
  // the gate's own hygiene
  'gate-order',
  'invalid-workflow',
  'ignore-without-reason',
]

/** Rank of a rule by risk; rules not listed sort after the listed ones, by id. */
export function riskRank(rule: string): number {
  const i = RISK_ORDER.indexOf(rule)
  return i < 0 ? RISK_ORDER.length : i
}

export interface RuleGroup {
  rule: string
  title: string
  docs: string
  findings: Finding[]
}

/**
 * Findings grouped by rule, groups by risk (then severity, then id), findings inside a group in
 * report order (file, line).
 */
export function groupByRule(findings: Finding[]): RuleGroup[] {
  const groups = new Map<string, RuleGroup>()
  for (const f of findings) {
    let g = groups.get(f.rule)
    if (!g) groups.set(f.rule, (g = { rule: f.rule, title: f.title, docs: f.docs, findings: [] }))
    g.findings.push(f)
  }
  const top = (g: RuleGroup) => Math.max(...g.findings.map((f) => SEVERITY_RANK[f.severity]))
  return [...groups.values()].sort((a, b) => riskRank(a.rule) - riskRank(b.rule) || top(b) - top(a) || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0))
}

/** The distinct values of a list, in first-seen order. */
export function distinct<T>(xs: T[]): T[] {
  return [...new Set(xs)]
}
