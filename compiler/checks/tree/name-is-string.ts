import { isStringCheck } from '../kinds.js';

export const nameIsString = isStringCheck({
  id: 'tree/name-is-string',
  dtcName: 'name_is_string',
  severity: 'error',
  property: 'name',
  summary: 'A `name` property that is not a single string.',
  examples: {
    valid: '/dts-v1/;\n/ { node { name = "node"; }; };\n',
    invalid: '/dts-v1/;\n/ { node { name = <1>; }; };\n',
  },
});
