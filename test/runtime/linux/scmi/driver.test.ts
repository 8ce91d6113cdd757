import { describe, expect, it } from 'vitest';
import { DriverCore } from '../../../../runtime/linux/driver-core.js';
import { scmiDevice, scmiDriver } from '../../../../runtime/linux/scmi/driver.js';
import { DirectIrqs, directInvoker, directOpteeClient } from '../../../../runtime/transports/direct.js';
import { transports } from '../../../../runtime/transports/index.js';
import { ScmiSmcHandler } from '../../../../runtime/transports/smc-service.js';
import { board, firmwareProfile, PROTOCOL_NODES, rig, SRAM } from './rig.js';

const profile = firmwareProfile([{ id: 0, agent: 1, shmem: { base: SRAM, size: 0x80 }, smcId: 0x82002000 }]);

function core(scmiProps: string, compatible: string, opteeUp = true) {
  const r = rig(
    board(`scmi: scmi { compatible = "${compatible}"; ${scmiProps} ${PROTOCOL_NODES} };`),
    profile,
  );
  const smccc = directInvoker([new ScmiSmcHandler(r.firmware).asService()]);
  const env = {
    scheduler: r.scheduler,
    trace: r.trace,
    mem: r.mem,
    smccc,
    irqs: new DirectIrqs(r.scheduler),
  };
  const optee = directOpteeClient(r.firmware, () =>
    opteeUp ? { kind: 'ready' } : { kind: 'unavailable', why: 'no enabled linaro,optee-tz node' },
  );
  const dc = new DriverCore(r.trace);
  dc.addDriver(scmiDriver(env, transports(env, { optee })));
  dc.addDevice(scmiDevice(r.view.byPath('/firmware/scmi')!));
  return { r, dc };
}

describe('SCMI core under the driver core', () => {
  it('binds when the transport answers on return', () => {
    const { dc } = core('arm,smc-id = <0x82002000>; shmem = <&tx0>;', 'arm,scmi-smc');
    expect(dc.state('/firmware/scmi')).toBe('bound');
  });

  it('stays deferred without OP-TEE; settle reports it', () => {
    const { r, dc } = core('linaro,optee-channel-id = <0>; shmem = <&tx0>;', 'linaro,scmi-optee', false);
    expect(dc.state('/firmware/scmi')).toBe('deferred');
    dc.settle();
    expect(r.trace.ofKind('diag').map((d) => d.msg)).toContain(
      'deferred probe pending: OP-TEE will not come up: no enabled linaro,optee-tz node',
    );
  });

  it('fails with the errno Linux returns', () => {
    const { dc } = core('arm,smc-id = <0x82002099>; shmem = <&tx0>;', 'arm,scmi-smc');
    expect(dc.state('/firmware/scmi')).toBe('failed');
    expect(dc.why('/firmware/scmi')?.errno).toBe(-95);
  });
});
