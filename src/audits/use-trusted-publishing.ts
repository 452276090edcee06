/**
 * use-trusted-publishing: a long-lived registry credential must not reach a publish step of a
 * registry that offers trusted publishing (PyPI, npm, crates.io, RubyGems, NuGet). Stored
 * tokens are what the GhostAction campaign stole by the thousand; OIDC tokens live minutes.
 */
import { code } from './finding.js'
import type { Finding } from './finding.js'
import type { Rule, RuleContext } from './rule.js'
import { atJob, atStep } from './where.js'
import { factsOf, input, isAction, isFalse, withNode } from '../workflow/actions.js'
import { secretNames, secretsIn } from '../workflow/secrets.js'
import { compositeLookup } from '../resolve/graph.js'
import { stepPublishes, unreadActionCredentials } from '../workflow/publish.js'
import { CREDENTIAL_ENV, containerRegistry } from '../workflow/catalogue.js'
import { jobSites, stepSites } from '../workflow/sites.js'
import type { Step } from '../workflow/model.js'
import type { Pos, YNode } from '../workflow/yaml.js'

/** Environment variables publishing tools read a registry credential from, by registry (the catalogue's). */
export const CREDENTIAL_VARS: Array<[RegExp, string]> = CREDENTIAL_ENV.map((c) => [c.re, c.name])

/** Secret names that look like a registry token (passed to a reusable workflow). */
const REGISTRY_SECRET = /(pypi|npm|cargo|crates|rubygems|gem_host|nuget)[\w-]*(token|key|password|pass|secret)|(token|key|password)[\w-]*(pypi|npm|cargo|crates|rubygems|nuget)/i

export { secretNames }

function registryOf(name: string): string | undefined {
  return CREDENTIAL_VARS.find(([re]) => re.test(name))?.[1]
}

function scalarText(n: YNode | undefined): string {
  return n && n.kind === 'scalar' && n.value !== null ? String(n.value) : ''
}

/** Registries the step publishes to without trusted publishing (a credential is its only way in). */
function customIndex(step: Step): boolean {
  if (isAction(step, 'pypa/gh-action-pypi-publish')) {
    const url = input(step, 'repository-url') ?? input(step, 'repository_url') ?? ''
    return url !== '' && !/(^|\/\/)(upload\.|test\.)?pypi\.org\b/i.test(url)
  }
  return false
}

