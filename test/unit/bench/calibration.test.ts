import { describe, expect, it } from 'vitest';
import {
  calibrate,
  describeCalibration,
  loadedFactor,
  quietCalibrationMs,
} from '../../../bench/calibration';

describe('the calibration figure at the top of a bench run', () => {
  it('times the fixed workload', () => {
    const ms = calibrate(1);
    expect(ms).toBeGreaterThan(0);
    expect(describeCalibration(ms).line).toContain(`${ms} ms`);
  });

  it('warns when the machine is far slower than quiet, and only then', () => {
    const loaded = describeCalibration(quietCalibrationMs * loadedFactor);
    expect(loaded.loaded).toBe(true);
    expect(loaded.line).toMatch(/WARNING: the machine is 1\.5x slower than quiet/);
    const quiet = describeCalibration(quietCalibrationMs * 1.2);
    expect(quiet.loaded).toBe(false);
    expect(quiet.line).not.toContain('WARNING');
  });
});
