import { describe, expect, it } from '@jest/globals'
import { audit, auditWorkflow, loadFixture, notOkLines, ofRule } from '../helpers/audit.js'
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
