import { describe, expect, it } from '@jest/globals'
import { audit, notOkLines, ofRule } from '../helpers/audit.js'

describe('use-trusted-publishing', () => {
  it('flags each long-lived registry credential reaching a publish step, whatever id-token says', () => {
    const P = 'workflows/use-trusted-publishing/positive.yml'
    const fs = ofRule(audit(P, { job: 'publish' }), 'use-trusted-publishing')
    expect(fs.map((f) => f.line).sort((a, b) => a - b)).toEqual(notOkLines(P))
    const msgs = fs.map((f) => f.message).join('\n')
    expect(msgs).toContain('`NODE_AUTH_TOKEN` carries the long-lived npm credential `secrets.NPM_TOKEN` to a publishing step')
    expect(msgs).toContain('is given `password: ${{ secrets.PYPI_API_TOKEN }}`, a long-lived PyPI token')
    expect(msgs).toContain('`GEM_HOST_API_KEY` carries the long-lived RubyGems credential')
    expect(msgs).toContain('`twine upload` is given a long-lived token (`${{ secrets.AWS_PYPI_ACCOUNT_TOKEN }}`) on the command line')
    expect(fs[0].fix).toMatch(/trusted publisher/)
  })

  it('accepts OIDC-only publishing, a private index, and the job token', () => {
    expect(ofRule(audit('workflows/use-trusted-publishing/near-miss.yml', { job: 'publish' }), 'use-trusted-publishing')).toEqual([])
  })

  it('flags registry tokens passed to a reusable workflow (astropy)', () => {
    const fs = ofRule(audit('corpus/workflows/astropy__astropy__publish__0097d6a0.yml', { job: 'build_and_publish' }), 'use-trusted-publishing')
    expect(fs[0].message).toMatch(/passes the registry token `pypi_token`/)
  })
})