/** Publish commands in a script that take a credential from a secret or a secret-bound variable. */
const FLAG_CREDENTIAL = /\b(twine\s+upload|uv\s+publish|poetry\s+publish|cargo\s+publish|cargo\s+login|gem\s+push|dotnet\s+nuget\s+push|nuget\s+push|npm\s+publish|poetry\s+config\s+pypi-token)\b(?:(?!\b(?:twine\s+upload|uv\s+publish|poetry\s+publish|cargo\s+publish|cargo\s+login|gem\s+push|dotnet\s+nuget\s+push|nuget\s+push|npm\s+publish|poetry\s+config\s+pypi-token)\b)[^\n])*?(?:(?:-p|--password|--token|-t|--api-key|-k|-u\s+__token__\s+-p)[ =]|pypi-token\.\w+\s+|login\s+)["']?(\$\{\{(?:(?!\$\{\{)[^}])*\}\}|\$\{?\w+\}?)/

export const rule: Rule = {
  id: 'use-trusted-publishing',
  title: 'long-lived registry token used to publish',
  severity: 'error',
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = []
    const seen = new Set<string>()
    const add = (f: Finding) => {
      const k = `${f.file}:${f.line}:${f.column}`
      if (seen.has(k)) return
      seen.add(k)
      out.push(f)
    }
    const fix = (registry: string) =>
      `Configure a trusted publisher for this repository, workflow and environment on ${registry}, give the publishing job \`id-token: write\`, and delete the stored token (revoke it on ${registry} too).`
    const remote = compositeLookup(ctx.resolved)
    for (const site of jobSites(ctx.workflow, ctx.scope, ctx.local)) {
      const job = site.job
      // warnings for read composites, kept only when nothing inside them was found
      const pending: Array<{ f: Finding; uses: string }> = []
      const before = out.length
      if (job.uses && job.secrets && job.secrets.node.kind === 'map') {
        for (const p of job.secrets.node.pairs) {
          const names = [String(p.key.value), ...secretNames(scalarText(p.value))]
          const hit = names.find((n) => REGISTRY_SECRET.test(n))
          if (hit) {
            add(ctx.finding({ message: `job ${code(job.id)} passes the registry token ${code(hit)} to ${code(job.uses.value)}`, fix: fix('the registry'), ...atJob(site, p.key.pos) }))
          }
        }
      }
      const steps = stepSites(site, ctx.local, remote)
      const jobPublishes = steps.some((s) => stepPublishes(s.step))
      for (const s of steps) {
        const step = s.step
        // the secret a text carries: `secrets.X`, or a composite's `inputs.*`/`env.*` bound to one
        const secretOf = (text: string): string | undefined => secretsIn(text, s.secrets)[0]?.secret
        // variables bound to secrets at workflow, job, calling step and step level
        const vars = new Map<string, { secret: string; pos: Pos; file: string; via: string[] }>()
        for (const [k, b] of s.secrets.env) vars.set(k, { secret: b.ref.secret, pos: b.pos, file: b.file, via: b.ref.via })
        // inputs by the runner's reading: `PASSWORD:` is `password:` (withNode)
        if (isAction(step, 'pypa/gh-action-pypi-publish') && withNode(step, 'password') && scalarText(withNode(step, 'password')).trim() !== '' && !customIndex(step)) {
          const v = withNode(step, 'password')!
          add(ctx.finding({ message: `${code(step.uses!.value)} is given ${code(`password: ${scalarText(v)}`)}, a long-lived PyPI token`, fix: `${fix('PyPI')} Then remove \`password:\`: the action uses trusted publishing by default.`, ...atStep(s, v.pos) }))
        }
        if (isAction(step, 'rubygems/release-gem') && isFalse(input(step, 'setup-trusted-publisher'))) {
          add(ctx.finding({ message: `${code(step.uses!.value)} has trusted publishing turned off`, fix: fix('RubyGems'), ...atStep(s, withNode(step, 'setup-trusted-publisher')!.pos) }))
        }
        if (isAction(step, 'rubygems/configure-rubygems-credentials') && withNode(step, 'api-token')) {
          add(ctx.finding({ message: `${code(step.uses!.value)} is given a long-lived RubyGems API key`, fix: fix('RubyGems'), ...atStep(s, withNode(step, 'api-token')!.pos) }))
        }
        const publishes = !!stepPublishes(step)
        // docker login with a stored password, in a job that pushes images
        if (isAction(step, 'docker/login-action') && jobPublishes) {
          const pw = withNode(step, 'password')
          const pwSecret = secretOf(scalarText(pw)) ?? (vars.get(scalarText(pw).replace(/^\$\{?|\}?$/g, ''))?.secret)
          const reg = containerRegistry(input(step, 'registry') ?? '')
          if (pw && pwSecret && reg && !/^github_token$/i.test(pwSecret)) {
            add(
              ctx.finding({
                message: `${code(step.uses!.value)} logs in to ${reg.name} with the stored password ${code(`secrets.${pwSecret}`)}`,
                fix: reg.fix
                  ? reg.fix
                  : reg.oidc
                  ? `Log in to ${reg.name} with the job's OIDC token (federation: give the job \`id-token: write\` and use the cloud's login action), and delete the stored password.`
                  : `${reg.name} takes no OIDC token: use a scoped access token that can only push this repository's images, keep it in the deployment environment's secrets, and rotate it.`,
                ...atStep(s, pw.pos),
                ...(reg.oidc ? {} : { severity: 'warning' as const }),
              }),
            )
          }
        }
        // `export UV_PUBLISH_TOKEN=…` / `TWINE_PASSWORD=… twine upload` inside the script
        const script = step.run && typeof step.run.value === 'string' ? step.run.value : ''
        for (const m of script.matchAll(/(?:^|[\s;&|(])(?:export\s+)?([A-Za-z_]\w*)=["']?(\$\{\{(?:(?!\$\{\{)[^}])*\}\}|\$\{?\w+\}?)/g)) {
          const registry = registryOf(m[1])
          const sec = secretOf(m[2]) ?? vars.get(m[2].replace(/^\$\{?|\}?$/g, ''))?.secret
          if (registry && sec && (publishes || jobPublishes)) {
            add(ctx.finding({ message: `the script sets ${code(m[1])} from the long-lived ${registry} credential ${code(`secrets.${sec}`)}`, fix: fix(registry), ...atStep(s, step.run!.pos) }))
          }
        }
        // a registry token handed to a step the gate cannot read (an action the catalogue does
        // not know, a Docker image): it may publish with it, or send it anywhere. A remote
        // composite the graph read is not opaque: its steps are followed, and it is said only
        // when none of them was found using the token.
        const u = step.uses?.parsed
        const read = u?.kind === 'repo' && !!remote?.(u)
        if (u && (u.kind === 'docker' || (u.kind === 'repo' && !factsOf(step)))) {
          for (const [k, v] of [...step.with, ...step.env]) {
            const names = secretsIn(scalarText(v), s.secrets).map((r) => r.secret)
            const hit = names.find((n) => REGISTRY_SECRET.test(n) || !!registryOf(n)) ?? (registryOf(k) && names[0])
            // a credential for a registry without trusted publishing (Docker Hub, Quay): the step
            // is read as publishing all the same (publish.ts); say that it could not be read
            const assumed = hit || read ? undefined : unreadActionCredentials(step).find((c) => c.node === v)?.secret
            if (assumed) {
              add(
                ctx.finding({
                  message: `${code(step.uses!.value)}, which the gate cannot read, is given the registry credential ${code(`secrets.${assumed}`)} (${code(k)}): it is read as publishing`,
                  fix: 'If this step publishes, use an action the gate knows (the catalogue\'s publishers), or list this one in `allow:` with the reason; keep the credential in the deployment environment\'s secrets. Online, with a token, the gate reads a remote composite action\'s own steps.',
                  ...atStep(s, v.pos),
                  severity: 'warning',
                  subject: step.uses!.value,
                }),
              )
            }
            if (!hit) continue
            const f = ctx.finding({
              message: read
                ? `${code(step.uses!.value)} is given the registry token ${code(`secrets.${hit}`)} (${code(k)}), and none of its steps the gate read publishes with it where it can tell`
                : `${code(step.uses!.value)}, which the gate cannot read, is given the registry token ${code(`secrets.${hit}`)} (${code(k)})`,
              fix: `${fix('the registry')} If this step must publish, use an action the gate knows, or list this one in \`allow:\` with the reason.`,
              ...atStep(s, v.pos),
              severity: 'warning',
              subject: step.uses!.value,
            })
            if (read) pending.push({ f, uses: step.uses!.value })
            else add(f)
          }
        }
        for (const [name, b] of vars) {
          const registry = registryOf(name)
          // a credential reaches a step that publishes, or is handed to a step by name
          if (!registry || !(publishes || (jobPublishes && step.env.has(name)))) continue
          if (registry === 'npm' && npmNotPublic(steps.map((x) => x.step))) continue
          add(
            ctx.finding({
              message: `${code(name)} carries the long-lived ${registry} credential ${code(`secrets.${b.secret}`)}${b.via.length ? ` (through ${b.via.map((x) => code(x)).join(', ')})` : ''} to a publishing step`,
              fix: fix(registry),
              ...atStep(s, b.pos),
              file: b.file,
            }),
          )
        }
        const run = step.run && typeof step.run.value === 'string' ? step.run.value : ''
        if (run) {
          const m = FLAG_CREDENTIAL.exec(run)
          const ref = m?.[2]
          const viaSecret = ref && (secretOf(ref) !== undefined || vars.has(ref.replace(/^\$\{?|\}?$/g, '')))
          if (m && viaSecret) {
            add(ctx.finding({ message: `${code(m[1])} is given a long-lived token (${code(ref!)}) on the command line`, fix: fix('the registry'), ...atStep(s, step.run!.pos) }))
          }
          // `.npmrc` lines and `npm config set //registry/:_authToken TOKEN` alike
          const npmrc = /_authToken["']?(?:\s*=\s*|\s+)["']?(\$\{\{(?:(?!\$\{\{)[^}])*\}\}|\$\{?\w+\}?)/.exec(run)
          if (npmrc && (secretOf(npmrc[1]) !== undefined || vars.has(npmrc[1].replace(/^\$\{?|\}?$/g, '')))) {
            add(ctx.finding({ message: `the script writes an npm token (${code(npmrc[1])}) into \`.npmrc\``, fix: fix('npm'), ...atStep(s, step.run!.pos) }))
          }
          // a credentials file written for a later step: `~/.pypirc`, `~/.gem/credentials`, cargo's
          const file = /\.pypirc\b|\.gem\/credentials\b|\.cargo\/credentials(?:\.toml)?\b/.exec(run)
          if (file) {
            const fileRef = /(?:(?:password|token)\s*[=:]|:rubygems_api_key:)\s*["']?(\$\{\{(?:(?!\$\{\{)[^}])*\}\}|\$\{?\w+\}?)/i.exec(run)
            if (fileRef && (secretOf(fileRef[1]) !== undefined || vars.has(fileRef[1].replace(/^\$\{?|\}?$/g, '')))) {
              add(ctx.finding({ message: `the script writes a long-lived token (${code(fileRef[1])}) into \`${file[0]}\` for a later step`, fix: fix('the registry'), ...atStep(s, step.run!.pos) }))
            }
          }
        }
      }
      const inside = out.slice(before)
      for (const p of pending) if (!inside.some((f) => f.job === p.f.job && (f.chain ?? []).includes(p.uses))) add(p.f)
    }
    return out
  },
}

/** `setup-node` pointed at a registry other than npmjs.org: NODE_AUTH_TOKEN is for that registry. */
function npmNotPublic(steps: Step[]): boolean {
  const url = steps.map((s) => (isAction(s, 'actions/setup-node') ? input(s, 'registry-url') : undefined)).find((u) => u)
  return !!url && !/registry\.npmjs\.org/i.test(url)
}
