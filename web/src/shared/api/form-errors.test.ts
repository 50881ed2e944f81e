import { describe, expect, it } from 'vitest';
import { findFormField, toNamePath } from './form-errors.ts';

describe('API field paths to form fields', () => {
  it('reads dotted and bracketed paths', () => {
    expect(toNamePath('email')).toEqual(['email']);
    expect(toNamePath('skills.0.level')).toEqual(['skills', 0, 'level']);
    expect(toNamePath('targets[1].warn.minutesBefore')).toEqual(['targets', 1, 'warn', 'minutesBefore']);
    expect(toNamePath('weekly.mon[0]')).toEqual(['weekly', 'mon', 0]);
  });
});

describe('choosing the form field for a message', () => {
  const registered = [['email'], ['teamIds'], ['weekly', 'mon', 0, 'start'], ['weekly', 'mon', 0, 'end'], ['targets', 0, 'minutes']];
  it('prefers the field, then its ancestor, then its first descendant', () => {
    expect(findFormField(['email'], registered)).toEqual(['email']);
    expect(findFormField(['teamIds', 2], registered)).toEqual(['teamIds']);
    expect(findFormField(['weekly', 'mon', 0], registered)).toEqual(['weekly', 'mon', 0, 'start']);
    expect(findFormField(['body'], registered)).toBeUndefined();
  });
});
