import { describe, expect, it } from '@jest/globals'
import { audit, auditWorkflow, loadFixture, notOkLines, ofRule, readFixture } from '../helpers/audit.js'
import { parseWorkflow } from '../../src/workflow/model.js'
import { auditTarget, buildReport } from '../../src/engine.js'
import { options } from '../helpers/audit.js'

const P = 'workflows/dangerous-triggers/positive.yml'

describe('dangerous-triggers', () => {
  it('flags workflow_run after a pull-request workflow, and issue_comment, at the trigger', () => {
    const wf = loadFixture(P)
    const opts = options()
    const r = buildReport([auditTarget({ file: wf.file, workflow: wf, source: 'local', failures: [], jobId: 'publish', related: [loadFixture('workflows/dangerous-triggers/ci.yml')] }, opts)], [], opts)
    const fs = ofRule(r, 'dangerous-triggers')
    expect(fs.map((f) => f.line)).toEqual(notOkLines(P))
    expect(fs[0].message).toMatch(/^`workflow_run` can reach publishing job `publish`: `CI` \(.*ci\.yml\) runs on pull_request, so a pull request from a fork can produce what this job publishes/)
    expect(fs[0].severity).toBe('error')
    expect(fs[1].message).toMatch(/`issue_comment` can reach publishing job `publish`: anyone who can comment/)
  })

  it('makes workflow_run a warning when the upstream workflow cannot be read', () => {
    const f = ofRule(audit(P, { job: 'publish' }), 'dangerous-triggers').find((x) => x.message.startsWith('`workflow_run`'))!
    expect(f.severity).toBe('warning')
    expect(f.message).toMatch(/`CI`\) could not be read/)
  })

  it('is quiet when the publishing job\'s if: excludes the dangerous trigger', () => {
    expect(ofRule(audit('workflows/dangerous-triggers/near-miss.yml', { job: 'publish' }), 'dangerous-triggers')).toEqual([])
  })

  it('flags pull_request_target in a real workflow where nothing publishes (Kong)', () => {
    const fs = ofRule(audit('corpus/workflows/Kong__kubernetes-ingress-controller__checks__4168dd0e.yaml'), 'dangerous-triggers')
    expect(fs[0].message).toMatch(/^`pull_request_target` can reach jobs /)
  })

  it('stays a warning for cryptography, whose upstream is not in the corpus', () => {
    const fs = ofRule(auditWorkflow(loadFixture('corpus/workflows/pyca__cryptography__pypi-publish__2762014e.yml'), { job: 'publish' }), 'dangerous-triggers')
    expect(fs.map((f) => f.severity)).toEqual(['warning'])
  })
})

describe('dangerous-triggers: reviews run like pull_request', () => {
  const R = 'workflows/dangerous-triggers/review-tracker.yml'

  it('does not take pull_request_review(_comment) for a privileged trigger: from a fork they get no secrets and a read-only token (caddy)', () => {
    expect(ofRule(audit(R), 'dangerous-triggers')).toEqual([])
  })

  it('still flags issue_comment reaching the same job, which runs with the secrets whoever comments', () => {
    const wf = parseWorkflow(readFixture(R).replace('  pull_request_review:\n    types: [submitted, dismissed]', '  issue_comment:\n    types: [created]'), R)
    const fs = ofRule(auditWorkflow(wf), 'dangerous-triggers')
    expect(fs.map((f) => [f.line, f.severity])).toEqual([[4, 'error']])
    expect(fs[0].message).toMatch(/^`issue_comment` can reach job `check-approvals`: anyone who can comment/)
  })

  it('does not block a job running the gate on a review event, and still blocks one on issue_comment', () => {
    const wf = parseWorkflow(readFixture(R), R)
    const at = (eventName: string) => {
      const opts = options({ runtime: { eventName } })
      return ofRule(buildReport([auditTarget({ file: wf.file, workflow: wf, source: 'local', failures: [], jobId: 'check-approvals' }, opts)], [], opts), 'dangerous-triggers')
    }
    expect(at('pull_request_review')).toEqual([])
    expect(at('pull_request_review_comment')).toEqual([])
    expect(at('issue_comment').map((f) => f.message)).toEqual([expect.stringMatching(/^this run was started by `issue_comment`/)])
  })
})
