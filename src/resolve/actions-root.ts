import { join } from 'node:path'

/** Where the runner keeps this job's actions, if this process runs inside a job. */
export function actionsRoot(env: NodeJS.ProcessEnv): string | undefined {
  if (env.RELEASE_GATE_ACTIONS_DIR) return env.RELEASE_GATE_ACTIONS_DIR
  return env.RUNNER_WORKSPACE ? join(env.RUNNER_WORKSPACE, '..', '_actions') : undefined
}
