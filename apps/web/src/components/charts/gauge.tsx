// A horizontal gauge: a track exposed as an ARIA meter (0 to max), its marks placed in percent of
// the whole, and a caption that says the figures in words for those who do not read the bar.

import type { ReactNode } from 'react';

export function percentOf(value: number, whole: number): number {
  return whole > 0 ? (100 * value) / whole : 0;
}

interface GaugeProps {
  className: string;
  /** The meter's accessible name. */
  label: string;
  max: number;
  value: number;
  valueText: string;
  /** What is drawn on the track (fill, reserve, cursor), positioned with percentOf. */
  marks: ReactNode;
  caption: ReactNode;
}

export function Gauge({ className, label, max, value, valueText, marks, caption }: GaugeProps) {
  return (
    <figure className={className}>
      <div className="gauge-track" role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={max} aria-valuenow={value} aria-valuetext={valueText}>
        {marks}
      </div>
      <figcaption>{caption}</figcaption>
    </figure>
  );
}
