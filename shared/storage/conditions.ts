/**
 * Condition expressions, built from named parts so that no expression is copied by hand.
 * `#pk` and `#v` are bound by `conditionNames`.
 */
export const conditionNames = { '#pk': 'pk', '#v': 'version', '#id': 'id' } as const;

export const itemDoesNotExist = 'attribute_not_exists(#pk)';
export const versionIs = '#v = :expectedVersion';
export const idIs = '#id = :expectedId';

export function all(...parts: string[]): string {
  return parts.join(' AND ');
}

/** Only the names an expression uses: DynamoDB refuses unused ExpressionAttributeNames. */
export function namesFor(expression: string): Record<string, string> {
  return Object.fromEntries(Object.entries(conditionNames).filter(([name]) => expression.includes(name)));
}
