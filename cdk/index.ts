/**
 * The public surface of the construct package (docs/packages.md, docs/deploy.md): the construct,
 * its storage half, the ready-made stack, and the tables that describe them.
 *
 * @example
 * ```ts
 * import { SluiceLog } from '@sluice/cdk';
 * const log = new SluiceLog(this, 'Log');
 * log.grantInvokeUrl(myRole);
 * ```
 */
export { SluiceLog, FUNCTION_DEFAULTS, type SluiceLogProps, type SluiceFunctionSettings } from './sluice-log.ts';
export { SluiceStorage, METADATA_TTL_ATTRIBUTE, type SluiceStorageProps } from './sluice-storage.ts';
export { SluiceStack, type SluiceStackProps } from './sluice-stack.ts';
export { SluiceFunction, type SluiceFunctionProps } from './sluice-function.ts';
export { FUNCTION_ACCESS, PRODUCE_OBJECT_PREFIX, READABLE_OBJECT_PREFIXES, type FunctionAccess, type SluiceDataResources } from './permissions.ts';
export { NATIVE_MODULES } from './bundling.ts';
export type { FunctionName } from '../shared/api/routes.ts';
