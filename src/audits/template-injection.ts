/**
 * template-injection: `${{ }}` is pasted into a script before the shell sees it. When the value
 * is text an outsider writes (a pull request title, a branch name, a commit message), the
 * outsider writes the script (the Ultralytics and nx compromises).
 */
import { code } from './finding.js'
import type { Finding } from './finding.js'
import type { Rule, RuleContext } from './rule.js'
import { atStep } from './where.js'
import { isAction } from '../workflow/actions.js'
import { contextRefs } from '../workflow/expr.js'
import { exprsInScalar } from '../workflow/expr-sites.js'
import { DANGEROUS_EVENTS, occasions, stepReachable } from '../workflow/triggers.js'
import { jobSites, stepSites } from '../workflow/sites.js'
import type { Workflow } from '../workflow/model.js'
import { get, str } from '../workflow/yaml.js'
import type { YScalar } from '../workflow/yaml.js'

/** Context paths whose text an outsider chooses (from GitHub's webhook payloads). */
export const ATTACKER_CONTROLLED: RegExp[] = [
  /^github\.event\.(issue|pull_request|discussion)\.(title|body)$/,
  /^github\.event\.(comment|review|review_comment)\.body$/,
  /^github\.event\.pull_request\.head\.(ref|label)$/,
  /^github\.event\.pull_request\.head\.repo\.(default_branch|description|name|full_name|homepage)$/,
  /^github\.head_ref$/,
  /^github\.event\.(commits\.\*|head_commit|commits\.\d+)\.(message|author\.(name|email)|committer\.(name|email))$/,
  /^github\.event\.workflow_run\.(head_branch|display_title|head_commit\.(message|author\.(name|email)|committer\.(name|email))|head_repository\.description)$/,
  /^github\.event\.workflow_run\.pull_requests\.\*\.head\.ref$/,
  /^github\.event\.pages\.\*\.page_name$/,
  /^github\.event\.(issue|pull_request)\.labels\.\*\.name$/,
  /^github\.event\.label\.name$/,
]

/** Types of a workflow's `inputs.<name>` (workflow_dispatch / workflow_call). */
function inputType(wf: Workflow, name: string): string | undefined {
  for (const t of wf.triggers) {
    if (t.event !== 'workflow_dispatch' && t.event !== 'workflow_call') continue
    const def = get(get(t.config, 'inputs'), name)
    if (def) return str(get(def, 'type')) ?? 'string'
  }
  return undefined
}

type Risk = { kind: 'attacker' | 'input'; path: string }

function classify(path: string, wf: Workflow): Risk | undefined {
  if (ATTACKER_CONTROLLED.some((re) => re.test(path))) return { kind: 'attacker', path }
  const m = /^(?:github\.event\.)?inputs\.([\w-]+)$/.exec(path)
  if (m && wf.kind === 'workflow') {
    const t = inputType(wf, m[1])
    if (t === undefined || t === 'string') return { kind: 'input', path }
  }
  return undefined
}

export const rule: Rule = {
  id: 'template-injection',
  title: 'untrusted text expanded into a script',
  severity: 'error',
  check(ctx: RuleContext): Finding[] {
    const wf = ctx.workflow
    const out: Finding[] = []
    const dangerous = wf.kind === 'workflow' ? occasions(wf).filter((o) => DANGEROUS_EVENTS[o.event]) : []
    for (const site of jobSites(wf, ctx.scope, ctx.local)) {
      for (const s of stepSites(site, ctx.local)) {
        const sinks: Array<{ scalar: YScalar; what: string }> = []
        if (s.step.run) sinks.push({ scalar: s.step.run, what: '`run:`' })
        const script = s.step.with.get('script')
        if (isAction(s.step, 'actions/github-script') && script?.kind === 'scalar') sinks.push({ scalar: script, what: '`actions/github-script` `script:`' })
        for (const sink of sinks) {
          for (const e of exprsInScalar(s.wf, sink.scalar)) {
            const paths = e.expr ? contextRefs(e.expr) : [...e.inner.matchAll(/[a-z_][\w.*-]*/gi)].map((m) => m[0])
            const risks = paths.map((p) => classify(p, s.wf)).filter((r): r is Risk => !!r)
            if (risks.length === 0) continue
            const r = risks.find((x) => x.kind === 'attacker') ?? risks[0]
            const reachedBy = site.chain.length === 0 ? dangerous.filter((o) => stepReachable(wf, s.top.job, s.top.step, o) !== false) : dangerous
            const severe = r.kind === 'attacker' && reachedBy.length > 0
            const why =
              r.kind === 'attacker'
                ? severe
                  ? `an outsider chooses this text, and \`${reachedBy[0].event}\` runs this step with the repository's secrets`
                  : 'an outsider can choose this text'
                : 'whoever dispatches the workflow chooses this text'
            out.push(
              ctx.finding({
                message: `${code(e.full)} is expanded into ${sink.what}: ${why}`,
                fix: `Pass the value through an environment variable and quote it in the script: \`env: { VALUE: ${e.full} }\`, then use \`"$VALUE"\`.`,
                ...atStep(s, e.pos),
                severity: severe ? 'error' : 'warning',
              }),
            )
          }
        }
      }
    }
    return out
  },
}
