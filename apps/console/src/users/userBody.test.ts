import { describe, expect, it } from 'vitest';
import { userBody } from './UserInputs';

describe('userBody', () => {
  const form = { email: 'li@bank.example', name: 'Li Na', role: 'analyst', teamId: '', locale: 'zh-CN', timeZone: '', password: 'Correct-Horse-9', active: true };

  it('should never send active on create (a new user is active; the API refuses the field)', () => {
    expect(userBody(form, 'create')).toEqual({ email: 'li@bank.example', name: 'Li Na', role: 'analyst', teamId: null, locale: 'zh-CN', timeZone: null, password: 'Correct-Horse-9' });
  });

  it('should send active on edit and leave an empty password out (unchanged)', () => {
    const body = userBody({ ...form, id: 'u1', createdAt: 'x', password: '', active: false }, 'edit');
    expect(body).toEqual({ email: 'li@bank.example', name: 'Li Na', role: 'analyst', teamId: null, locale: 'zh-CN', timeZone: null, active: false });
  });
});
