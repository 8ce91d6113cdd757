/**
 * The device-enumeration PTA (`core/pta/device.c`, `pta_device.h`): lists the UUIDs of the TAs
 * flagged `TA_FLAG_DEVICE_ENUM` so Linux registers an `optee-ta-<uuid>` tee-bus device for each
 * (that is how the SCMI transport finds the SCMI PTA before tee-supplicant runs).
 */
import { PTA_CMD_GET_DEVICES, PTA_DEVICE_UUID, TEE, uuidToOctets } from './abi.js';
import { GP, type GpParam, type PseudoTa, type PtaRegistry, paramTypes, typesOf } from './pta.js';

export function devicePta(registry: PtaRegistry): PseudoTa {
  return {
    uuid: PTA_DEVICE_UUID,
    name: 'device.pta',
    deviceEnum: false,
    invoke(_session, cmd, params: GpParam[]) {
      if (cmd !== PTA_CMD_GET_DEVICES) return TEE.ERROR_NOT_IMPLEMENTED;
      if (typesOf(params) !== paramTypes(GP.MEMREF_OUTPUT, GP.NONE, GP.NONE, GP.NONE))
        return TEE.ERROR_BAD_PARAMETERS;
      const out = params[0]!.memref!;
      if (!out.data && out.size) return TEE.ERROR_BAD_PARAMETERS;
      const uuids = registry.all.filter((p) => p.deviceEnum).map((p) => uuidToOctets(p.uuid)!);
      const need = uuids.length * 16;
      if (!out.data || out.size < need) {
        out.size = need;
        return TEE.ERROR_SHORT_BUFFER;
      }
      uuids.forEach((u, i) => {
        out.data!.set(u, i * 16);
      });
      out.size = need;
      return TEE.SUCCESS;
    },
  };
}
