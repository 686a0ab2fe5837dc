import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { AdminContext, memoryStore } from 'react-admin';
import polyglotI18nProvider from 'ra-i18n-polyglot';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { en } from '../i18n/en';
import { zhCN } from '../i18n/zh-CN';
import { computeCountdown, useCountdown } from './useCountdown';
import { resetNowForTests } from './useNow';

const START = new Date('2026-11-25T08:00:00.000Z');

function wrapper(locale: 'en' | 'zh-CN') {
  const i18nProvider = polyglotI18nProvider((l) => (l === 'zh-CN' ? zhCN : en) as never, locale, [
    { locale: 'en', name: 'English' },
    { locale: 'zh-CN', name: '简体中文' },
  ]);
  return ({ children }: { children: ReactNode }) => (
    <AdminContext i18nProvider={i18nProvider} store={memoryStore()}>
      {children}
    </AdminContext>
  );
}

describe('useCountdown', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(START);
    resetNowForTests();
  });
  afterEach(() => {
    resetNowForTests();
    vi.useRealTimers();
  });

  it('should count down every second and turn overdue after the due time', () => {
    const dueAt = new Date(START.getTime() + 65_000).toISOString();
    const { result } = renderHook(() => useCountdown(dueAt), { wrapper: wrapper('en') });
    expect(result.current.remainingMs).toBe(65_000);
    expect(result.current.short).toBe('1m 05s');
    expect(result.current.clock).toBe('00:01:05');
    expect(result.current.overdue).toBe(false);

    act(() => {
      vi.advanceTimersByTime(1000);
    });
    expect(result.current.short).toBe('1m 04s');

    act(() => {
      vi.advanceTimersByTime(70_000);
    });
    expect(result.current.overdue).toBe(true);
    expect(result.current.remainingMs).toBe(-6_000);
    expect(result.current.short).toBe('6s');
  });

  it('should use the current locale for units', () => {
    const dueAt = new Date(START.getTime() + 2 * 86_400_000 + 3_600_000).toISOString();
    const { result } = renderHook(() => useCountdown(dueAt), { wrapper: wrapper('zh-CN') });
    expect(result.current.short).toBe('2天1小时');
  });

  it('should return an empty countdown without a due time', () => {
    expect(computeCountdown(null, START.getTime(), 'en')).toEqual({ remainingMs: null, overdue: false, short: '', clock: '' });
    expect(computeCountdown('nope', START.getTime(), 'en').remainingMs).toBeNull();
  });
});
