import { isStringCheck } from '../kinds.js';

export const labelIsString = isStringCheck({
  id: 'type/label-is-string',
  dtcName: 'label_is_string',
  severity: 'warning',
  property: 'label',
  summary: '`label` that is not a single string.',
  examples: {
    valid: '/dts-v1/;\n/ { n { label = "led"; }; };\n',
    invalid: '/dts-v1/;\n/ { n { label = <1>; }; };\n',
  },
});
