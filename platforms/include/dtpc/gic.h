/*
 * GIC interrupt specifier constants used by dtpc's bundled platforms.
 * Values follow the Arm GIC device-tree binding: first cell 0 = SPI, 1 = PPI;
 * third cell is the trigger type (IRQ_TYPE_*).
 */
#ifndef DTPC_GIC_H
#define DTPC_GIC_H

#define GIC_SPI 0
#define GIC_PPI 1

#define IRQ_TYPE_NONE		0
#define IRQ_TYPE_EDGE_RISING	1
#define IRQ_TYPE_EDGE_FALLING	2
#define IRQ_TYPE_LEVEL_HIGH	4
#define IRQ_TYPE_LEVEL_LOW	8

/* GICv2 PPI CPU mask: bits 8..15 of the third cell. */
#define GIC_CPU_MASK_SIMPLE(num)	((1 << (8 + (num))) - (1 << 8))

#endif
