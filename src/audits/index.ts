/** The rule registry, in alphabetical order. Adding a rule: one file, one line here. */
import { rule as artipacked } from './artipacked.js'
import { rule as cachePoisoning } from './cache-poisoning.js'
import { rule as checkFailed } from './check-failed.js'
import { rule as dangerousTriggers } from './dangerous-triggers.js'
import { rule as excessivePermissions } from './excessive-permissions.js'
import { rule as gateOrder } from './gate-order.js'
import { rule as impostorCommit } from './impostor-commit.js'
import { rule as integrityMismatch } from './integrity-mismatch.js'
import { rule as invalidWorkflow } from './invalid-workflow.js'
import { rule as knownVulnerableActions } from './known-vulnerable-actions.js'
import { rule as missingEnvironment } from './missing-environment.js'
import { rule as overprovisionedSecrets } from './overprovisioned-secrets.js'
import { rule as poisonedEnvironment } from './poisoned-environment.js'
import { rule as refVersionMismatch } from './ref-version-mismatch.js'
import { rule as secretExfiltration } from './secret-exfiltration.js'
import { rule as secretsInherit } from './secrets-inherit.js'
import { rule as selfHostedRunner } from './self-hosted-runner.js'
import { rule as templateInjection } from './template-injection.js'
import { rule as ungatedPublishing } from './ungated-publishing.js'
import { rule as unintentionalTrigger } from './unintentional-trigger.js'
import { rule as unlockedDependency } from './unlocked-dependency.js'
import { rule as unprotectedEnvironment } from './unprotected-environment.js'
import { rule as unverifiedArtifact } from './unverified-artifact.js'
import { rule as unpinnedImages } from './unpinned-images.js'
import { rule as unpinnedTransitiveUses } from './unpinned-transitive-uses.js'
import { rule as unpinnedUses } from './unpinned-uses.js'
import { rule as useTrustedPublishing } from './use-trusted-publishing.js'
import type { Rule } from './rule.js'

export const RULES: readonly Rule[] = [
  artipacked,
  cachePoisoning,
  checkFailed,
  dangerousTriggers,
  excessivePermissions,
  gateOrder,
  impostorCommit,
  integrityMismatch,
  invalidWorkflow,
  knownVulnerableActions,
  missingEnvironment,
  overprovisionedSecrets,
  poisonedEnvironment,
  refVersionMismatch,
  secretExfiltration,
  secretsInherit,
  selfHostedRunner,
  templateInjection,
  ungatedPublishing,
  unintentionalTrigger,
  unlockedDependency,
  unpinnedImages,
  unpinnedTransitiveUses,
  unpinnedUses,
  unprotectedEnvironment,
  unverifiedArtifact,
  useTrustedPublishing,
]

/** Ids that are not rules over the model but are reported by the engine itself. */
export const ENGINE_IDS = ['ignore-without-reason'] as const

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id)
}

export const RULE_IDS: readonly string[] = [...RULES.map((r) => r.id), ...ENGINE_IDS].sort()
