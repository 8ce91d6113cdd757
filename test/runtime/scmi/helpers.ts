import { PhysicalMemory } from '../../../runtime/core/memory.js';
import { Scheduler } from '../../../runtime/core/scheduler.js';
import { Trace } from '../../../runtime/core/trace.js';
import type { ScmiServerConfig } from '../../../runtime/scmi/config.js';

export const SHMEM_BASE = 0x0e00_0000n;

/** A small board profile: two agents, channels for every transport, every protocol. */
export function profile(overrides: Partial<ScmiServerConfig> = {}): ScmiServerConfig {
  return {
    vendor: 'Linaro',
    subVendor: 'PMIC',
    implementationVersion: 0x30001,
    agents: [
      { id: 1, name: 'OSPM' },
      { id: 2, name: 'PSCI' },
    ],
    channels: [
      { id: 0, agent: 1, shmem: { base: SHMEM_BASE, size: 0x80 }, smcId: 0x82002000 },
      { id: 1, agent: 2, shmem: { base: SHMEM_BASE + 0x200n, size: 0x80 }, smcId: 0x82002001 },
      { id: 2, agent: 1 },
    ],
    clocks: [
      { name: 'ck_hse', rates: { kind: 'list', rates: [24_000_000] }, enabled: true },
      { name: 'ck_hsi', rates: { kind: 'list', rates: [8_000_000, 16_000_000, 32_000_000, 64_000_000] } },
      { name: 'ck_csi', rates: { kind: 'range', min: 1_000_000, max: 4_000_000, step: 1_000_000 } },
      {
        name: 'pll4_q',
        rates: { kind: 'list', rates: Array.from({ length: 14 }, (_, i) => 50_000_000 + i * 25_000_000) },
      },
    ],
    resets: [{ name: 'rst_spi6' }, { name: 'rst_i2c4', async: true }],
    powerDomains: [{ name: 'pd_gpu' }, { name: 'pd_vpu', on: true }],
    perfDomains: [
      {
        name: 'cpu',
        levels: [
          { perf: 400_000, power: 100, latencyUs: 500 },
          { perf: 800_000, power: 300, latencyUs: 500 },
          { perf: 1_200_000, power: 700, latencyUs: 500 },
        ],
      },
    ],
    sensors: [{ name: 'soc_temp', value: 42_000, scale: -3 }],
    voltageDomains: [{ name: 'vdd_sd', levels: [1_800_000, 3_300_000] }],
    systemPower: true,
    ...overrides,
  };
}

export function rig() {
  const scheduler = new Scheduler();
  const trace = new Trace(() => scheduler.now);
  const mem = new PhysicalMemory();
  mem.map({ name: 'sram', base: SHMEM_BASE, size: 0x1000 });
  return { scheduler, trace, mem };
}
