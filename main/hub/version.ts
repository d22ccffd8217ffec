// The hub's version, from package.json (inlined by bundlers, read natively by Node).
import pkg from '../../package.json' with { type: 'json' };

export const VERSION: string = pkg.version;
