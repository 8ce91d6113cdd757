import type { KconfigModelData } from '../model-types.js';
import type { SupportedKernel } from '../versions.js';
import { model_v5_16 } from './v5.16.js';
import { model_v5_19 } from './v5.19.js';
import { model_v6_1 } from './v6.1.js';
import { model_v6_11 } from './v6.11.js';
import { model_v6_12 } from './v6.12.js';

/**
 * Provenance (see each file's `provenance`): v5.16 from the v5.16.10 files, v5.19 from v5.19, v6.1
 * from Debian's 6.1.192, v6.12 from Debian's 6.12.117 (all in shared/kconfig/upstream, verified by
 * blob id in the research note). v6.11 combines the v6.11.11 SCMI file (the last bool transports)
 * with v6.1's TEE/OP-TEE files (no RPMB dependency before v6.12) and v6.12's mailbox, irqchip and
 * arm64 files (ARM_MHU_V3 exists since v6.11): an approximation for the files not saved from v6.11.
 * External symbols take the value arm64's defconfig gives them in Debian's 6.1 (for v5.16–v6.1) or
 * 6.12 (for v6.11–v6.12) tree.
 */
export const BUILTIN_MODELS: Readonly<Record<SupportedKernel, KconfigModelData>> = {
  'v5.16': model_v5_16,
  'v5.19': model_v5_19,
  'v6.1': model_v6_1,
  'v6.11': model_v6_11,
  'v6.12': model_v6_12,
};
