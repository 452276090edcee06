import { describe, expect, it } from '@jest/globals'
import { audit, auditWorkflow, loadFixture, notOkLines, ofRule, options, readFixture } from '../helpers/audit.js'
import { auditTarget, buildReport } from '../../src/engine.js'
import { parseWorkflow } from '../../src/workflow/model.js'

describe('template-injection', () => {
  it('flags attacker text in run: and github-script, an error when pull_request_target reaches it', () => {
    const P = 'workflows/template-injection/positive.yml'
    const fs = ofRule(audit(P, { job: 'publish' }), 'template-injection')
    expect(fs.map((f) => f.line)).toEqual(notOkLines(P))
    expect(fs[0]).toMatchObject({ severity: 'error', column: 20 })
    expect(fs[0].message).toBe(
      "`${{ github.event.pull_request.title }}` is expanded into `run:`: an outsider chooses this text, and `pull_request_target` runs this step with the repository's secrets",
    )
    expect(fs[1].message).toMatch(/^`\$\{\{ github\.head_ref \}\}` is expanded into `actions\/github-script` `script:`/)
    expect(fs[2]).toMatchObject({ severity: 'warning' })
    expect(fs[2].message).toMatch(/whoever dispatches the workflow chooses this text/)
    expect(fs[0].fix).toContain('env: { VALUE: ${{ github.event.pull_request.title }} }')
  })

  it('accepts fixed values and untrusted text passed through env', () => {
    expect(ofRule(audit('workflows/template-injection/near-miss.yml'), 'template-injection')).toEqual([])
  })

  it('finds the Ultralytics injection in its composite action (github.head_ref in git pull)', () => {
    const fs = ofRule(audit('corpus/actions/ultralytics__actions__edb4e5ef__action.yml'), 'template-injection')
    expect(fs.map((f) => f.line)).toContain(216)
    expect(fs.find((f) => f.line === 216)!.severity).toBe('warning')
  })
})

const LOCAL = ['.github/actions/notes/action.yml', '.github/workflows/canary-build.yml']

/** Audit a fixture with its repository's local composite action and reusable workflow loaded. */
function auditWithLocal(rel: string, job: string) {
  const local = new Map(LOCAL.map((p) => [p, parseWorkflow(readFixture(`workflows/template-injection/local/${p}`), p)]))
  const wf = loadFixture(rel)
  const opts = options()
  const r = buildReport([auditTarget({ file: wf.file, workflow: wf, source: 'local', failures: [], jobId: job, local }, opts)], [], opts)
  return ofRule(r, 'template-injection')
}

describe('template-injection: sinks and values followed', () => {
  const P = 'workflows/template-injection/flows.yml'

  it('follows attacker text through env at every level, a matrix, whole objects and any case, into run: and code inputs', () => {
    const fs = auditWithLocal(P, 'publish').filter((f) => f.file === P)
    expect(fs.map((f) => f.line)).toEqual(notOkLines(P))
    expect(fs.every((f) => f.severity === 'error')).toBe(true)
    const at = (line: number) => fs.find((f) => f.line === line)!.message
    expect(at(34)).toBe(
      "`${{ env.PR_TITLE }}` is expanded into `run:`: it carries `github.event.pull_request.title` (through `env.PR_TITLE`); an outsider chooses this text, and `pull_request_target` runs this step with the repository's secrets",
    )
    expect(at(35)).toContain('it carries `github.head_ref` (through `env.head`)')
    expect(at(38)).toContain('it carries `github.event.pull_request.body` (through `env.BODY`)')
    expect(at(39)).toContain('it carries `github.event.pull_request.head.label` (through `matrix.branch`)')
    expect(at(40)).toMatch(/^`\$\{\{ toJSON\(github\.event\.pull_request\) \}\}` is expanded into `run:`: an outsider chooses this text/)
    expect(at(41)).toMatch(/^`\$\{\{ GitHub\.Event\.Pull_Request\.Title \}\}`/)
    expect(at(44)).toMatch(/is expanded into `azure\/cli` `inlineScript:`/)
    expect(at(47)).toMatch(/is expanded into `mikefarah\/yq` `cmd:`/)
    expect(at(51)).toMatch(/is expanded into `appleboy\/ssh-action` `script:`/)
    expect(fs.find((f) => f.line === 34)!.fix).toContain('`"$PR_TITLE"` (shell)')
  })

  it("follows a composite action's inputs bound by the caller's with: or by their defaults", () => {
    const A = '.github/actions/notes/action.yml'
    const fs = auditWithLocal(P, 'publish').filter((f) => f.file === A)
    expect(fs.map((f) => f.line)).toEqual(notOkLines(`workflows/template-injection/local/${A}`))
    expect(fs[0]).toMatchObject({ severity: 'error', job: 'publish', chain: ['publish', './.github/actions/notes'] })
    expect(fs[0].message).toContain('it carries `github.event.pull_request.body` (through `inputs.text`)')
    expect(fs[1].message).toContain('it carries `github.event.pull_request.title` (through `inputs.title`)')
  })

  it("follows a reusable workflow's inputs bound by the calling job", () => {
    const W = '.github/workflows/canary-build.yml'
    const fs = auditWithLocal(P, 'publish').filter((f) => f.file === W)
    expect(fs.map((f) => f.line)).toEqual(notOkLines(`workflows/template-injection/local/${W}`))
    expect(fs[0]).toMatchObject({ severity: 'error', job: 'build' })
    expect(fs[0].message).toContain('it carries `github.event.pull_request.head.ref` (through `inputs.ref`)')
  })

  it('accepts the same release when untrusted text reaches scripts only as environment variables', () => {
    expect(auditWithLocal('workflows/template-injection/flows-near-miss.yml', 'publish')).toEqual([])
  })
})

