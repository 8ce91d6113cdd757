/**
 * What the `linaro,scmi-optee` transport needs from Linux's OP-TEE driver (the transport's
 * `OpteeScmiClient` interface, implemented here): whether the driver
 * is up and has enumerated the SCMI PTA, and the PTA's commands on a session. Sessions are opened
 * with the login the transport gives (REE_KERNEL); MSG channels get one registered tee_shm per
 * session, as the transport's dynamic buffer.
 */
import { bigFromNumber } from '../../core/words.js';
import { TEE } from '../../optee/abi.js';
import { PTA_SCMI_CMD, PTA_SCMI_UUID } from '../../optee/pta-scmi.js';
import type { OpteeScmiClient } from '../../transports/optee.js';
import type { DriverCore } from '../driver-core.js';
import type { TeeShm } from './call.js';
import { memref, value } from './client.js';
import type { Optee } from './driver.js';

export type OpteeScmiPtaClient = OpteeScmiClient;
export type OpteeState = ReturnType<OpteeScmiClient['state']>;

/** A call that had to sleep cannot answer a synchronous transport: reported as busy. */
const BUSY = TEE.ERROR_BUSY;

/**
 * `opteePath` is the `linaro,optee-tz` node the driver core binds (undefined when the tree has no
 * enabled one).
 */
export function opteeScmiPtaClient(core: DriverCore, opteePath: string | undefined): OpteeScmiPtaClient {
  const buffers = new Map<number, TeeShm>();
  const optee = (): Optee | undefined => (opteePath ? core.bound<Optee>(opteePath) : undefined);
  const need = (): Optee => {
    const o = optee();
    if (!o) throw new Error('SCMI PTA used before the OP-TEE driver is ready'); // transport bug
    return o;
  };

  return {
    state() {
      if (!opteePath) return { kind: 'unavailable', why: "no enabled 'linaro,optee-tz' node" };
      const st = core.state(opteePath);
      if (st === 'failed')
        return {
          kind: 'unavailable',
          why: `OP-TEE driver probe failed: ${core.why(opteePath)?.reason ?? ''}`,
        };
      const o = optee();
      if (!o) return { kind: 'pending' };
      if (!o.taDevices.includes(PTA_SCMI_UUID))
        return {
          kind: 'unavailable',
          why: 'the device PTA does not list the SCMI PTA (no SCMI server in OP-TEE)',
        };
      return { kind: 'ready' };
    },
    openSession(login) {
      const r = need().client.openSession(PTA_SCMI_UUID, login);
      return r
        ? { ret: r.rc ? TEE.ERROR_COMMUNICATION : r.ret, session: r.session }
        : { ret: BUSY, session: 0 };
    },
    capabilities(session) {
      const r = need().client.invoke(session, PTA_SCMI_CMD.CAPABILITIES, [value('out')]);
      if (!r) return { ret: BUSY, caps: 0 };
      const p = r.params[0]!;
      return { ret: r.rc ? TEE.ERROR_COMMUNICATION : r.ret, caps: p.kind === 'value' ? Number(p.a) : 0 };
    },
    getChannel(session, channelId, caps) {
      const r = need().client.invoke(session, PTA_SCMI_CMD.GET_CHANNEL_HANDLE, [
        value('inout', BigInt(channelId), BigInt(caps)),
      ]);
      if (!r) return { ret: BUSY, handle: 0 };
      const p = r.params[0]!;
      return { ret: r.rc ? TEE.ERROR_COMMUNICATION : r.ret, handle: p.kind === 'value' ? Number(p.a) : 0 };
    },
    processSmtChannel(session, handle) {
      const r = need().client.invoke(session, PTA_SCMI_CMD.PROCESS_SMT_CHANNEL, [
        value('in', bigFromNumber(handle)),
      ]);
      return r ? (r.rc ? TEE.ERROR_COMMUNICATION : r.ret) : BUSY;
    },
    processMsgChannel(session, handle, request, outSize) {
      const o = need();
      const size = Math.max(outSize, request.length);
      let shm = buffers.get(session);
      if (!shm || shm.size < size) {
        if (shm) o.calls.freeShm(shm);
        shm = o.calls.allocShm(size);
        if (!shm) return { ret: TEE.ERROR_OUT_OF_MEMORY };
        buffers.set(session, shm);
      }
      const mem = o.calls.options.memory;
      mem.write(shm.pa, request);
      const r = o.client.invoke(session, PTA_SCMI_CMD.PROCESS_MSG_CHANNEL, [
        value('in', bigFromNumber(handle)),
        memref('in', shm, request.length),
        memref('out', shm, outSize),
      ]);
      if (!r) return { ret: BUSY };
      if (r.rc || r.ret !== TEE.SUCCESS) return { ret: r.rc ? TEE.ERROR_COMMUNICATION : r.ret };
      const out = r.params[2]!;
      const bytes = mem.read(shm.pa, out.kind === 'memref' ? out.size : 0);
      return bytes instanceof Uint8Array
        ? { ret: TEE.SUCCESS, response: bytes }
        : { ret: TEE.ERROR_COMMUNICATION };
    },
  };
}
