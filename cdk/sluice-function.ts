import * as path from 'node:path';
import { Fn, Validations, type Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { Policy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  Code,
  Function as LambdaFunction,
  FunctionUrlAuthType,
  Runtime,
  type Architecture,
  type FunctionUrl,
  InvokeMode,
} from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionName } from '../shared/api/routes.ts';
import { REPO_ROOT } from './bundling.ts';
import { hasRepositoryLockfile } from './function-code.ts';
import { grantFunctionAccess, type FunctionAccess, type SluiceDataResources } from './permissions.ts';

export interface SluiceFunctionProps {
  readonly name: FunctionName;
  readonly entry: string;
  /** A prebuilt bundle folder (index.mjs plus node_modules) used as is; `entry` and `bundling` are then unused. */
  readonly prebuiltDir?: string;
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly runtime: Runtime;
  readonly architecture: Architecture;
  readonly bundling: BundlingOptions;
  readonly environment: Record<string, string>;
  readonly logRetention: RetentionDays;
  readonly logRemovalPolicy: RemovalPolicy;
  readonly invokeMode: InvokeMode;
  readonly access: FunctionAccess;
  readonly data: SluiceDataResources;
}

/**
 * One capability: its own role, log group, function and IAM-authenticated Function URL. The role
 * gets the log group's write permissions explicitly, so no AWS managed policy is attached.
 */
export class SluiceFunction extends Construct {
  public readonly role: Role;
  public readonly logGroup: LogGroup;
  /** A NodejsFunction when bundled at synth, a plain Function with a prebuilt bundle. */
  public readonly function: LambdaFunction;
  public readonly url: FunctionUrl;
  /** The Function URL without its trailing slash: `https://<id>.lambda-url.<region>.on.aws`. */
  public readonly endpoint: string;

  constructor(scope: Construct, id: string, props: SluiceFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Sluice ${props.name} function: its log group and the data access listed in cdk/permissions.ts`,
    });
    this.logGroup.grantWrite(this.role);
    grantFunctionAccess(this.role, props.access, props.data);

    const common = {
      description: props.description,
      runtime: props.runtime,
      architecture: props.architecture,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      environment: props.environment,
    };
    // A streaming Function URL invokes the module's streaming handler (functions/http/streaming.ts).
    const handler = props.invokeMode === InvokeMode.RESPONSE_STREAM ? 'streamingHandler' : 'handler';
    // Same construct id either way, so a template keeps its logical ids whichever way the code came.
    this.function = props.prebuiltDir
      ? new LambdaFunction(this, 'Function', { ...common, code: Code.fromAsset(props.prebuiltDir), handler: `index.${handler}` })
      : new NodejsFunction(this, 'Function', {
          ...common,
          entry: props.entry,
          handler,
          // This repository's lockfile pins the native modules; elsewhere NodejsFunction finds the app's own.
          ...(hasRepositoryLockfile()
            ? { projectRoot: REPO_ROOT, depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json') }
            : {}),
          bundling: props.bundling,
        });
    if (props.runtime === Runtime.NODEJS_22_X) {
      Validations.of(this.function).acknowledge({
        id: 'AwsSolutions-L1',
        reason:
          'Node.js 22 is the runtime the design fixes and the one the native codec binaries and tests are checked ' +
          'against; it is supported by Lambda until 2027. Move to a newer runtime with the `runtime` prop after testing.',
      });
    }

    if (props.access.invokeSelf) {
      // A statement naming the function's own ARN cannot go into the role's default policy: the
      // function depends on that policy, so the two would depend on each other. A policy of its
      // own depends on the function instead.
      new Policy(this, 'InvokeSelf', {
        roles: [this.role],
        statements: [new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.function.functionArn] })],
      });
    }

    this.url = this.function.addFunctionUrl({ authType: FunctionUrlAuthType.AWS_IAM, invokeMode: props.invokeMode });
    this.endpoint = `https://${Fn.select(2, Fn.split('/', this.url.url))}`;
  }
}
