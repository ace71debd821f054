import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag v3 runs as a CDK policy-validation plugin and reads acknowledgements that
 * `Validations.of(scope).acknowledge` records on the construct tree (the construct itself or any
 * ancestor). The construct needs no import of cdk-nag: an app without cdk-nag just carries the
 * metadata.
 *
 * A finding of a rule that reports several (AwsSolutions-IAM5) is acknowledged by its exact id,
 * `AwsSolutions-IAM5[Resource::<flattened resource>]`, where cdk-nag flattens CloudFormation
 * references as `<LogicalId.Attr>` / `<Ref>` and `${x}` as `<x>`. The helper below computes that id
 * from the resource we wrote, so the acknowledgement names exactly one resource string.
 *
 * Limitation: a resource in another stack becomes `Fn::ImportValue` only at synthesis, so a
 * bucket passed in from another stack keeps its IAM5 finding; acknowledge it in your app.
 */
export function acknowledgeWildcardResource(scope: IConstruct, resource: string, reason: string): void {
  const flat = flattenCfnReference(Stack.of(scope).resolve(resource));
  if (!flat.includes('*')) return;
  Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[Resource::${flat}]`, reason });
}

/** Same flattening as cdk-nag's `flattenCfnReference` (cdk-nag/lib/utils), which it does not export. */
export function flattenCfnReference(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (typeof node === 'object' && node !== null) {
    const obj = node as Record<string, unknown>;
    if (obj['Fn::Join']) {
      const [delimiter, items] = obj['Fn::Join'] as [string, unknown[]];
      return items.map(flattenCfnReference).join(delimiter);
    }
    if (obj['Fn::Sub']) return flattenCfnReference(obj['Fn::Sub']);
    if (obj['Fn::GetAtt']) {
      const [resource, attribute] = obj['Fn::GetAtt'] as [unknown, unknown];
      return `<${flattenCfnReference(resource)}.${flattenCfnReference(attribute)}>`;
    }
    if (obj['Fn::ImportValue']) return flattenCfnReference(obj['Fn::ImportValue']);
    if (obj['Ref']) return `<${flattenCfnReference(obj['Ref'])}>`;
  }
  return JSON.stringify(node);
}
