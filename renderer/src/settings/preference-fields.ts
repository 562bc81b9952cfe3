/** Parsing what the preference inputs hold into the values the contract accepts (pure, tested). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export function parseIntegerIn(
  text: string,
  min: number,
  max: number,
  what: string,
): Parsed<number> {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(value))
    return { ok: false, message: `${what} must be a whole number.` };
  if (value < min || value > max)
    return { ok: false, message: `${what} must be between ${min} and ${max}.` };
  return { ok: true, value };
}

export function parseTemperature(text: string): Parsed<number> {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 2) {
    return { ok: false, message: 'Temperature must be a number from 0 to 2.' };
  }
  // The slider steps by 0.1; typed values keep two decimals at most.
  return { ok: true, value: Math.round(value * 100) / 100 };
}
