/**
 * What the repository locks: `actions.lock` (GitHub's) and `gha.sum` (ghasum's), read from the
 * same place and commit as the workflow. An unreadable or invalid lock is a check that could
 * not run — it blocks — never a lock that is quietly ignored.
 */
import type { CheckFailure } from '../audits/rule.js'
import type { RepoReader } from '../context/local.js'
import { InputError } from '../workflow/yaml.js'
import { GHA_SUM_PATH, parseGhaSum } from './ghasum.js'
import type { GhaSum } from './ghasum.js'
import { ACTIONS_LOCK_PATH, lockedClosure, parseActionsLock } from './lockfile.js'
import type { ActionsLock } from './lockfile.js'

export interface LockFacts {
  actionsLock?: ActionsLock
  ghaSum?: GhaSum
  /** The workflow's path is a key of actions.lock `workflows`. */
  onboarded: boolean
  /** The locked closure of the workflow (keys), when onboarded. */
  closure?: Set<string>
  /** `require-lock: true`: treat the workflow as if it had to be locked. */
  required: boolean
  /** owner/repo -> current ids, when asked (online). */
  ids?: Map<string, { ownerId: number; repoId: number } | { error: string }>
}

/** Is any lock in force for this workflow? Then unlocked dependencies are errors. */
export function lockInForce(l: LockFacts | undefined): boolean {
  return !!l && (l.onboarded || !!l.ghaSum || l.required)
}

/** Commit SHAs the lock pins, by `owner/repo@ref` key, for resolving at the locked commit. */
export function lockedCommits(l: LockFacts | undefined): Map<string, string> {
  const m = new Map<string, string>()
  if (l?.actionsLock && l.onboarded) for (const e of l.actionsLock.dependencies.values()) m.set(e.key, e.commit.hex)
  return m
}

export async function readLocks(reader: RepoReader, workflowPath: string, required: boolean): Promise<{ facts: LockFacts; failures: CheckFailure[] }> {
  const facts: LockFacts = { onboarded: false, required }
  const failures: CheckFailure[] = []
  const read = async (path: string): Promise<string | undefined> => {
    try {
      return await reader.read(path)
    } catch (e) {
      failures.push({ check: `read ${path}`, reason: e instanceof Error ? e.message : String(e), fix: 'Re-run the job; give it `contents: read`.', file: reader.display(path) })
      return undefined
    }
  }
  const lockText = await read(ACTIONS_LOCK_PATH)
  if (lockText !== undefined) {
    try {
      facts.actionsLock = parseActionsLock(lockText, reader.display(ACTIONS_LOCK_PATH))
      facts.closure = lockedClosure(facts.actionsLock, workflowPath)
      facts.onboarded = facts.closure !== undefined
    } catch (e) {
      if (!(e instanceof InputError)) throw e
      failures.push({ check: `read ${ACTIONS_LOCK_PATH}`, reason: e.message, fix: 'Regenerate it with `gh actions-lock`; GitHub refuses runs of onboarded workflows while it is invalid.', file: reader.display(ACTIONS_LOCK_PATH), ...(e.line ? { line: e.line } : {}) })
    }
  }
  const sumText = await read(GHA_SUM_PATH)
  if (sumText !== undefined) {
    try {
      facts.ghaSum = parseGhaSum(sumText, reader.display(GHA_SUM_PATH))
    } catch (e) {
      if (!(e instanceof InputError)) throw e
      failures.push({ check: `read ${GHA_SUM_PATH}`, reason: e.message, fix: 'Regenerate it with `release-gate lock` (or `ghasum update`).', file: reader.display(GHA_SUM_PATH), ...(e.line ? { line: e.line } : {}) })
    }
  }
  if (required && lockText === undefined && sumText === undefined) {
    failures.push({ check: 'read the lockfile', reason: `require-lock is set, and there is neither ${ACTIONS_LOCK_PATH} nor ${GHA_SUM_PATH}`, fix: 'Lock the workflow with `gh actions-lock` or `release-gate lock`, and commit the file.' })
  }
  return { facts, failures }
}
