import { describe, expect, it } from '@jest/globals'
import { loadFixture } from '../helpers/audit.js'
import { parseWorkflow } from '../../src/workflow/model.js'
import { selectScope } from '../../src/workflow/scope.js'
import { publishSignals } from '../../src/workflow/publish.js'

describe('workflow model', () => {
  const wf = loadFixture('corpus/workflows/pallets__flask__publish.yaml')

  it('reads triggers, permissions and jobs with positions', () => {
    expect(wf.kind).toBe('workflow')
    expect(wf.triggers.map((t) => t.event)).toEqual(['push'])
    expect(wf.permissions).toMatchObject({ kind: 'map', pos: { line: 5, column: 14 } })
    expect(wf.permissions!.scopes.size).toBe(0)
    expect(wf.jobs.map((j) => j.id)).toEqual(['build', 'create-release', 'publish-pypi'])
  })

  it('reads a job: needs, environment, permissions, steps', () => {
    const job = wf.jobs.find((j) => j.id === 'publish-pypi')!
    expect(job.needs.map((n) => n.value)).toEqual(['build'])
    expect(job.environment?.name).toBe('publish')
    expect(job.permissions?.scopes.get('id-token')?.value).toBe('write')
    expect(job.steps).toHaveLength(2)
    expect(job.steps[1].uses).toMatchObject({ value: 'pypa/gh-action-pypi-publish@ed0c53931b1dc9bd32cbe73a98c7f6766f8a527e', pos: { line: 60, column: 15 } })
    expect(job.steps[1].with.get('packages-dir')).toMatchObject({ value: 'dist/' })
  })

  it('reads run steps and step names', () => {
    const job = wf.jobs.find((j) => j.id === 'create-release')!
    expect(job.steps[1]).toMatchObject({ index: 1, name: 'create release' })
    expect(job.steps[1].run?.value).toContain('gh release create')
    expect(job.steps[1].env.get('GH_TOKEN')).toMatchObject({ value: '${{ github.token }}' })
  })

  it('reads reusable-workflow calls and secrets: inherit', () => {
    const w = parseWorkflow(
      'on: push\njobs:\n  call:\n    uses: ./.github/workflows/publish.yml\n    secrets: inherit\n    permissions:\n      id-token: write\n',
      'call.yml',
    )
    expect(w.jobs[0].uses?.parsed).toMatchObject({ kind: 'local', reusableWorkflow: true })
    expect(w.jobs[0].secrets?.inherit).toBe(true)
  })

  it('models a composite action as one job of steps', () => {
    const a = loadFixture('corpus/actions/rubygems__release-gem__action.yml')
    expect(a.kind).toBe('action')
    expect(a.runs?.using).toBe('composite')
    expect(a.jobs[0].steps.some((s) => s.uses?.value.startsWith('rubygems/configure-rubygems-credentials@'))).toBe(true)
  })

  it('turns values of the wrong type into problems with positions, not exceptions', () => {
    const w = loadFixture('workflows/invalid-workflow/positive.yml')
    const msgs = w.problems.map((p) => `${p.pos.line}: ${p.message}`)
    expect(msgs).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^6: permissions must be/),
        expect.stringMatching(/^10: `steps:` must be a list/),
        expect.stringMatching(/^18: `uses:` must be a string/),
        expect.stringMatching(/^12: job 'publish-pypi' needs 'missing-job'/),
      ]),
    )
  })

  it.each([
    ['on: 5\njobs: {}\n', /`on:` must name events/],
    ['on: push\njobs: [a]\n', /`jobs:` must be a mapping/],
    ['- a\n- b\n', /must be a YAML mapping/],
    ['on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - 42\n', /step 1 must be a mapping/],
    ['on: push\njobs:\n  a:\n    runs-on: x\n    needs: {x: 1}\n    steps: []\n', /`needs:` must be a job id/],
  ])('reports malformed %j', (src, re) => {
    const w = parseWorkflow(src, 'x.yml')
    expect(w.problems.map((p) => p.message).join('\n')).toMatch(re)
  })
})

