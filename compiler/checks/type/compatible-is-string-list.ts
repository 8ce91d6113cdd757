import { isStringListCheck } from '../kinds.js';

export const compatibleIsStringList = isStringListCheck({
  id: 'type/compatible-is-string-list',
  dtcName: 'compatible_is_string_list',
  severity: 'warning',
  property: 'compatible',
  summary: '`compatible` that is not a list of NUL-terminated strings.',
  examples: {
    valid: '/dts-v1/;\n/ { compatible = "a,b", "c"; };\n',
    invalid: '/dts-v1/;\n/ { compatible = <1>; };\n',
  },
});
