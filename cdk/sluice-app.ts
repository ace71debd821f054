import { RemovalPolicy, Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { SluiceStack, type SluiceStackProps } from './sluice-stack.ts';

/** Context key: `npx cdk deploy -c sluice:removalPolicy=destroy` for throwaway stacks. */
export const REMOVAL_POLICY_CONTEXT = 'sluice:removalPolicy';

function removalPolicyFromContext(app: App): RemovalPolicy | undefined {
  const value: unknown = app.node.tryGetContext(REMOVAL_POLICY_CONTEXT);
  if (value === undefined) return undefined;
  if (value === 'retain') return RemovalPolicy.RETAIN;
  if (value === 'destroy') return RemovalPolicy.DESTROY;
  throw new Error(`context ${REMOVAL_POLICY_CONTEXT} must be "retain" or "destroy", got ${JSON.stringify(value)}`);
}

/**
 * Adds SluiceStack to `app` and runs cdk-nag's AWS Solutions checks on the whole app: synthesis
 * fails on any finding that is not acknowledged with a reason.
 */
export function buildSluiceApp(app: App, props: SluiceStackProps = {}): SluiceStack {
  const removalPolicy = removalPolicyFromContext(app);
  const stack = new SluiceStack(app, 'SluiceStack', {
    ...props,
    sluice: { ...(removalPolicy ? { removalPolicy } : {}), ...props.sluice },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return stack;
}