describe('scope', () => {
  it('audits the named job and everything it needs, transitively', () => {
    const wf = loadFixture('corpus/workflows/sigstore__sigstore-python__release.yml')
    const s = selectScope(wf, 'release-pypi')
    expect(s.targets.map((j) => j.id)).toEqual(['release-pypi'])
    expect(s.jobs.map((j) => j.id).sort()).toEqual(['build', 'generate-provenance', 'release-pypi'])
  })

  it('without a job, guards the publishing jobs', () => {
    const wf = loadFixture('corpus/workflows/pallets__flask__publish.yaml')
    const s = selectScope(wf)
    expect(s.targets.map((j) => j.id)).toEqual(['create-release', 'publish-pypi'])
    expect(s.jobs.map((j) => j.id)).toEqual(['build', 'create-release', 'publish-pypi'])
  })

  it('falls back to every job when none publishes', () => {
    const wf = parseWorkflow('on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n', 'ci.yml')
    expect(selectScope(wf).reason).toBe('no job publishes: every job')
  })

  it('throws for an unknown job, naming the jobs there are', () => {
    const wf = loadFixture('corpus/workflows/pallets__flask__publish.yaml')
    expect(() => selectScope(wf, 'deploy')).toThrow(/job 'deploy' is not in .* \(jobs: build, create-release, publish-pypi\)/)
  })
})

describe('publishing detection', () => {
  it.each([
    ['uses: pypa/gh-action-pypi-publish@release/v1', 'pypi'],
    ['run: npm publish --provenance --access public', 'npm'],
    ['run: pnpm -r publish --no-git-checks', 'npm'],
    ['run: twine upload dist/*', 'pypi'],
    ['run: uv publish', 'pypi'],
    ['run: cargo publish -p foo', 'crates'],
    ['run: gem push *.gem', 'rubygems'],
    ['run: gh release create v1 dist/*', 'github-release'],
    ['run: docker push ghcr.io/o/i:1', 'container'],
  ])('%s publishes to %s', (step, registry) => {
    const wf = parseWorkflow(`on: push\njobs:\n  p:\n    runs-on: ubuntu-latest\n    steps:\n      - ${step}\n`, 'p.yml')
    expect(publishSignals(wf, wf.jobs[0]).map((s) => s.registry)).toEqual([registry])
  })

  it('docker/build-push-action publishes only with push: true', () => {
    const mk = (push: string) =>
      parseWorkflow(`on: push\njobs:\n  p:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          push: ${push}\n`, 'p.yml')
    const yes = mk('true')
    const no = mk('false')
    expect(publishSignals(yes, yes.jobs[0])).toHaveLength(1)
    expect(publishSignals(no, no.jobs[0])).toHaveLength(0)
  })

  it('id-token: write alone does not make a job publishing (scorecard, cloud deploys)', () => {
    const wf = parseWorkflow('on: push\njobs:\n  p:\n    runs-on: ubuntu-latest\n    permissions:\n      id-token: write\n    steps:\n      - uses: ossf/scorecard-action@4eaacf0543bb3f2c246792bd56e8cdeffafb205a # v2.4.3\n      - run: ./deploy.sh\n', 'p.yml')
    expect(publishSignals(wf, wf.jobs[0])).toEqual([])
  })

  it('a build job whose id-token: write serves an attestation step is not publishing', () => {
    const wf = parseWorkflow(
      'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    permissions:\n      id-token: write\n      attestations: write\n    steps:\n      - run: python -m build\n      - uses: actions/attest-build-provenance@0f67c3f4856b2e3261c31976d6725780e5e4c373 # v4.1.1\n        with:\n          subject-path: dist/*\n',
      'b.yml',
    )
    expect(publishSignals(wf, wf.jobs[0])).toEqual([])
  })
})
