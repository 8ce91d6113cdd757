/** Boards an output cannot stand in for: an `emit/…` error with the reason, and no file. */
import { describe, expect, it } from 'vitest';
import { renderOutputs } from '../../templates/emit.js';
import { inputsFor } from './support.js';

const board = (cpus: string, gic: string, memory = true) => `/dts-v1/;
/ {
	model = "unrepresentable";
	#address-cells = <1>;
	#size-cells = <1>;
	interrupt-parent = <&ic>;
	cpus {
		#address-cells = <1>;
		#size-cells = <0>;
${cpus}
	};
${memory ? '\tmemory@40000000 { device_type = "memory"; reg = <0x40000000 0x1000000>; };' : ''}
	ic: interrupt-controller@8000000 {
		compatible = "${gic}";
		#interrupt-cells = <3>;
		interrupt-controller;
		reg = <0x8000000 0x10000>, <0x8010000 0x10000>;
	};
};
`;
const cpu = (i: number, compatible = 'arm,cortex-a53') =>
  `\t\tcpu@${i} { device_type = "cpu"; compatible = "${compatible}"; reg = <${i}>; };`;

async function qemu(text: string) {
  return renderOutputs(['qemu'], inputsFor('board.dts', text));
}

describe('qemu: boards virt cannot represent', () => {
  it('a GICv2 with more than 8 CPUs', async () => {
    const cpus = Array.from({ length: 9 }, (_, i) => cpu(i)).join('\n');
    const r = await qemu(board(cpus, 'arm,cortex-a15-gic'));
    expect(r.files).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.nodePath])).toEqual([
      ['emit/qemu-unrepresentable', '/interrupt-controller@8000000'],
    ]);
    expect(r.diagnostics[0]!.span?.line).toBeGreaterThan(0);
  });

  it('no GIC', async () => {
    const r = await qemu(board(cpu(0), 'vendor,other-intc'));
    expect(r.files).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['emit/qemu-unrepresentable']);
  });

  it('a CPU that is not an Arm core', async () => {
    const r = await qemu(board(cpu(0, 'sifive,u74'), 'arm,gic-v3'));
    expect(r.files).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.nodePath])).toEqual([
      ['emit/qemu-unrepresentable', '/cpus/cpu@0'],
    ]);
  });

  it('no memory size (left to the bootloader) is approximated with 1 GiB', async () => {
    const r = await qemu(board(cpu(0), 'arm,gic-v3', false));
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.nodePath])).toEqual([
      ['emit/qemu-approximation', 'warning', '/'],
    ]);
    expect(r.files[0]?.content).toMatch(/-m '?1G|-m '?1024/);
  });

  it('an Arm core QEMU has no model for is approximated with -cpu max', async () => {
    const r = await qemu(board(cpu(0, 'arm,cortex-x1'), 'arm,gic-v3'));
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['emit/qemu-approximation', 'warning']]);
    expect(r.files[0]?.content).toContain("-cpu 'max'");
  });
});
