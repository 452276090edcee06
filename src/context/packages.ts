/**
 * Reading the package.json files a workflow's package scripts need (`npm run release` runs
 * what scripts.release says), before the audit: through the API at the run's commit inside a
 * job, from the checkout in the CLI. Only when a step in scope runs a package script, and only
 * the directories those steps run in (and the ones above, as npm looks upwards).
 */
import type { CheckFailure } from '../audits/rule.js'
import type { Skipped } from '../engine.js'
import type { Workflow } from '../workflow/model.js'
import { parseManifest, scriptDirs } from '../workflow/scripts.js'
import type { PackageFiles } from '../workflow/scripts.js'
import type { LocalFiles } from '../workflow/sites.js'
import type { RepoReader } from './local.js'
import { InputError } from '../workflow/yaml.js'

/** At most this many package.json files are read for one workflow. */
export const MAX_MANIFESTS = 20

export interface PackagesResult {
  /** Undefined when no step runs a package script: nothing needed reading. */
  packages?: PackageFiles
  failures: CheckFailure[]
  skipped: Skipped[]
}

/** What a reader gave for a path, once per reader: a sweep reads every workflow of a repository with one. */
const readOnce = new WeakMap<RepoReader, Map<string, Promise<string | undefined>>>()

function read(reader: RepoReader, path: string): Promise<string | undefined> {
  let m = readOnce.get(reader)
  if (!m) readOnce.set(reader, (m = new Map()))
  let p = m.get(path)
  if (!p) m.set(path, (p = reader.read(path)))
  return p
}

export async function loadPackages(wf: Workflow, local: LocalFiles | undefined, reader: RepoReader): Promise<PackagesResult> {
  const dirs = [...scriptDirs([wf, ...(local?.values() ?? [])])].sort((a, b) => a.length - b.length || (a < b ? -1 : 1))
  const out: PackagesResult = { failures: [], skipped: [] }
  if (!dirs.length) return out
  const packages: PackageFiles = new Map()
  if (dirs.length > MAX_MANIFESTS) out.skipped.push({ check: 'read package.json scripts', reason: `steps run package scripts in ${dirs.length} directories; the ${MAX_MANIFESTS} nearest the root were read` })
  for (const dir of dirs.slice(0, MAX_MANIFESTS)) {
    const path = dir ? `${dir}/package.json` : 'package.json'
    let text: string | undefined
    try {
      text = await read(reader, path)
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e)
      packages.set(dir, { path: reader.display(path), problem: `${reader.display(path)} could not be read (${reason})` })
      // a file that is there but is not text (not UTF-8) is the repository's, like bad JSON: a note
      if (e instanceof InputError) {
        out.skipped.push({ check: `read the scripts of ${reader.display(path)}`, reason: `not checked: ${reason}; a script named release or publish run with a registry token is read as publishing` })
        continue
      }
      out.failures.push({
        check: `read ${reader.display(path)}`,
        reason: `${reason}: what its scripts run (a step runs a package script) is not checked`,
        fix: 'Re-run the job; give it `contents: read`.',
        file: wf.file,
      })
      continue
    }
    if (text === undefined) {
      packages.set(dir, null)
      continue
    }
    const m = parseManifest(text, reader.display(path))
    packages.set(dir, m)
    if (m.problem) out.skipped.push({ check: `read the scripts of ${m.path}`, reason: `not checked: ${m.problem}; a script named release or publish run with a registry token is read as publishing` })
  }
  out.packages = packages
  return out
}
