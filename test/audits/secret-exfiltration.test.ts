import { describe, expect, it } from '@jest/globals'
import { audit, auditWorkflow, notOkLines, ofRule } from '../helpers/audit.js'
import { parseWorkflow } from '../../src/workflow/model.js'

describe('secret-exfiltration', () => {
  it('flags the GhostAction pattern, an encoded environment dump and a secret-bound variable sent to an IP', () => {
    const P = 'workflows/secret-exfiltration/positive.yml'
    const fs = ofRule(audit(P), 'secret-exfiltration')
    expect(fs.map((f) => f.line)).toEqual(notOkLines(P))
    expect(fs[0].message).toBe('the script sends `secrets.PYPI_API_TOKEN` over the network to `bold-dhawan.45-139-104-115.plesk.page`')
    expect(fs[1].message).toMatch(/dumps the whole environment .* encoded past the log masking/)
    expect(fs[2].message).toMatch(/sends `\$NPM \(secrets\.NPM_TOKEN\)` over the network to `185\.199\.0\.7`/)
    expect(fs.every((f) => f.severity === 'error')).toBe(true)
  })

  it('flags a secret written into the workspace of a job that uploads it', () => {
    const wf = parseWorkflow(
      [
        'on: release',
        'permissions: {}',
        'jobs:',
        '  build:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - run: echo "${{ secrets.SIGNING_KEY }}" > dist/key.pem && make sign',
        '      - uses: actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2',
        '        with: { name: dist, path: dist/ }',
        '',
      ].join('\n'),
      'r.yml',
    )
    const fs = ofRule(auditWorkflow(wf), 'secret-exfiltration')
    expect(fs.map((f) => [f.line, f.message])).toEqual([[7, 'the script writes `secrets.SIGNING_KEY` into `dist/key.pem`, which is uploaded as an artifact by `actions/upload-artifact` (line 8)']])
  })

  it('compares the paths written and uploaded as the runner finds them', async () => {
    const { normPath, pathTakes } = await import('../../src/audits/secret-exfiltration.js')
    expect(normPath('"$GITHUB_WORKSPACE/dist//token.txt"')).toBe('dist/token.txt')
    expect(normPath('${{ github.workspace }}/./build/env')).toBe('build/env')
    expect(normPath('${HOME}/.pypirc')).toBe('~/.pypirc')
    expect(normPath('${{ runner.temp }}/cert.p12')).toBe('$RUNNER_TEMP/cert.p12')
    expect(normPath('t.txt', 'packages/core')).toBe('packages/core/t.txt')
    expect(normPath('$OUT/t.txt')).toBeUndefined()
    expect(pathTakes('dist', 'dist/key.pem')).toBe(true)
    expect(pathTakes('dist/*.pem', 'dist/key.pem')).toBe(true)
    expect(pathTakes('build*', 'build-1/env')).toBe(true)
    expect(pathTakes('**/*.txt', 'a/b/t.txt')).toBe(true)
    expect(pathTakes('.', 'token.txt')).toBe(true)
    expect(pathTakes('.', '~/.pypirc')).toBe(false)
    expect(pathTakes('dist', 'distribution/key.pem')).toBe(false)
    expect(pathTakes('dist/*.whl', 'dist/key.pem')).toBe(false)
    expect(pathTakes('d?st/**/k*.pem', 'dist/a/b/key.pem')).toBe(true)
    // globs are the workflow's text: patterns that make a regular expression backtrack without end
    expect(pathTakes(`${'*a'.repeat(40)}c`, 'a'.repeat(20_000))).toBe(false)
    expect(pathTakes(`${'**/'.repeat(60)}x`, `${'a/'.repeat(3000)}b`)).toBe(false)
    expect(pathTakes(`${'**/'.repeat(60)}b`, `${'a/'.repeat(3000)}b`)).toBe(true)
  })

  it('reads the archives a line creates', async () => {
    const { archives } = await import('../../src/audits/secret-exfiltration.js')
    expect(archives('tar czf dist/a.tgz src README.md && tar xzf b.tgz')).toEqual([{ archive: 'dist/a.tgz', from: ['src', 'README.md'] }])
    expect(archives('tar --create --file=out.tar -C build . ; zip -r out.zip a b; 7z a x.7z c')).toEqual([
      { archive: 'out.tar', from: ['build/.'] },
      { archive: 'out.zip', from: ['a', 'b'] },
      { archive: 'x.7z', from: ['c'] },
    ])
    expect(archives('tar -tzf a.tgz x')).toEqual([])
  })

  it('reads the paths a line removes', async () => {
    const { removals } = await import('../../src/audits/secret-exfiltration.js')
    expect(removals('rm -rf build key.pem && echo rm x; shred -u t.txt')).toEqual(['build', 'key.pem', 't.txt'])
  })

  it('accepts the job token to GitHub, a webhook secret to its service, and a filtered env', () => {
    expect(ofRule(audit('workflows/secret-exfiltration/near-miss.yml'), 'secret-exfiltration')).toEqual([])
  })
})
