import { describe, expect, it } from 'vitest';
import { basenameOf, installationFromPath, installationHome } from '../src/app/installation';
import { installationPath } from '../src/lib/api-client';

describe('installation in the URL and in API paths', () => {
  it('reads the installation from /i/<id>/..., and none from the default URLs', () => {
    expect(installationFromPath('/i/desk-2/components/EntryAgent')).toBe('desk-2');
    expect(installationFromPath('/i/desk.3')).toBe('desk.3');
    expect(installationFromPath('/components/EntryAgent')).toBeNull();
    expect(installationFromPath('/i/')).toBeNull();
    expect(installationFromPath('/i/..%2Fetc/x')).toBeNull();
    expect(installationFromPath('/installations')).toBeNull();
    expect(basenameOf('desk-2')).toBe('/i/desk-2');
    expect(basenameOf(null)).toBe('/');
    expect(installationHome('desk-2', false)).toBe('/i/desk-2/');
    expect(installationHome('main', true)).toBe('/');
  });

  it("sends installation-bound paths to the installation's mirror and leaves server-wide ones alone", () => {
    expect(installationPath('/api/components/EntryAgent', 'desk-2')).toBe('/api/installations/desk-2/components/EntryAgent');
    expect(installationPath('/api/events', 'desk-2')).toBe('/api/installations/desk-2/events');
    expect(installationPath('/api/replication', 'desk-2')).toBe('/api/installations/desk-2/replication');
    expect(installationPath('/api/session', 'desk-2')).toBe('/api/session');
    expect(installationPath('/api/installations', 'desk-2')).toBe('/api/installations');
    expect(installationPath('/api/components', null)).toBe('/api/components');
  });
});
