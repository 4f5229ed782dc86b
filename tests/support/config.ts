/** Service configuration for tests (no vitest import: scripts use it too). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceConfig } from '../../server/services/container.ts';

/** Service configuration for tests: a fresh data folder, the default calendar. */
export function testServiceConfig(overrides: Partial<ServiceConfig> = {}): ServiceConfig {
  return {
    gridNumberWidth: 2,
    sessionTtlHours: 12,
    dataDir: mkdtempSync(join(tmpdir(), 'civicgrid-data-')),
    uploadLimitBytes: 2 * 1024 * 1024,
    calendar: { timeZone: 'Asia/Shanghai', workDays: '1-5', hours: '09:00-18:00' },
    ...overrides,
  };
}
