// Where the circular replay buffer writes next, and how full it is.

import { Gauge, percentOf } from './gauge';

export function BufferPosition({ capacity, size, nextIndex }: { capacity: number; size: number; nextIndex: number }) {
  return (
    <Gauge
      className="buffer-position"
      label="Replay buffer fill"
      max={capacity}
      value={size}
      valueText={`${size} of ${capacity} slots filled; next write at slot ${nextIndex}`}
      marks={
        <>
          <div className="gauge-used" style={{ width: `${percentOf(size, capacity)}%` }} />
          <div className="gauge-cursor" style={{ left: `${percentOf(nextIndex, capacity)}%` }} />
        </>
      }
      caption={`${size.toLocaleString('en-US')} of ${capacity.toLocaleString('en-US')} slots · next write at slot ${nextIndex.toLocaleString('en-US')}`}
    />
  );
}
