import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { FakeGitHub } from '../helpers/fake-github.js'
import { notOkLines, ofRule, readFixture } from '../helpers/audit.js'
import { auditOnline, world } from '../helpers/online.js'
import { auditTarget, buildReport } from '../../src/engine.js'
import { options } from '../helpers/audit.js'
import { parseWorkflow } from '../../src/workflow/model.js'

let gh: FakeGitHub
beforeAll(async () => void (gh = await world()))
afterAll(async () => gh.stop())

const P = 'workflows/unpinned-transitive-uses/positive.yml'

describe('unpinned-transitive-uses', () => {
  it('follows rubygems/release-gem to the tag-pinned action inside it (faker 2024)', async () => {
    const { report } = await auditOnline(gh, readFixture(P), '.github/workflows/push_gem.yml', 'push')
    const fs = ofRule(report, 'unpinned-transitive-uses')
    expect(fs.map((f) => f.line)).toEqual(notOkLines(P))
    expect(fs[0].chain).toEqual(['push_gem.yml', 'push', 'rubygems/release-gem@612653d0e3a0f3abc71fa9e6dcdb2e2f1ec1b2d4', 'rubygems/configure-rubygems-credentials@v1.0.0'])
    expect(fs[0].step).toEqual({ index: 1 })
  })

  it('is quiet when nothing inside is unpinned, and notes a Dockerfile built at run time', async () => {
    const { report } = await auditOnline(gh, readFixture('workflows/unpinned-transitive-uses/near-miss.yml'), '.github/workflows/release.yml', 'publish')
    expect(ofRule(report, 'unpinned-transitive-uses').filter((f) => f.severity !== 'note')).toEqual([])
  })

  it('lets an allowed dependency through and says so', async () => {
    const { t } = await auditOnline(gh, readFixture(P), '.github/workflows/push_gem.yml', 'push')
    const opts = options({ allow: [{ pattern: 'rubygems/configure-rubygems-credentials', reason: 'maintained by RubyGems, pinned upstream soon', source: 'config' }] })
    const r = buildReport([auditTarget(t, opts)], [], opts)
    expect(ofRule(r, 'unpinned-transitive-uses')[0].ignored).toMatchObject({ by: 'allow' })
    expect(r.allowances[0].used).toEqual(['rubygems/configure-rubygems-credentials@v1.0.0'])
  })

  it('is "not checked" offline, never a silent pass', () => {
    const wf = parseWorkflow(readFixture(P), 'push_gem.yml')
    const opts = options()
    const r = buildReport([auditTarget({ file: wf.file, workflow: wf, source: 'local', failures: [], jobId: 'push', offlineReason: 'offline: no token' }, opts)], [], opts)
    expect(r.skipped).toContainEqual({ check: 'unpinned-transitive-uses', reason: 'offline: no token' })
  })
})
