import { describe, expect, it } from '@jest/globals'
import { auditTarget, buildReport } from '../../src/engine.js'
import { lockedClosure, parseActionsLock } from '../../src/resolve/lockfile.js'
import { loadFixture, notOkLines, ofRule, options, readFixture } from '../helpers/audit.js'

const LOCK = parseActionsLock(readFixture('workflows/unlocked-dependency/actions.lock'))
const run = (name: 'positive' | 'near-miss') => {
  const wf = loadFixture(`workflows/unlocked-dependency/${name}.yml`)
  const closure = lockedClosure(LOCK, `.github/workflows/${name}.yml`)!
  const opts = options()
  return buildReport([auditTarget({ file: wf.file, workflow: wf, source: 'local', failures: [], jobId: 'publish', lock: { actionsLock: LOCK, onboarded: true, closure, required: false } }, opts)], [], opts)
}

describe('unlocked-dependency (offline: the direct uses)', () => {
  it('flags an action of an onboarded workflow that the lock does not cover', () => {
    const fs = ofRule(run('positive'), 'unlocked-dependency')
    expect(fs.map((f) => f.line)).toEqual(notOkLines('workflows/unlocked-dependency/positive.yml'))
    expect(fs[0].message).toBe('`rust-lang/crates-io-auth-action@v1.0.1` is not in actions.lock for this workflow: GitHub will refuse the run, or the lock is stale')
  })

  it('passes when every action is locked, and the locked tags are notes, not unpinned-uses errors', () => {
    const r = run('near-miss')
    expect(ofRule(r, 'unlocked-dependency')).toEqual([])
    expect(ofRule(r, 'unpinned-uses').map((f) => f.severity)).toEqual(['note', 'note'])
  })
})
