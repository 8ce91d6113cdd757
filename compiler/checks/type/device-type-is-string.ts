import { isStringCheck } from '../kinds.js';

export const deviceTypeIsString = isStringCheck({
  id: 'type/device-type-is-string',
  dtcName: 'device_type_is_string',
  severity: 'warning',
  property: 'device_type',
  summary: '`device_type` that is not a single string.',
  examples: {
    valid: '/dts-v1/;\n/ { n { device_type = "cpu"; }; };\n',
    invalid: '/dts-v1/;\n/ { n { device_type = <1>; }; };\n',
  },
});
