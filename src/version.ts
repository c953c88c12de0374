/** Kept equal to package.json's version by a test; the bundle then needs no JSON import. */
export const version = "0.1.0"
