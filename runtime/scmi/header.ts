/**
 * The 32-bit SCMI message header (Linux `common.h` `MSG_*_MASK`): message id [7:0], type [9:8],
 * protocol id [17:10], token [27:18]; bits [31:28] are reserved and kept as received.
 */

export type MessageType = 'command' | 'reserved' | 'delayed-response' | 'notification';

const TYPES: readonly MessageType[] = ['command', 'reserved', 'delayed-response', 'notification'];

export interface MessageHeader {
  messageId: number;
  type: MessageType;
  protocolId: number;
  token: number;
}

/** Tokens are 10 bits wide (`MSG_TOKEN_MAX` 1024). */
export const TOKEN_MAX = 1024;

export function encodeHeader(h: MessageHeader): number {
  return (
    ((h.messageId & 0xff) |
      ((TYPES.indexOf(h.type) & 0x3) << 8) |
      ((h.protocolId & 0xff) << 10) |
      ((h.token & 0x3ff) << 18)) >>>
    0
  );
}

export function decodeHeader(raw: number): MessageHeader {
  const r = raw >>> 0;
  return {
    messageId: r & 0xff,
    type: TYPES[(r >>> 8) & 0x3]!,
    protocolId: (r >>> 10) & 0xff,
    token: (r >>> 18) & 0x3ff,
  };
}

export function headerToken(raw: number): number {
  return (raw >>> 18) & 0x3ff;
}

export function commandHeader(protocolId: number, messageId: number, token = 0): number {
  return encodeHeader({ protocolId, messageId, token, type: 'command' });
}
