/** Kconfig and `.config` inputs: a seed tree of our own, the shared trees' files, a dictionary. */
import fc from 'fast-check';
import { mutateText } from './mutate.js';
import type { Rng } from './rng.js';
import { filesUnder, readTexts, sharedPath, spread } from './seeds.js';

/** A small tree touching most of the language (written for the fuzzer; not kernel text). */
export const SEED_KCONFIG = `mainmenu "Fuzz $(ARCH) configuration"

config MODULES
	bool "Loadable modules"
	modules
	default y

config ARM64
	def_bool y
	select HAVE_FIRMWARE

config HAVE_FIRMWARE
	bool

menu "Firmware drivers"
	depends on ARM64

config ARM_SCMI
	tristate "SCMI"
	depends on HAVE_FIRMWARE || COMPILE_TEST
	imply ARM_SCMI_POWER
	help
	  Talks to the platform over SCMI.

config ARM_SCMI_POWER
	tristate "SCMI power domains"
	depends on ARM_SCMI && !(OPTEE = n)
	default m if ARM_SCMI

choice
	prompt "Transport"
	default SCMI_SMC

config SCMI_SMC
	bool "SMC"

config SCMI_MBOX
	bool "Mailbox"
	depends on MAILBOX

endchoice

config NR_CHANNELS
	int "Channels"
	range 1 16
	default 4

config SHM_BASE
	hex "Base"
	range 0x1000 0xffffffff
	default 0x10f000

config NAME
	string "Name"
	default "scmi-$(SRCARCH)"

endmenu

if ARM64
config OPTEE
	tristate "OP-TEE"
	select TEE
	default y if ARM_SCMI >= m
endif

config TEE
	tristate

menuconfig MAILBOX
	bool "Mailbox support"

config COMPILE_TEST
	bool "Compile test"
	transitional

VAR := $(shell,echo hi)
VAR2 = $(VAR)$(if,$(VAR),yes,no)
source "sub/Kconfig"
osource "missing/Kconfig"
`;

/** Other files of the in-memory tree (one sources itself, to test the depth limit). */
export const KCONFIG_FILES: Record<string, string> = {
  'sub/Kconfig': 'config SUB\n\tbool "sub"\n\tdepends on MODULES\n',
  'loop/Kconfig': 'source "loop/Kconfig"\n',
};

export const KCONFIG_DICTIONARY = [
  'config A\n',
  'menuconfig B\n',
  'choice\n',
  'endchoice\n',
  'menu "m"\n',
  'endmenu\n',
  'if A\n',
  'endif\n',
  '\tbool "x"\n',
  '\ttristate\n',
  '\tint\n',
  '\thex\n',
  '\tstring\n',
  '\tdefault y\n',
  '\tdefault "s"\n',
  '\tdepends on A && (B || !C)\n',
  '\tselect A if B\n',
  '\timply B\n',
  '\trange 0 0xffffffffffffffff\n',
  '\thelp\n\t  text\n',
  '\tdef_tristate m\n',
  '\tdef_bool n\n',
  '\toption modules\n',
  '\tvisible if A\n',
  'source "loop/Kconfig"\n',
  'rsource "sub/Kconfig"\n',
  'comment "c"\n',
  'mainmenu "x"\n',
  '$(',
  ')',
  '$(A)',
  '$(shell,x)',
  '$(info,x)',
  '$(warning-if,y,x)',
  '$(error-if,y,x)',
  'X = $(X)$(X)\n',
  'Y := 1\n',
  'Z += 2\n',
  '"',
  "'",
  '\\\n',
  '#',
  '=',
  '!=',
  '<=',
  '>=',
  '<',
  '>',
  '&&',
  '||',
  '!',
  '(',
  ')',
  ' ',
  '\t',
  '\n',
  '---help---\n',
  'y',
  'm',
  'n',
  '0x',
  '-1',
  '99999999999999999999',
];

export function kconfigSeeds(): string[] {
  const shared = sharedPath('kconfig', 'upstream');
  const files = shared ? spread(filesUnder(shared, /^Kconfig/, 500, 128 * 1024), 12) : [];
  return [SEED_KCONFIG, ...readTexts(files)];
}

export const kconfigArbitrary: fc.Arbitrary<string> = fc
  .array(fc.oneof(fc.constantFrom(...KCONFIG_DICTIONARY), fc.stringMatching(/^[A-Z0-9_]{1,6}$/)), {
    maxLength: 80,
  })
  .map((parts) => parts.join(''));

export function mutateKconfig(text: string, rng: Rng, seeds: readonly string[]): string {
  return mutateText(text, rng, seeds, { dictionary: KCONFIG_DICTIONARY, maxLength: 256 * 1024 });
}

export const CONFIG_DICTIONARY = [
  'CONFIG_',
  'CONFIG_ARM_SCMI=',
  'CONFIG_NR_CHANNELS=',
  'CONFIG_SHM_BASE=0x',
  'CONFIG_NAME="',
  'CONFIG_SCMI_MBOX=y\n',
  '# CONFIG_OPTEE is not set\n',
  '# CONFIG_',
  ' is not set',
  '=y\n',
  '=m\n',
  '=n\n',
  '="a\\"b"\n',
  '=0x\n',
  '=-\n',
  '=99999999999999999999\n',
  '\n',
  '\r\n',
  '#',
  '"',
  '\\',
  '=',
  ' ',
  'CONFIG_MODULES=n\n',
  'CONFIG_COMPILE_TEST=y\n',
];

export const SEED_CONFIG = `CONFIG_MODULES=y
CONFIG_ARM_SCMI=m
CONFIG_ARM_SCMI_POWER=y
CONFIG_SCMI_MBOX=y
# CONFIG_SCMI_SMC is not set
CONFIG_NR_CHANNELS=17
CONFIG_SHM_BASE=0x10f000
CONFIG_NAME="a\\"b"
# CONFIG_OPTEE is not set
CONFIG_UNKNOWN=y
garbage
`;

export function configSeeds(): string[] {
  const frag = sharedPath('kconfig', 'lab', 'frag');
  return [SEED_CONFIG, ...readTexts(frag ? filesUnder(frag, /\.config$/, 12) : [])];
}
