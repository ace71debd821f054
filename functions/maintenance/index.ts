import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { jsonResponse } from '../../shared/api/http.ts';
import { MaintenanceEvent, RunMaintenanceRequest } from '../../shared/api/schemas/maintenance.ts';
import { parseJsonBody, parseWith } from '../../shared/api/validate.ts';
import { MaintenanceService, type JobResult, type MaintenanceJobSpec, type PassResult } from '../../shared/maintenance/index.ts';
import { currentEngine, localEntryDeleteDelayMs } from '../engine.ts';
import { createHandler } from '../http/handler.ts';
import { lambdaJobSender, selfTarget, type JobSender } from './fan-out.ts';

/** What the handler needs from maintenance: MaintenanceService, or a double in a unit test. */
export type Maintenance = Pick<MaintenanceService, 'plan' | 'runJob' | 'runAll'>;

export interface MaintenanceHandlerDeps {
  maintenance: () => Maintenance;
  sender: () => JobSender;
  log?: (line: string) => void;
}

/** What a scheduled plan answers (and logs): how many jobs it sent to their own invocations. */
export interface PlanOutcome {
  jobs: number;
  sent: number;
  failed: number;
}

function isFunctionUrlEvent(event: unknown): event is APIGatewayProxyEventV2 {
  return typeof event === 'object' && event !== null && 'requestContext' in event && 'rawPath' in event;
}

/**
 * The maintenance function, three ways in:
 * - a schedule (EventBridge) invokes it with `{"action":"plan","gc":bool}`: it plans a pass and
 *   sends each job (a topic's partitions, 64 at most, or GC) to its own asynchronous invocation,
 *   so that a large deployment is maintained by many short invocations in parallel;
 * - such an invocation, `{"action":"job","job":spec}`, runs that one job and logs its report as
 *   one JSON line;
 * - its Function URL serves `POST /v1/maintenance/run` (`sluice maintenance run`): a pass run in
 *   this invocation, answered with what it did.
 */
export function createMaintenanceHandler(deps: MaintenanceHandlerDeps) {
  const log = deps.log ?? ((line: string) => console.log(line));
  const http = createHandler('maintenance', {
    runMaintenance: async (req) => {
      const body = parseJsonBody(req, RunMaintenanceRequest);
      const result: PassResult = await deps.maintenance().runAll({
        ...(body.topics ? { topics: body.topics } : {}),
        ...(body.gc !== undefined ? { gc: body.gc } : {}),
      });
      return jsonResponse(200, result);
    },
  });

  async function plan(gc: boolean, context: Pick<Context, 'invokedFunctionArn' | 'functionName'>): Promise<PlanOutcome> {
    const jobs = await deps.maintenance().plan({ gc });
    const { sent, failed } = jobs.length ? await deps.sender().send(selfTarget(context), jobs) : { sent: 0, failed: 0 };
    log(JSON.stringify({ level: failed ? 'WARN' : 'INFO', message: 'maintenance planned', jobs: jobs.length, sent, failed }));
    return { jobs: jobs.length, sent, failed };
  }

  async function job(spec: MaintenanceJobSpec): Promise<JobResult> {
    const started = Date.now();
    const result = await deps.maintenance().runJob(spec);
    const level = result.report?.failures.length ? 'WARN' : 'INFO';
    log(JSON.stringify({ level, message: 'maintenance job', ...result, ms: Date.now() - started }));
    return result;
  }

  async function handler(event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2>;
  async function handler(event: unknown, context: Context): Promise<APIGatewayProxyStructuredResultV2 | PlanOutcome | JobResult>;
  async function handler(event: unknown, context: Context): Promise<APIGatewayProxyStructuredResultV2 | PlanOutcome | JobResult> {
    if (isFunctionUrlEvent(event)) return http(event);
    const e = parseWith(MaintenanceEvent, event, 'maintenance event');
    if (e.action === 'plan') return plan(e.gc ?? false, context);
    return job(e.job);
  }
  return handler;
}

let service: MaintenanceService | undefined;

/** The service of this warm function, over the same storage as the other handlers (the local stack's timer uses it too). */
export function currentMaintenance(): MaintenanceService {
  const delay = localEntryDeleteDelayMs();
  service ??= new MaintenanceService({
    storage: currentEngine().storage,
    ...(delay !== undefined ? { settings: { entryDeleteDelayMs: delay } } : {}),
  });
  return service;
}

let sender: JobSender | undefined;

export const handler = createMaintenanceHandler({
  maintenance: currentMaintenance,
  sender: () => (sender ??= lambdaJobSender()),
});
