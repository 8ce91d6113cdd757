import { isStringCheck } from '../kinds.js';

export const statusIsString = isStringCheck({
  id: 'type/status-is-string',
  dtcName: 'status_is_string',
  severity: 'warning',
  property: 'status',
  summary: '`status` that is not a single string.',
  examples: {
    valid: '/dts-v1/;\n/ { n { status = "okay"; }; };\n',
    invalid: '/dts-v1/;\n/ { n { status = <0>; }; };\n',
  },
});
