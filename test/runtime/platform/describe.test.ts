import { describe, expect, it } from 'vitest';
import { platformDescriptionSchema } from '../../../runtime/platform/description.js';
import { preparePlatform } from '../../../runtime/platform/prepare.js';
import { platformTree } from './support.js';

describe('describePlatform', () => {
  it('describes virt-optee', () => {
    const p = preparePlatform(platformTree('virt-optee'));
    console.log(JSON.stringify(p.description, null, 1));
    console.log(JSON.stringify(p.profile, null, 1));
    console.log(p.diagnostics);
    expect(platformDescriptionSchema.safeParse(p.description).success).toBe(true);
  });
});
