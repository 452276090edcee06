/**
 * The workflow commands the action speaks (inputs, outputs, annotations, groups, the job
 * summary, a failed exit), from @actions/core's own modules — the same code `import * as core
 * from '@actions/core'` runs — without its entry point.
 *
 * Why not the entry point: `@actions/core` imports its OIDC client when it loads, and with it
 * `@actions/http-client` and undici, and `@actions/exec` for its platform details. That is
 * about 45 ms of the action's start on a hosted runner's 2 cores (a bundle of `@actions/core`
 * alone starts in 2.9x the time of bare node), spent on every run, for a network client the
 * gate does not take from core (it mints the job's ID token itself, src/resolve/oidc.ts, and
 * goes to the API through its own client, loaded only when online). The package's `exports`
 * map offers only its entry, so the modules are imported by path; their types come with them.
 * `test/context/core.test.ts` holds this module to the entry point's behaviour.
 */
import { EOL } from 'node:os'
import { issue, issueCommand } from '../../node_modules/@actions/core/lib/command.js'
import { issueFileCommand, prepareKeyValueMessage } from '../../node_modules/@actions/core/lib/file-command.js'
import { toCommandProperties, toCommandValue } from '../../node_modules/@actions/core/lib/utils.js'
import type { AnnotationProperties } from '../../node_modules/@actions/core/lib/core.js'

export { summary } from '../../node_modules/@actions/core/lib/summary.js'
export type { AnnotationProperties }

/** `core.getInput(name)`: the input's value, trimmed; '' when not given. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '').trim()
}

/** `core.setOutput`: through `$GITHUB_OUTPUT`, or the `set-output` command where it is not set. */
export function setOutput(name: string, value: string): void {
  if (process.env.GITHUB_OUTPUT) return issueFileCommand('OUTPUT', prepareKeyValueMessage(name, value))
  process.stdout.write(EOL)
  issueCommand('set-output', { name }, toCommandValue(value))
}

/** `core.setSecret`: the runner masks the value in the log from here on. */
export function setSecret(secret: string): void {
  issueCommand('add-mask', {}, secret)
}

export function error(message: string, properties: AnnotationProperties = {}): void {
  issueCommand('error', toCommandProperties(properties), message)
}
export function warning(message: string, properties: AnnotationProperties = {}): void {
  issueCommand('warning', toCommandProperties(properties), message)
}
export function notice(message: string, properties: AnnotationProperties = {}): void {
  issueCommand('notice', toCommandProperties(properties), message)
}
export function info(message: string): void {
  process.stdout.write(message + EOL)
}
export function startGroup(name: string): void {
  issue('group', name)
}
export function endGroup(): void {
  issue('endgroup')
}

/** `core.setFailed`: an error annotation, and the step fails when the action exits. */
export function setFailed(message: string): void {
  process.exitCode = 1
  error(message)
}
