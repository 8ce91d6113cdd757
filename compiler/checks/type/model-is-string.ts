import { isStringCheck } from '../kinds.js';

export const modelIsString = isStringCheck({
  id: 'type/model-is-string',
  dtcName: 'model_is_string',
  severity: 'warning',
  property: 'model',
  summary: '`model` that is not a single string.',
  examples: {
    valid: '/dts-v1/;\n/ { model = "board"; };\n',
    invalid: '/dts-v1/;\n/ { model = "a", "b"; };\n',
  },
});
