import { fileURLToPath } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnRole, IRole } from 'aws-cdk-lib/aws-iam';
import { SluiceLog, type SluiceLogProps } from '../../../cdk/sluice-log.ts';
import { SluiceStack } from '../../../cdk/sluice-stack.ts';

/** A handler file that always exists: these tests skip bundling, but NodejsFunction checks the entry. */
export const FIXTURE_ENTRY = fileURLToPath(new URL('./fixtures/handler.ts', import.meta.url));

export const FIXTURE_FUNCTIONS = {
  admin: { entry: FIXTURE_ENTRY },
  produce: { entry: FIXTURE_ENTRY },
  fetch: { entry: FIXTURE_ENTRY },
  groups: { entry: FIXTURE_ENTRY },
  maintenance: { entry: FIXTURE_ENTRY },
} as const;

/** An app that never runs esbuild or npm (TOOLCHAIN.md, "CDK offline"). */
export function testApp(): App {
  return new App({ context: { 'aws:cdk:bundling-stacks': [] } });
}

export function sluiceStack(
  props: SluiceLogProps = {},
  options: { app?: App; configure?: (stack: SluiceStack) => void } = {},
): { app: App; stack: SluiceStack; template: Template } {
  const app = options.app ?? testApp();
  const stack = new SluiceStack(app, 'SluiceStack', {
    sluice: { ...props, functions: { ...FIXTURE_FUNCTIONS, ...props.functions } },
  });
  options.configure?.(stack);
  return { app, stack, template: Template.fromStack(stack) };
}

/**
 * SluiceLog inside an app's own stack, the way a user embeds it. `props` may create resources in
 * that stack first (an imported bucket, say).
 */
export function sluiceInOwnStack(props: (stack: Stack) => SluiceLogProps = () => ({})): {
  app: App;
  stack: Stack;
  sluice: SluiceLog;
  template: Template;
} {
  const app = testApp();
  const stack = new Stack(app, 'MyApp');
  const given = props(stack);
  const sluice = new SluiceLog(stack, 'Sluice', { ...given, functions: { ...FIXTURE_FUNCTIONS, ...given.functions } });
  return { app, stack, sluice, template: Template.fromStack(stack) };
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

export function actionsOf(statement: Statement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

/** Every statement of every AWS::IAM::Policy attached to `role`. */
export function statementsOf(template: Template, stack: Stack, role: IRole): Statement[] {
  const roleId = stack.getLogicalId(role.node.defaultChild as CfnRole);
  const policies = template.findResources('AWS::IAM::Policy');
  const statements: Statement[] = [];
  for (const policy of Object.values(policies)) {
    const roles = (policy.Properties.Roles ?? []) as { Ref?: string }[];
    if (!roles.some((r) => r.Ref === roleId)) continue;
    statements.push(...(policy.Properties.PolicyDocument.Statement as Statement[]));
  }
  return statements;
}

export function allowedActions(template: Template, stack: Stack, role: IRole): string[] {
  return statementsOf(template, stack, role)
    .filter((s) => s.Effect === 'Allow')
    .flatMap(actionsOf);
}
