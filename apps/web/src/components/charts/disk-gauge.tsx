// Disk usage of the state directory's file system, with the reserve every save leaves free.

import { formatBytes } from '../../lib/format';
import { Gauge, percentOf } from './gauge';

interface DiskGaugeProps {
  totalBytes: number;
  freeBytes: number;
  reserveBytes: number;
}

export function DiskGauge({ totalBytes, freeBytes, reserveBytes }: DiskGaugeProps) {
  const used = Math.max(0, totalBytes - freeBytes);
  const reserve = Math.min(reserveBytes, freeBytes);
  const belowReserve = freeBytes < reserveBytes;
  return (
    <Gauge
      className="disk-gauge"
      label="Disk used"
      max={totalBytes}
      value={used}
      valueText={`${formatBytes(used)} used of ${formatBytes(totalBytes)}, ${formatBytes(freeBytes)} free`}
      marks={
        <>
          <div className="gauge-used" style={{ width: `${percentOf(used, totalBytes)}%` }} />
          <div className={belowReserve ? 'gauge-reserve gauge-reserve-breached' : 'gauge-reserve'} style={{ width: `${percentOf(reserve, totalBytes)}%` }} />
        </>
      }
      caption={
        <>
          {formatBytes(used)} used · {formatBytes(freeBytes)} free of {formatBytes(totalBytes)} · reserve {formatBytes(reserveBytes)}
          {belowReserve ? <strong className="text-error"> — free space is below the reserve</strong> : null}
        </>
      }
    />
  );
}
