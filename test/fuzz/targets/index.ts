/** Every fuzz target, by name. A test checks that each file in this folder is registered here. */
import type { FuzzTarget } from '../support/target.js';
import compile from './compile.js';
import dotconfig from './dotconfig.js';
import dtb from './dtb.js';
import kconfig from './kconfig.js';
import optee from './optee.js';
import parse from './parse.js';
import preprocess from './preprocess.js';
import profile from './profile.js';
import scenario from './scenario.js';
import scmiServer from './scmi-server.js';
import smc from './smc.js';
import smt from './smt.js';

export const TARGETS: readonly FuzzTarget[] = [
  preprocess,
  parse,
  compile,
  dtb,
  kconfig,
  dotconfig,
  profile,
  scenario,
  smc,
  smt,
  optee,
  scmiServer,
];

export function targetByName(name: string): FuzzTarget | undefined {
  return TARGETS.find((t) => t.name === name);
}
