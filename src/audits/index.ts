/** The rule registry, in alphabetical order. Adding a rule: one file, one line here. */
import { rule as checkFailed } from './check-failed.js'
import { rule as invalidWorkflow } from './invalid-workflow.js'
import { rule as unpinnedImages } from './unpinned-images.js'
import { rule as unpinnedUses } from './unpinned-uses.js'
import type { Rule } from './rule.js'

export const RULES: readonly Rule[] = [checkFailed, invalidWorkflow, unpinnedImages, unpinnedUses]

/** Ids that are not rules over the model but are reported by the engine itself. */
export const ENGINE_IDS = ['ignore-without-reason'] as const

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id)
}

export const RULE_IDS: readonly string[] = [...RULES.map((r) => r.id), ...ENGINE_IDS].sort()
