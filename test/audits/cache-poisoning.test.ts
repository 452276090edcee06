import { describe, expect, it } from '@jest/globals'
import { audit, notOkLines, ofRule } from '../helpers/audit.js'

describe('cache-poisoning', () => {
  it('flags caches restored in the publishing job and in the job it needs', () => {
    const P = 'workflows/cache-poisoning/positive.yml'
    const fs = ofRule(audit(P, { job: 'publish' }), 'cache-poisoning')
    expect(fs.map((f) => f.line)).toEqual(notOkLines(P))
    expect(fs[0].message).toMatch(/restores the uv cache by default \(`enable-cache: auto`\) on a push to a branch \(main\) in job `build`, which builds what is published/)
    expect(fs[1].message).toMatch(/restores the pip cache in job `publish`, which publishes/)
    expect(fs.every((f) => f.severity === 'error')).toBe(true)
  })

  it('accepts caches turned off, and setup-uv auto on a tag push', () => {
    expect(ofRule(audit('workflows/cache-poisoning/near-miss.yml', { job: 'publish' }), 'cache-poisoning')).toEqual([])
  })

  it('warns, without blocking, when a cache depends on a file it cannot see (setup-pixi in networkx)', () => {
    const fs = ofRule(audit('corpus/workflows/networkx__networkx__release.yml', { job: 'pypi-publish' }), 'cache-poisoning')
    expect(fs.map((f) => f.severity)).toEqual(['warning'])
    expect(fs[0].message).toMatch(/when pixi\.lock exists/)
  })

  it('puts the finding on the line that turns the cache on, so ignores there apply (pydantic)', () => {
    const fs = ofRule(audit('corpus/workflows/pydantic__pydantic__ci.yml', { job: 'release-pydantic' }), 'cache-poisoning')
    expect(fs.filter((f) => f.ignored?.by === 'comment').length).toBeGreaterThan(0)
  })
})
