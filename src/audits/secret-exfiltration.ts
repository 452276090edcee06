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
import { SECRET_SERVICES } from '../workflow/catalogue.js'

const NETWORK = /(^|[\s;&|(`$])(curl|wget|nc|ncat|netcat|socat|telnet|scp|sftp|ftp|Invoke-WebRequest|Invoke-RestMethod|iwr|irm)\b|\/dev\/(tcp|udp)\/|\b(python3?|node|ruby|perl)\s+-[ce]\b(?:(?!\b(?:python3?|node|ruby|perl)\s)[^\n])*(requests|urllib|http\.client|socket|fetch\(|https?\.request|Net::HTTP|LWP)/
/** A name looked up in DNS goes to every resolver on the way: a secret in it is sent. */
const DNS = /(^|[\s;&|(`$])(nslookup|dig|host|drill|resolvectl\s+query|getent\s+(?:hosts|ahosts))\s/
/** A gist, public or "secret", is readable by anyone with its URL. */
const GIST = /\bgh\s+gist\s+(?:create|edit)\b/
/** Script shells whose text is a program: HTTP calls in them. */
const SCRIPT_SHELL = /^(?:python3?|node|pwsh|powershell)\b/i
const SCRIPT_HTTP = /\b(?:requests\.|urllib|http\.client|httpx|aiohttp|socket\.|fetch\(|https?\.(?:request|get)\(|axios|Invoke-WebRequest|Invoke-RestMethod|iwr\b|irm\b|Net\.WebClient|HttpClient)/i
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
 * Hosts a release legitimately sends a credential to: GitHub's API and the registries
 * themselves. No shared hosting: anyone can own a bucket under `amazonaws.com`, a Slack
 * webhook or a `githubusercontent.com` URL. A secret sent anywhere else, or to a host written
 * as an IP address, is reported.
 */
const KNOWN_HOSTS = /^((api\.|uploads\.)?github\.com|ghcr\.io|(upload\.|test\.)?pypi\.org|registry\.npmjs\.org|crates\.io|rubygems\.org|api\.nuget\.org|([\w-]+\.)*docker\.io|quay\.io|anaconda\.org|api\.anaconda\.org|codecov\.io|([\w-]+\.)?coveralls\.io)$/i

/** Files a command names that are not hosts (`curl -T dist/x.tar.gz`). */
const FILE_EXT = /\.(?:json|txt|tar|gz|tgz|zip|whl|sh|py|js|mjs|cjs|ts|md|ya?ml|toml|lock|cfg|ini|xml|html?|pem|crt|key|asc|sig|log|csv|bin|exe|deb|rpm|jar|gem|nupkg|crate)$/i

/**
 * Where a line sends things: URLs with a scheme, a proxy (`-x`, `--proxy`: all traffic goes
 * through it), and, for curl and wget, a host written without a scheme (`curl evil.example/x`).
 * Hosts compare case-insensitively.
 */
function hosts(line: string): string[] {
  const out = [...line.matchAll(/\b[a-z][a-z0-9+.-]*:\/\/(?:[^@\s/"'`]*@)?([^/\s"'`:?#]+)/gi)].map((m) => m[1].toLowerCase())
  // curl's `-x` is the proxy (`-X` is the method): case matters here
  for (const m of line.matchAll(/(?:\s-x|\s--proxy|\s--preproxy|\s--socks5(?:-hostname)?)[\s=]+["']?(?:[a-zA-Z0-9+.-]+:\/\/)?(?:[^@\s/"'`]*@)?([^\s/"'`:]+)/g)) out.push(m[1].toLowerCase())
  if (/(^|[\s;&|(`$])(curl|wget)\b/.test(line)) {
    for (const tok of line.split(/\s+/)) {
      const t = tok.replace(/^["']|["']$/g, '')
      if (/^[-@$<>|&]/.test(t) || t.includes('://')) continue
      const m = /^([a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,24})(?::\d+)?(?:\/\S*)?$/i.exec(t)
      if (m && !FILE_EXT.test(m[1])) out.push(m[1].toLowerCase())
    }
  }
  return out
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
        if (s.step.shell && SCRIPT_SHELL.test(s.step.shell) && SCRIPT_HTTP.test(run)) {
          // a program reads its variables by name (`os.environ['TOKEN']`, `process.env.TOKEN`,
          // `$env:TOKEN`), or all of them at once
          const whole = /\bos\.environ\b(?!\s*[[.(]\s*(?:get\s*\()?\s*["'])|\bprocess\.env\b(?!\s*[.[])|\benv:\s*(?:[|)]|$)|Get-ChildItem\s+env:/i.test(run)
          const named = [...secretVars].filter(([v]) => whole || new RegExp(`\\b${v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(run)).map(([v, n]) => `${v} (secrets.${n})`)
          const sec = [...new Set([...refs(run.replace(/\n/g, ' ')), ...named])]
          const hs = hosts(run)
          const foreign = hs.filter((h) => !KNOWN_HOSTS.test(h) || /^\d+\.\d+\.\d+\.\d+$/.test(h))
          if (sec.length && (hs.length === 0 || foreign.length)) {
            report(
              `the \`shell: ${s.step.shell}\` script makes HTTP calls with ${sec.map((x) => code(x)).join(', ')} in reach${foreign.length ? `, to ${foreign.map((h) => code(h)).join(', ')}` : ', to an address decided at run time'}`,
              'Remove the request, and rotate the secret if this ran: a release job has no reason to send a secret anywhere but the service it belongs to.',
            )
          }
          continue
        }
        for (const line of logicalLines(run)) {
          const sec = refs(line)
          if (ENV_DUMP.test(line) && (NETWORK.test(line) || ENCODE.test(line) || />/.test(line))) {
            report(`the script dumps the whole environment (${code(line.slice(0, 80))}), secrets included, ${NETWORK.test(line) ? 'to the network' : ENCODE.test(line) ? 'encoded past the log masking' : 'into a file'}`, 'Remove the step; print only the variables you need, never `env`/`printenv`.')
            continue
          }
          if (sec.length === 0) continue
          if (DNS.test(line)) {
            report(`the script puts ${sec.map((x) => code(x)).join(', ')} in a DNS lookup (${code(line.slice(0, 80))}): every resolver on the way receives it`, 'Remove the lookup, and rotate the secret if this ran.')
            continue
          }
          if (GIST.test(line)) {
            report(`the script puts ${sec.map((x) => code(x)).join(', ')} in a gist, which anyone with its URL can read`, 'Remove the step, and rotate the secret if this ran.')
            continue
          }
          if (NETWORK.test(line)) {
            const hs = hosts(line)
            const foreign = hs.filter((h) => (!KNOWN_HOSTS.test(h) && !ownService(h, sec)) || /^\d+\.\d+\.\d+\.\d+$/.test(h))
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

/** Is the host the service every secret on the line belongs to (a Slack webhook to Slack)? */
function ownService(host: string, secrets: string[]): boolean {
  return secrets.length > 0 && secrets.every((x) => SECRET_SERVICES.some((sv) => sv.secret.test(x) && sv.host.test(host)))
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
