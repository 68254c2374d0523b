// Disk usage of the state directory's file system, with the reserve every save leaves free.

import { formatBytes } from '../../lib/format';

interface DiskGaugeProps {
  totalBytes: number;
  freeBytes: number;
  reserveBytes: number;
}

export function DiskGauge({ totalBytes, freeBytes, reserveBytes }: DiskGaugeProps) {
  const used = Math.max(0, totalBytes - freeBytes);
  const percent = (value: number) => (totalBytes > 0 ? (100 * value) / totalBytes : 0);
  const reserve = Math.min(reserveBytes, freeBytes);
  const belowReserve = freeBytes < reserveBytes;
  return (
    <figure className="disk-gauge">
      <div
        className="gauge-track"
        role="meter"
        aria-label="Disk used"
        aria-valuemin={0}
        aria-valuemax={totalBytes}
        aria-valuenow={used}
        aria-valuetext={`${formatBytes(used)} used of ${formatBytes(totalBytes)}, ${formatBytes(freeBytes)} free`}
      >
        <div className="gauge-used" style={{ width: `${percent(used)}%` }} />
        <div className={belowReserve ? 'gauge-reserve gauge-reserve-breached' : 'gauge-reserve'} style={{ width: `${percent(reserve)}%` }} />
      </div>
      <figcaption>
        {formatBytes(used)} used · {formatBytes(freeBytes)} free of {formatBytes(totalBytes)} · reserve {formatBytes(reserveBytes)}
        {belowReserve ? <strong className="text-error"> — free space is below the reserve</strong> : null}
      </figcaption>
    </figure>
  );
}
