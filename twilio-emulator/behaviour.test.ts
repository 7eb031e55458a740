import { describe, expect, it } from 'vitest';
import { customerBehaviour } from './behaviour';

describe('the emulated contact, by the last two digits of the number', () => {
  it.each([
    ['+8613800138000', 'no-answer'],
    ['+8613800138011', 'busy'],
    ['+8613800138022', 'failed'],
    ['+8613800138033', 'machine'],
    ['+8613800138045', 'answer'],
    ['+8613800138100', 'no-answer'],
  ])('%s → %s', (number, behaviour) => {
    expect(customerBehaviour(number)).toBe(behaviour);
  });
});
