import type { ClockRates, ScmiServerConfig } from './config.js';

/**
 * The server's mutable view of its resources, built once from the profile: what a real platform
 * keeps in its clock/reset/power drivers. Only the protocol handlers change it.
 */
export interface ClockState {
  name: string;
  rates: ClockRates;
  rate: number;
  enabled: boolean;
}

export interface ResetState {
  name: string;
  async: boolean;
  latencyUs: number;
  asserted: boolean;
  /** Count of completed reset cycles (autonomous resets). */
  cycles: number;
}

export interface PowerDomainState {
  name: string;
  on: boolean;
}

export interface PerfState {
  name: string;
  levels: readonly { perf: number; power: number; latencyUs: number }[];
  sustainedFreqKhz: number;
  sustainedPerf: number;
  level: number;
  min: number;
  max: number;
}

export interface SensorState {
  name: string;
  value: bigint;
  unit: number;
  scale: number;
}

export interface VoltageState {
  name: string;
  levels: readonly number[];
  level: number;
  on: boolean;
}

export interface SystemPowerState {
  /** Last requested system state (SYSTEM_POWER_STATE_SET), if any. */
  requested: number | null;
}

export interface ScmiState {
  clocks: ClockState[];
  resets: ResetState[];
  powerDomains: PowerDomainState[];
  perf: PerfState[];
  sensors: SensorState[];
  voltages: VoltageState[];
  system: SystemPowerState;
}

export function firstRate(rates: ClockRates): number {
  return rates.kind === 'list' ? Math.min(...rates.rates) : rates.min;
}

export function rateSupported(rates: ClockRates, rate: number): boolean {
  if (rates.kind === 'list') return rates.rates.includes(rate);
  if (rate < rates.min || rate > rates.max) return false;
  return rates.step === 0 || (rate - rates.min) % rates.step === 0;
}

export function buildState(config: ScmiServerConfig): ScmiState {
  return {
    clocks: (config.clocks ?? []).map((c) => ({
      name: c.name,
      rates: c.rates,
      rate: c.rate ?? firstRate(c.rates),
      enabled: c.enabled ?? false,
    })),
    resets: (config.resets ?? []).map((r) => ({
      name: r.name,
      async: r.async ?? false,
      latencyUs: r.latencyUs ?? 0x7fff_ffff,
      asserted: false,
      cycles: 0,
    })),
    powerDomains: (config.powerDomains ?? []).map((p) => ({ name: p.name, on: p.on ?? false })),
    perf: (config.perfDomains ?? []).map((p) => {
      const perfs = p.levels.map((l) => l.perf);
      const min = perfs.length ? Math.min(...perfs) : 0;
      const max = perfs.length ? Math.max(...perfs) : 0;
      return {
        name: p.name,
        levels: p.levels,
        sustainedFreqKhz: p.sustainedFreqKhz ?? 0,
        sustainedPerf: p.sustainedPerf ?? max,
        level: p.level ?? min,
        min,
        max,
      };
    }),
    sensors: (config.sensors ?? []).map((s) => ({
      name: s.name,
      value: BigInt(s.value),
      unit: s.unit ?? 2,
      scale: s.scale ?? 0,
    })),
    voltages: (config.voltageDomains ?? []).map((v) => ({
      name: v.name,
      levels: v.levels,
      level: v.level ?? v.levels[0] ?? 0,
      on: v.on ?? false,
    })),
    system: { requested: null },
  };
}