describe('template-injection: events', () => {
  it('flags workflow_run branch names, commit messages, whole objects and dispatch payloads; an error only for text the workflow_run event carries', () => {
    const P = 'workflows/template-injection/events.yml'
    const fs = ofRule(audit(P, { job: 'publish' }), 'template-injection').sort((a, b) => a.line - b.line)
    expect(fs.map((f) => f.line)).toEqual(notOkLines(P))
    expect(fs.map((f) => f.severity)).toEqual(['error', 'error', 'warning', 'error'])
    expect(fs[0].message).toContain('`workflow_run` runs this step with the repository\'s secrets')
    // the payload exists only on repository_dispatch, which outsiders cannot send
    expect(fs[2].message).toMatch(/client_payload\.version \}\}` is expanded into `run:`: an outsider can choose this text$/)
    expect(fs[3].message).toMatch(/^`\$\{\{ toJSON\(github\.event\.workflow_run\) \}\}` is expanded into `actions\/github-script` `script:`/)
  })

  it('accepts ids, SHAs and the payload read from the environment', () => {
    expect(ofRule(audit('workflows/template-injection/events-near-miss.yml', { job: 'publish' }), 'template-injection')).toEqual([])
  })
})

describe('template-injection: severity by the event that carries the text', () => {
  it("warns, without blocking, on a pull request's title in a workflow only issue_comment starts (the title is empty there)", () => {
    const wf = parseWorkflow(
      [
        'on:',
        '  issue_comment:',
        '    types: [created]',
        'permissions: {}',
        'jobs:',
        '  release:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - run: echo "${{ github.event.pull_request.title }}"',
        '      - run: echo "${{ github.event.comment.body }}"',
        '      - run: npm publish',
      ].join('\n'),
      'comment.yml',
    )
    const opts = options()
    const r = buildReport([auditTarget({ file: wf.file, workflow: wf, source: 'local', failures: [], jobId: 'release' }, opts)], [], opts)
    const fs = ofRule(r, 'template-injection').sort((a, b) => a.line - b.line)
    expect(fs.map((f) => [f.line, f.severity])).toEqual([
      [9, 'warning'],
      [10, 'error'],
    ])
  })
})

describe('template-injection: review events', () => {
  const R = 'workflows/dangerous-triggers/review-tracker.yml'

  it("keeps a review's body an outsider's text in a run with secrets: anyone can review a pull request whose branch is in the repository", () => {
    const fs = ofRule(audit(R), 'template-injection')
    expect(fs.map((f) => [f.line, f.severity])).toEqual(notOkLines(R).map((l) => [l, 'error']))
    expect(fs[0].message).toBe(
      "`${{ github.event.review.body }}` is expanded into `run:`: an outsider chooses this text, and `pull_request_review` runs this step with the repository's secrets when the pull request's branch is in this repository (anyone can review it; from a fork it gets no secrets)",
    )
  })
})

describe('template-injection: values an `if:` pins to a literal', () => {
  const P = 'workflows/template-injection/pinned-by-if.yml'

  it("accepts a label the job's or the step's `if:` compares to a string literal (react-router issue-checks.yml), and still flags `||`, `!=`, contains() and other fields", () => {
    const fs = ofRule(audit(P), 'template-injection')
    expect(fs.map((f) => f.line)).toEqual(notOkLines(P))
    expect(fs.every((f) => f.severity === 'error')).toBe(true)
    expect(fs.map((f) => f.message.split(' is expanded')[0])).toEqual([
      '`${{ github.event.label.name }}`',
      '`${{ github.event.issue.title }}`',
      '`${{ github.event.label.name }}`',
      '`${{ github.event.label.name }}`',
    ])
  })

  it('flags the same expansion once the `if:` no longer pins the value', () => {
    const wf = parseWorkflow(readFixture(P).replace("github.event.label.name == 'support'", "startsWith(github.event.label.name, 'support')"), P)
    const fs = ofRule(auditWorkflow(wf), 'template-injection')
    expect(fs.map((f) => f.line)).toEqual([22, ...notOkLines(P)])
    expect(fs[0]).toMatchObject({ job: 'close-support-issue', severity: 'error' })
  })
})
