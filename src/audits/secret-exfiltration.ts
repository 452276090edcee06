/**
 * secret-exfiltration: a script that sends secrets or the whole environment off the runner,
 * or encodes them past the log masking, or writes them into an uploaded artifact. The
 * GhostAction workflows (2025) did exactly this: `curl` a secret to an attacker's host.
 */
import { code } from './finding.js'
import type { Finding } from './finding.js'
import type { Rule, RuleContext } from './rule.js'
import { atStep } from './where.js'
import { isAction } from '../workflow/actions.js'
import { logicalLines } from '../workflow/actions.js'
import { jobSites, stepSites } from '../workflow/sites.js'
import type { StepSite } from '../workflow/sites.js'
import { secretNames } from './use-trusted-publishing.js'

const NETWORK = /(^|[\s;&|(`$])(curl|wget|nc|ncat|netcat|socat|telnet|scp|sftp|ftp|Invoke-WebRequest|Invoke-RestMethod|iwr|irm)\b|\/dev\/(tcp|udp)\/|\b(python3?|node|ruby|perl)\s+-[ce]\b[^\n]*(requests|urllib|http\.client|socket|fetch\(|https?\.request|Net::HTTP|LWP)/
const ENCODE = /\|\s*(base64|xxd|od\b|rev\b|gzip|openssl\s+enc)/

/**
 * Does the encoder's output reach the log? Not when it goes into a file (`> cert.p12`,
 * `-o`/`--output`) or into another command (`| gpg --import`, `| wc -c`): decoding a signing
 * certificate into a file is GitHub's own recipe, not a leak.
 */
function encodedToLog(line: string): boolean {
  const m = ENCODE.exec(line)
  if (!m) return false
  const rest = line.slice(m.index + m[0].length)
  return !(/(?:^|[^>&0-9])>>?\s*[^&\s]/.test(rest) || /\s(?:-o|--output|-out)(?:[\s=]|$)/.test(rest) || rest.includes('|'))
}
const ENV_DUMP = /(^|[;&|(]\s*)(env|printenv|set|export\s+-p|Get-ChildItem\s+env:|gci\s+env:|dir\s+env:)\s*(\||>)|\/proc\/[^\s/]+\/environ/

/**
 * Hosts a release legitimately sends a credential to: GitHub and the registries themselves.
 * A secret sent anywhere else, or to a host written as an IP address, is reported.
 */
const KNOWN_HOSTS = /^(([\w-]+\.)*github\.com|([\w-]+\.)*githubusercontent\.com|ghcr\.io|(upload\.|test\.)?pypi\.org|registry\.npmjs\.org|crates\.io|rubygems\.org|api\.nuget\.org|([\w-]+\.)*docker\.io|quay\.io|anaconda\.org|api\.anaconda\.org|codecov\.io|([\w-]+\.)?coveralls\.io|hooks\.slack\.com|([\w-]+\.)*amazonaws\.com)$/i

function hosts(line: string): string[] {
  return [...line.matchAll(/\bhttps?:\/\/([^/\s"'`:]+)/g)].map((m) => m[1])
}

export const rule: Rule = {
  id: 'secret-exfiltration',
  title: 'secret sent off the runner',
  severity: 'error',
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = []
    for (const site of jobSites(ctx.workflow, ctx.scope, ctx.local)) {
      const steps = stepSites(site, ctx.local)
      const uploads = steps.some((s) => isAction(s.step, 'actions/upload-artifact'))
      for (const s of steps) {
        const run = s.step.run && typeof s.step.run.value === 'string' ? s.step.run.value : ''
        if (!run) continue
        const secretVars = boundSecrets(s)
        const refs = (line: string): string[] => [
          ...secretNames(line).map((n) => `secrets.${n}`),
          ...[...line.matchAll(/\$\{?([A-Za-z_]\w*)\}?/g)].map((m) => m[1]).filter((v) => secretVars.has(v)).map((v) => `$${v} (secrets.${secretVars.get(v)})`),
        ]
        const report = (message: string, fix: string, severity?: 'warning') =>
          out.push(ctx.finding({ message, fix, ...atStep(s, s.step.run!.pos), ...(severity ? { severity } : {}) }))
        for (const line of logicalLines(run)) {
          const sec = refs(line)
          if (ENV_DUMP.test(line) && (NETWORK.test(line) || ENCODE.test(line) || />/.test(line))) {
            report(`the script dumps the whole environment (${code(line.slice(0, 80))}), secrets included, ${NETWORK.test(line) ? 'to the network' : ENCODE.test(line) ? 'encoded past the log masking' : 'into a file'}`, 'Remove the step; print only the variables you need, never `env`/`printenv`.')
            continue
          }
          if (sec.length === 0) continue
          if (NETWORK.test(line)) {
            const hs = hosts(line)
            const foreign = hs.filter((h) => !KNOWN_HOSTS.test(h) || /^\d+\.\d+\.\d+\.\d+$/.test(h))
            if (hs.length && foreign.length === 0) continue
            const known = foreign.length > 0
            report(
              `the script sends ${sec.map((x) => code(x)).join(', ')} over the network${known ? ` to ${foreign.map((h) => code(h)).join(', ')}` : ' to an address decided at run time'}`,
              'Remove the request, and rotate the secret if this ran: a release job has no reason to send a secret anywhere but the service it belongs to.',
              known ? undefined : 'warning',
            )
          } else if (ENCODE.test(line) && encodedToLog(line)) {
            report(`the script encodes ${sec.map((x) => code(x)).join(', ')} (${code(line.slice(0, 80))}), which defeats the log masking`, 'Never print or encode a secret; pass it to the tool that needs it through an environment variable.')
          } else if (uploads && writesIntoWorkspace(line)) {
            report(`the script writes ${sec.map((x) => code(x)).join(', ')} to a file in a job that uploads artifacts`, 'Do not write secrets to files in a job that uploads artifacts; pass them to the tool through an environment variable.')
          }
        }
      }
    }
    return out
  },
}

function boundSecrets(s: StepSite): Map<string, string> {
  const m = new Map<string, string>()
  for (const env of [s.wf.env, s.job.env, s.step.env]) {
    for (const [k, v] of env) {
      const n = v.kind === 'scalar' && v.value !== null ? secretNames(String(v.value))[0] : undefined
      if (n) m.set(k, n)
    }
  }
  return m
}

/**
 * Does the line write into a file that an artifact of the workspace could carry? Files under
 * RUNNER_TEMP, HOME or /tmp, the runner's command files and tool credential files are not.
 */
export function writesIntoWorkspace(line: string): boolean {
  for (const m of line.matchAll(/(?:>>?|\btee(?:\s+-a)?)\s*["']?([^\s"';|&<>]+)/g)) {
    const target = m[1]
    if (/^&\d$|^\/dev\//.test(target)) continue
    if (/^(\$\{?(RUNNER_TEMP|HOME|GITHUB_ENV|GITHUB_OUTPUT|GITHUB_PATH|GITHUB_STEP_SUMMARY)\}?|~|\/tmp\/)/.test(target)) continue
    if (/(\.npmrc|\.pypirc|\.gem\/credentials|docker\/config\.json)$/.test(target)) continue
    return true
  }
  return false
}
