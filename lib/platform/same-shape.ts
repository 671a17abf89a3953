// Compile-time only: the web platform must export exactly what the Node one does, with compatible types.
import type * as NodePlatform from './node';
import type * as WebPlatform from './web';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type PlatformsMatch = Same<keyof typeof NodePlatform, keyof typeof WebPlatform>;
export const platformsMatch: PlatformsMatch = true;
