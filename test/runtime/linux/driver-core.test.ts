import { describe, expect, it } from 'vitest';
import { Scheduler } from '../../../runtime/core/scheduler.js';
import { Trace } from '../../../runtime/core/trace.js';
import { type DeviceRef, DriverCore, defer, ERRNO, fail, ok } from '../../../runtime/linux/driver-core.js';

const dev = (path: string, compatible: string): DeviceRef => ({ path, compatible: [compatible] });

function core() {
  const s = new Scheduler();
  const trace = new Trace(() => s.now);
  return { trace, core: new DriverCore(trace) };
}

describe('driver core', () => {
  it('binds ok, records failures, and keeps deferred devices until a provider binds', () => {
    const { core: c, trace } = core();
    const order: string[] = [];
    c.addDriver({
      name: 'consumer',
      compatible: ['x,consumer'],
      probe: (d, cc) => {
        order.push(d.path);
        return cc.bound<string>('/provider') ? ok(1) : defer('provider not bound');
      },
    });
    c.addDriver({ name: 'broken', compatible: ['x,broken'], probe: () => fail(-ERRNO.EINVAL, 'bad node') });
    c.addDevice(dev('/c1', 'x,consumer'));
    c.addDevice(dev('/c2', 'x,consumer'));
    c.addDevice(dev('/b', 'x,broken'));
    expect([c.state('/c1'), c.state('/c2'), c.state('/b')]).toEqual(['deferred', 'deferred', 'failed']);
    expect(c.deferred.map((d) => d.path)).toEqual(['/c1', '/c2']);
    c.addDriver({ name: 'provider', compatible: ['x,provider'], probe: () => ok('clock') });
    c.addDevice(dev('/provider', 'x,provider'));
    expect([c.state('/c1'), c.state('/c2')]).toEqual(['bound', 'bound']);
    expect(order).toEqual(['/c1', '/c2', '/c1', '/c2']);
    expect(c.why('/b')).toEqual({ reason: 'bad node', errno: -ERRNO.EINVAL });
    expect(trace.ofKind('probe').map((e) => `${e.src} ${e.msg}`)).toContain('/provider bound');
  });

  it('retries chains of deferrals until nothing more binds, and reports what is still pending', () => {
    const { core: c, trace } = core();
    const needs = (p: string) => (_d: DeviceRef, cc: DriverCore) =>
      cc.bound(p) !== undefined ? ok(true) : defer(`waiting for ${p}`);
    c.addDriver({ name: 'a', compatible: ['a'], probe: needs('/b') });
    c.addDriver({ name: 'b', compatible: ['b'], probe: needs('/c') });
    c.addDriver({ name: 'c', compatible: ['c'], probe: () => ok(true) });
    c.addDriver({ name: 'z', compatible: ['z'], probe: needs('/nowhere') });
    c.addDevice(dev('/a', 'a'));
    c.addDevice(dev('/b', 'b'));
    c.addDevice(dev('/z', 'z'));
    c.addDevice(dev('/c', 'c'));
    expect([c.state('/a'), c.state('/b'), c.state('/c'), c.state('/z')]).toEqual([
      'bound',
      'bound',
      'bound',
      'deferred',
    ]);
    c.settle();
    expect(trace.ofKind('diag').map((e) => [e.src, e.data?.reason])).toEqual([
      ['/z', 'waiting for /nowhere'],
    ]);
  });

  it('matches by the device compatible list in priority order and leaves unknown devices unmatched', () => {
    const { core: c } = core();
    c.addDriver({ name: 'generic', compatible: ['generic'], probe: () => ok('generic') });
    c.addDriver({ name: 'specific', compatible: ['specific'], probe: () => ok('specific') });
    c.addDevice({ path: '/d', compatible: ['specific', 'generic'] });
    c.addDevice(dev('/u', 'unknown'));
    expect(c.bound('/d')).toBe('specific');
    expect(c.state('/u')).toBe('unmatched');
  });
});
