import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAN, parsePlan } from '../../../chaos/plan.ts';
import { createRng, hash32 } from '../../../chaos/rng.ts';

describe('fault plans', () => {
  it('default to the documented plan', () => {
    expect(parsePlan(undefined)).toEqual(DEFAULT_PLAN);
  });

  it('change single faults on top of the default, or on top of none', () => {
    expect(parsePlan('lost-response=0.5')).toEqual({ ...DEFAULT_PLAN, 'lost-response': 0.5 });
    expect(parsePlan('none')).toEqual({});
    expect(parsePlan('none,crash-after-commit=0.1,ddb-throttle=0')).toEqual({ 'crash-after-commit': 0.1, 'ddb-throttle': 0 });
  });

  it('refuse unknown faults and bad probabilities', () => {
    expect(() => parsePlan('meteor=0.1')).toThrow(/unknown fault 'meteor'/);
    expect(() => parsePlan('restart=1')).toThrow(/unknown fault/);
    expect(() => parsePlan('lost-response=2')).toThrow(/probability/);
    expect(() => parsePlan('lost-response')).toThrow(/probability/);
  });
});

describe('seeded randomness', () => {
  it('replays a stream from its seed and label', () => {
    const a = createRng(42, 'p1');
    const b = createRng(42, 'p1');
    const xs = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('forks independent streams that do not depend on draws from the parent', () => {
    const a = createRng(1);
    a.next();
    a.next();
    expect(a.fork('c0').next()).toBe(createRng(1).fork('c0').next());
    expect(createRng(1).fork('c0').next()).not.toBe(createRng(1).fork('c1').next());
  });

  it('draws integers in range and honours certain and impossible chances', () => {
    const r = createRng('s');
    for (let i = 0; i < 100; i++) expect(r.int(3)).toBeLessThan(3);
    expect(r.chance(0)).toBe(false);
    expect(r.chance(1)).toBe(true);
    expect(() => r.pick([])).toThrow();
    expect(hash32('a')).not.toBe(hash32('b'));
  });
});
