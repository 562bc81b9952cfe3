/** The size an image is sent at: scaled down (never up) until both its long and short side fit. */
export interface Size {
  width: number;
  height: number;
}

export function fitWithin(size: Size, longSide: number, shortSide: number): Size {
  const long = Math.max(size.width, size.height);
  const short = Math.min(size.width, size.height);
  const scale = Math.min(1, longSide / long, shortSide / short);
  if (scale === 1) return { width: size.width, height: size.height };
  // Floor, not round: a rounded side could land one pixel over the limit.
  return {
    width: Math.max(1, Math.floor(size.width * scale)),
    height: Math.max(1, Math.floor(size.height * scale)),
  };
}
